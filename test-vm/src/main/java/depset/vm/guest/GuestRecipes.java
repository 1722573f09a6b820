package depset.vm.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The guests depset ships: {@code ls} (Debian minbase) and {@code lamp} (+ Apache, mod_php, MariaDB), each
 * from Debian 12 (bookworm, the default) or 13 ({@code NAME@trixie}); and one guest per further service of
 * the evaluation, from Debian 12: {@code nginx}, {@code postgres}, {@code redis}, {@code python}, {@code tls},
 * {@code locale}.
 */
public final class GuestRecipes {
    /** The Debian suite a shipped guest is built from unless its name says another ({@code lamp@trixie}). */
    public static final String SUITE = "bookworm";
    /** The Debian suites a shipped guest can be built from. */
    public static final List<String> SUITES = List.of("bookworm", "trixie");
    /** The row the LAMP page must show; written into MariaDB when the guest is built. */
    public static final String LAMP_ROW = "depset-lamp-row-42";
    /** The row the PostgreSQL guest's table holds; written when the guest is built. */
    public static final String POSTGRES_ROW = "depset-postgres-row-17";

    /** The guests built from one release only: their recipes name a release's paths (PostgreSQL 15's). */
    private static final Map<String, Supplier<GuestRecipe>> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("nginx", GuestRecipes::nginx);
        SERVICES.put("postgres", GuestRecipes::postgres);
        SERVICES.put("redis", GuestRecipes::redis);
        SERVICES.put("python", GuestRecipes::python);
        SERVICES.put("tls", GuestRecipes::tls);
        SERVICES.put("locale", GuestRecipes::locale);
    }

    private GuestRecipes() {
    }

    /** The names of the shipped guests. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(List.of("ls", "lamp", "ls@trixie", "lamp@trixie"));
        names.addAll(SERVICES.keySet());
        return List.copyOf(names);
    }

    /**
     * The recipe called {@code name}, if depset ships one: {@code ls}, {@code lamp}, or either with
     * {@code @SUITE} (one of {@link #SUITES}) for another Debian release; or a service's guest (Debian 12 only).
     */
    public static Optional<GuestRecipe> byName(String name) {
        int at = name.indexOf('@');
        String base = at < 0 ? name : name.substring(0, at);
        String suite = at < 0 ? SUITE : name.substring(at + 1);
        if (SERVICES.containsKey(base)) {
            return suite.equals(SUITE) ? Optional.of(SERVICES.get(base).get()) : Optional.empty();
        }
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

    /**
     * minbase + nginx: a static site (a page, and a text file it gzips) on port 80 whose {@code /api/} is
     * proxied to a second server on 127.0.0.1:8081 serving files of its own.
     */
    public static GuestRecipe nginx() {
        return new GuestRecipe("nginx", SUITE, "minbase", List.of("nginx"), Map.of(
                "/etc/nginx/sites-available/default", resource("nginx/default"),
                "/srv/depset/www/index.html", resource("nginx/index.html"),
                "/srv/depset/www/notes.txt", resource("nginx/notes.txt"),
                "/srv/depset/api/status.json", resource("nginx/status.json")), Optional.empty());
    }

    /**
     * minbase + PostgreSQL 15 (the cluster Debian's postinst makes, with SSL on by its snakeoil certificate);
     * a UTF-8 database with one row, owned by a user that logs in over TCP with a password.
     */
    public static GuestRecipe postgres() {
        return new GuestRecipe("postgres", SUITE, "minbase", List.of("postgresql"), Map.of(),
                Optional.of(resource("postgres/setup.sh").replace("@ROW@", POSTGRES_ROW)));
    }

    /** minbase + Redis (server and redis-cli; Debian builds it on the system's Lua and jemalloc). */
    public static GuestRecipe redis() {
        return new GuestRecipe("redis", SUITE, "minbase", List.of("redis-server"), Map.of(), Optional.empty());
    }

    /**
     * minbase + Python 3 with two native extension modules: PyYAML's over libyaml and lxml's over libxml2 and
     * libxslt; a program that reads YAML with the C loader and transforms XML with XSLT.
     */
    public static GuestRecipe python() {
        return new GuestRecipe("python", SUITE, "minbase", List.of("python3-yaml", "python3-lxml"), Map.of(
                "/opt/depset/report.py", resource("python/report.py"),
                "/opt/depset/services.yaml", resource("python/services.yaml"),
                "/opt/depset/table.xsl", resource("python/table.xsl")), Optional.empty());
    }

    /**
     * minbase + OpenSSL and the CA store: a certificate authority made at build time and trusted
     * system-wide, a server certificate for {@code depset.test} and 127.0.0.1 it signed, and a page.
     */
    public static GuestRecipe tls() {
        return new GuestRecipe("tls", SUITE, "minbase", List.of("openssl", "ca-certificates"), Map.of(
                "/srv/depset/index.txt", resource("tls/index.txt")), Optional.of(resource("tls/setup.sh")));
    }

    /**
     * minbase + glibc's locales with de_DE.UTF-8 and tr_TR.UTF-8 compiled, and a user and group of its own
     * owning a file with a German name.
     */
    public static GuestRecipe locale() {
        return new GuestRecipe("locale", SUITE, "minbase", List.of("locales"), Map.of(),
                Optional.of(resource("locale/setup.sh")));
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
