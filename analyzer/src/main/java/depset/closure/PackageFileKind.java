package depset.closure;

import java.util.Locale;
import java.util.Set;

/**
 * What a file of a package is for, told from its path, so that {@code packages} can complete only
 * some of each package: its libraries, its modules, its configuration, its data, its programs.
 * Documentation (manual pages, {@code /usr/share/doc}) is a kind of its own that no set needs.
 */
public enum PackageFileKind {
    /** Under {@code /etc}. */
    CONFIGURATION,
    /** Plugins and interpreter modules: PHP extensions, Apache modules, Perl/Python/Ruby modules, gconv. */
    MODULES,
    /** Shared objects ({@code *.so}, {@code *.so.N}) that are not modules. */
    LIBRARIES,
    /** Under {@code bin}, {@code sbin} or {@code libexec}. */
    PROGRAMS,
    /** Manual pages, info pages, {@code /usr/share/doc} (the licences come with {@code --licenses}). */
    DOCS,
    /** Everything else: {@code /usr/share}, {@code /var/lib}, … */
    DATA;

    /** Every kind but {@link #DOCS}: what {@code packages} completes by default. */
    public static final Set<PackageFileKind> DEFAULT = Set.of(CONFIGURATION, MODULES, LIBRARIES, PROGRAMS, DATA);

    /** Directory names that hold loadable modules, wherever they are below /usr. */
    private static final Set<String> MODULE_DIRS = Set.of("modules", "plugins", "php", "perl5", "perl", "python3",
            "dist-packages", "site-packages", "gconv", "ruby", "lua", "gems", "sasl2", "engines-3", "ossl-modules");

    /** The kind of {@code path}. */
    public static PackageFileKind of(String path) {
        if (path.equals("/etc") || path.startsWith("/etc/")) {
            return CONFIGURATION;
        }
        if (path.startsWith("/usr/share/doc/") || path.startsWith("/usr/share/man/")
                || path.startsWith("/usr/share/info/") || path.startsWith("/usr/share/lintian/")
                || path.equals("/usr/share/doc") || path.equals("/usr/share/man") || path.equals("/usr/share/info")) {
            return DOCS;
        }
        String[] parts = path.split("/");
        if (path.startsWith("/usr/")) {
            for (int i = 2; i < parts.length - 1; i++) {
                String dir = parts[i];
                if (MODULE_DIRS.contains(dir) || dir.startsWith("python3.") || dir.startsWith("perl-base")) {
                    return MODULES;
                }
            }
        }
        String name = parts.length == 0 ? "" : parts[parts.length - 1];
        if (name.endsWith(".so") || name.contains(".so.")) {
            return LIBRARIES;
        }
        for (int i = 1; i < parts.length - 1; i++) {
            if (parts[i].equals("bin") || parts[i].equals("sbin") || parts[i].equals("libexec")) {
                return PROGRAMS;
            }
        }
        return DATA;
    }

    /** The name users type ("libraries"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a user's name of a kind.
     *
     * @throws IllegalArgumentException naming the known kinds
     */
    public static PackageFileKind parse(String label) {
        for (PackageFileKind k : values()) {
            if (k.label().equals(label.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind of package file \"" + label.trim() + "\"; known: "
                + "configuration, modules, libraries, programs, docs, data");
    }
}
