package depset.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a package's {@code /usr/share/doc/PKG/copyright} says about licenses.
 *
 * @param path            the file's path in the root (after following the doc directory's symlinks),
 *                        or null when the package has none
 * @param machineReadable true for a DEP-5 file (its first paragraph has a {@code Format:} naming
 *                        copyright-format)
 * @param licenses        the distinct short names of its {@code License:} fields, in order of first
 *                        appearance ("GPL-3+", "GPL-3+ and BSD-4-clause-UC"); empty when not machine-readable
 */
public record CopyrightFile(String path, boolean machineReadable, List<String> licenses) {
    /** What the table shows for a file that is not DEP-5. */
    public static final String NOT_MACHINE_READABLE = "not machine-readable";
    /** What the table shows for a package without a copyright file. */
    public static final String MISSING = "no copyright file";

    public CopyrightFile {
        licenses = List.copyOf(licenses);
    }

    /** Parses a copyright file's text. */
    public static CopyrightFile parse(String path, String text) {
        List<Map<String, String>> paragraphs = ControlFile.parse(text);
        boolean dep5 = !paragraphs.isEmpty() && paragraphs.get(0).getOrDefault("Format", "").contains("copyright-format");
        if (!dep5) {
            return new CopyrightFile(path, false, List.of());
        }
        List<String> names = new ArrayList<>();
        for (Map<String, String> p : paragraphs) {
            String license = p.get("License");
            if (license == null) {
                continue;
            }
            int nl = license.indexOf('\n');
            String shortName = (nl < 0 ? license : license.substring(0, nl)).trim();
            if (!shortName.isEmpty() && !names.contains(shortName)) {
                names.add(shortName);
            }
        }
        return new CopyrightFile(path, true, names);
    }

    /** The copyright file of package {@code pkg} in {@code root}, read through the root's own symlinks. */
    public static CopyrightFile of(SourceRoot root, String pkg) {
        String real = root.follow("/usr/share/doc/" + pkg + "/copyright");
        String text = real == null ? null : root.readString(real);
        if (text == null) {
            return new CopyrightFile(null, false, List.of());
        }
        return parse(real, text);
    }

    /** The licenses as one cell of a table. */
    public String summary() {
        if (path == null) {
            return MISSING;
        }
        if (!machineReadable) {
            return NOT_MACHINE_READABLE;
        }
        return licenses.isEmpty() ? "(no License: field)" : String.join(", ", licenses);
    }
}
