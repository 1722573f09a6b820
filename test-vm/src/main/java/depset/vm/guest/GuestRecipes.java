package depset.vm.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The guests depset ships: {@code ls} (Debian minbase) and {@code lamp} (+ Apache, mod_php, MariaDB). */
public final class GuestRecipes {
    /** The Debian suite every shipped guest is built from. */
    public static final String SUITE = "bookworm";
    /** The row the LAMP page must show; written into MariaDB when the guest is built. */
    public static final String LAMP_ROW = "depset-lamp-row-42";

    private GuestRecipes() {
    }

    /** The names of the shipped guests. */
    public static List<String> names() {
        return List.of("ls", "lamp");
    }

    /** The recipe called {@code name}, if depset ships one. */
    public static Optional<GuestRecipe> byName(String name) {
        if (name.equals("ls")) {
            return Optional.of(ls());
        }
        if (name.equals("lamp")) {
            return Optional.of(lamp());
        }
        return Optional.empty();
    }

    /** Debian's minimal base system, nothing added: the seed's {@code ls} guest. */
    public static GuestRecipe ls() {
        return new GuestRecipe("ls", SUITE, "minbase", List.of(), Map.of(), Optional.empty());
    }

    /**
     * minbase + Apache with mod_php, PHP's MySQL driver, MariaDB, and the network tools the seed's
     * sequence types ({@code ifconfig}); a page that reads one row of a table made at build time.
     */
    public static GuestRecipe lamp() {
        return new GuestRecipe("lamp", SUITE, "minbase",
                List.of("apache2", "libapache2-mod-php", "php-mysql", "mariadb-server", "net-tools", "iproute2"),
                Map.of("/var/www/html/row.php", resource("lamp/row.php")),
                Optional.of(resource("lamp/setup.sh").replace("@ROW@", LAMP_ROW)));
    }

    private static String resource(String name) {
        try (InputStream in = GuestRecipes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource depset/vm/guest/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
