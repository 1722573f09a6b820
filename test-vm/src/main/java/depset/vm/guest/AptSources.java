package depset.vm.guest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Debian mirrors named by the machine's apt sources: {@code /etc/apt/sources.list} (one-line
 * format) and {@code /etc/apt/sources.list.d/*.list} and {@code *.sources} (deb822 format).
 */
public final class AptSources {
    /** Debian's release names (a mirror serving one of them serves them all). */
    static final List<String> DEBIAN_RELEASES = List.of("bullseye", "bookworm", "trixie", "forky", "sid",
            "oldstable", "stable", "testing", "unstable");

    /** One {@code deb} source: a mirror and the suites it serves. */
    public record Source(String uri, List<String> suites) {
        public Source {
            suites = List.copyOf(suites);
        }
    }

    private AptSources() {
    }

    /** Every enabled {@code deb} source under {@code etcApt} (normally {@code /etc/apt}), in apt's order. */
    public static List<Source> read(Path etcApt) throws IOException {
        List<Source> sources = new ArrayList<>();
        Path list = etcApt.resolve("sources.list");
        if (Files.isRegularFile(list)) {
            sources.addAll(parseOneLine(Files.readString(list)));
        }
        Path dir = etcApt.resolve("sources.list.d");
        if (Files.isDirectory(dir)) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                ds.forEach(files::add);
            }
            files.sort(null);
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (n.endsWith(".list")) {
                    sources.addAll(parseOneLine(Files.readString(f)));
                } else if (n.endsWith(".sources")) {
                    sources.addAll(parseDeb822(Files.readString(f)));
                }
            }
        }
        return sources;
    }

    /**
     * The mirror to debootstrap {@code suite} from: the first source that serves exactly that suite,
     * else the first that serves {@code suite-updates} or the like (its URI serves the base suite too),
     * else, for a Debian release, the first that serves another Debian release.
     */
    public static Optional<String> mirrorFor(List<Source> sources, String suite) {
        for (Source s : sources) {
            if (s.suites().contains(suite)) {
                return Optional.of(s.uri());
            }
        }
        for (Source s : sources) {
            for (String su : s.suites()) {
                if (su.startsWith(suite + "-") && !su.endsWith("-security")) {
                    return Optional.of(s.uri());
                }
            }
        }
        // A Debian mirror serves every release: one listed for bookworm serves trixie too.
        if (DEBIAN_RELEASES.contains(suite)) {
            for (Source s : sources) {
                if (s.suites().stream().anyMatch(DEBIAN_RELEASES::contains)) {
                    return Optional.of(s.uri());
                }
            }
        }
        return Optional.empty();
    }

    /** {@code deb [options] URI suite [component...]} lines. */
    static List<Source> parseOneLine(String text) {
        List<Source> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.replaceFirst("#.*", "").strip();
            if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
                continue;
            }
            String rest = line.substring(3).strip();
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    continue;
                }
                rest = rest.substring(close + 1).strip();
            }
            String[] parts = rest.split("\\s+");
            if (parts.length >= 2) {
                out.add(new Source(trimSlash(parts[0]), List.of(parts[1])));
            }
        }
        return out;
    }

    /** deb822 stanzas: {@code Types:}, {@code URIs:}, {@code Suites:}, {@code Enabled:}. */
    static List<Source> parseDeb822(String text) {
        List<Source> out = new ArrayList<>();
        for (String stanza : text.split("\n\\s*\n")) {
            String types = field(stanza, "Types");
            String uris = field(stanza, "URIs");
            String suites = field(stanza, "Suites");
            String enabled = field(stanza, "Enabled");
            if (types == null || uris == null || suites == null || "no".equalsIgnoreCase(enabled)) {
                continue;
            }
            if (!List.of(types.split("\\s+")).contains("deb")) {
                continue;
            }
            List<String> suiteList = List.of(suites.split("\\s+"));
            for (String uri : uris.split("\\s+")) {
                out.add(new Source(trimSlash(uri), suiteList));
            }
        }
        return out;
    }

    /** A field's value, folded continuation lines joined; comment lines are skipped. */
    private static String field(String stanza, String name) {
        StringBuilder value = null;
        for (String line : stanza.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            if (value != null && (line.startsWith(" ") || line.startsWith("\t"))) {
                value.append(' ').append(line.strip());
                continue;
            }
            if (value != null) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                value = new StringBuilder(line.substring(colon + 1).strip());
            }
        }
        return value == null ? null : value.toString().strip();
    }

    private static String trimSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
