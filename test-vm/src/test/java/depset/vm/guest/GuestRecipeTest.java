package depset.vm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class GuestRecipeTest {

    @Test
    void theHashFollowsEveryPartOfTheRecipe() {
        GuestRecipe base = new GuestRecipe("g", "bookworm", "minbase", List.of("a"), Map.of("/x", "1"), Optional.of("s"));
        String h = base.contentHash();
        assertThat(new GuestRecipe("g", "bookworm", "minbase", List.of("a"), Map.of("/x", "1"), Optional.of("s"))
                .contentHash()).isEqualTo(h);
        assertThat(List.of(
                new GuestRecipe("g", "trixie", "minbase", List.of("a"), Map.of("/x", "1"), Optional.of("s")),
                new GuestRecipe("g", "bookworm", "buildd", List.of("a"), Map.of("/x", "1"), Optional.of("s")),
                new GuestRecipe("g", "bookworm", "minbase", List.of("a", "b"), Map.of("/x", "1"), Optional.of("s")),
                new GuestRecipe("g", "bookworm", "minbase", List.of("a"), Map.of("/x", "2"), Optional.of("s")),
                new GuestRecipe("g", "bookworm", "minbase", List.of("a"), Map.of("/y", "1"), Optional.of("s")),
                new GuestRecipe("g", "bookworm", "minbase", List.of("a"), Map.of("/x", "1"), Optional.empty()),
                new GuestRecipe("h", "bookworm", "minbase", List.of("a"), Map.of("/x", "1"), Optional.of("s"))))
                .extracting(GuestRecipe::contentHash).doesNotContain(h).doesNotHaveDuplicates();
        assertThat(base.cacheKey()).matches("g-[0-9a-f]{12}");
    }

    @Test
    void theLampRecipeCarriesThePageAndTheRow() {
        GuestRecipe lamp = GuestRecipes.lamp();
        assertThat(lamp.packages()).contains("apache2", "libapache2-mod-php", "php-mysql", "mariadb-server",
                "net-tools", "iproute2");
        assertThat(lamp.files()).containsKey("/var/www/html/row.php");
        // The page must not contain the row itself: only MariaDB does.
        assertThat(lamp.files().get("/var/www/html/row.php")).doesNotContain(GuestRecipes.LAMP_ROW);
        assertThat(lamp.setup()).hasValueSatisfying(s -> assertThat(s).contains(GuestRecipes.LAMP_ROW));
        assertThat(GuestRecipes.ls().packages()).isEmpty();
    }
}
