package depset.vm.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guests depset ships: {@code ls} (Debian minbase) and {@code lamp} (+ Apache, mod_php, MariaDB),
 * each from Debian 12 (bookworm, the default) or 13 ({@code NAME@trixie}).
 */
public final class GuestRecipes {
    /** The Debian suite a shipped guest is built from unless its name says another ({@code lamp@trixie}). */
    public static final String SUITE = "bookworm";
    /** The Debian suites a shipped guest can be built from. */
    public static final List<String> SUITES = List.of("bookworm", "trixie");
    /** The row the LAMP page must show; written into MariaDB when the guest is built. */
    public static final String LAMP_ROW = "depset-lamp-row-42";

    private GuestRecipes() {
    }

    /** The names of the shipped guests. */
    public static List<String> names() {
        return List.of("ls", "lamp", "ls@trixie", "lamp@trixie");
    }

    /**
     * The recipe called {@code name}, if depset ships one: {@code ls}, {@code lamp}, or either with
     * {@code @SUITE} (one of {@link #SUITES}) for another Debian release.
     */
    public static Optional<GuestRecipe> byName(String name) {
        int at = name.indexOf('@');
        String base = at < 0 ? name : name.substring(0, at);
        String suite = at < 0 ? SUITE : name.substring(at + 1);
        if (!SUITES.contains(suite)) {
            return Optional.empty();
        }
        Optional<GuestRecipe> r = base.equals("ls") ? Optional.of(ls()) : base.equals("lamp") ? Optional.of(lamp())
                : Optional.empty();
        return r.map(g -> new GuestRecipe(g.name(), suite, g.variant(), g.packages(), g.files(), g.setup()));
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
