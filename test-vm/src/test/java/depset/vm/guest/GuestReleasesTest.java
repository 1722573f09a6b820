package depset.vm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import depset.vm.run.ShippedSequences;
import depset.vm.sequence.Sequence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Shipped guests and their sequences from a second Debian release: {@code NAME@trixie}. */
@Tag("unit")
class GuestReleasesTest {
    @Test
    void aSuiteAfterTheNameBuildsTheSameRecipeFromThatRelease() {
        GuestRecipe bookworm = GuestRecipes.byName("lamp").orElseThrow();
        GuestRecipe trixie = GuestRecipes.byName("lamp@trixie").orElseThrow();
        assertThat(bookworm.suite()).isEqualTo("bookworm");
        assertThat(GuestRecipes.byName("lamp@bookworm")).contains(bookworm);
        assertThat(trixie.suite()).isEqualTo("trixie");
        assertThat(trixie.packages()).isEqualTo(bookworm.packages());
        assertThat(trixie.contentHash()).isNotEqualTo(bookworm.contentHash());
        assertThat(GuestRecipes.byName("lamp@jessie")).isEmpty();
        assertThat(GuestRecipes.byName("nginx@trixie")).isEmpty();
    }

    @Test
    void aShippedSequenceRunsInItsGuestFromAnotherRelease() throws Exception {
        Sequence lamp = ShippedSequences.byName("lamp").orElseThrow();
        Sequence trixie = ShippedSequences.byName("lamp@trixie").orElseThrow();
        assertThat(trixie.name()).isEqualTo("lamp@trixie");
        assertThat(trixie.guestName()).contains("lamp@trixie");
        assertThat(trixie.steps()).isEqualTo(lamp.steps());
        assertThat(ShippedSequences.byName("host@trixie")).isEmpty(); // its root is no guest
        assertThat(ShippedSequences.byName("ls@potato")).isEmpty();
    }
}
