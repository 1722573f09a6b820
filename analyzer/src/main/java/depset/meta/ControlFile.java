package depset.meta;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parser for Debian's control-file syntax (deb822): paragraphs separated by blank lines, fields
 * {@code Name: value}, continuation lines starting with a space or tab. Used for dpkg's {@code status}
 * and for machine-readable {@code copyright} files. No Java library reads it, and it is small.
 */
public final class ControlFile {
    private ControlFile() {
    }

    /**
     * The paragraphs of {@code text}, each a map from field name (case-insensitive, as deb822 says) to
     * its value: the first line, then each continuation line without its leading blank, joined by newlines.
     * Lines starting with {@code #} are comments. A line that is neither a field nor a continuation (a
     * stray line in a hand-edited file) is skipped, so one bad line does not hide a whole database.
     */
    public static List<Map<String, String>> parse(String text) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> current = null;
        String field = null;
        for (String line : text.split("\n", -1)) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank()) {
                if (current != null) {
                    out.add(Collections.unmodifiableMap(current));
                }
                current = null;
                field = null;
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (current != null && field != null) {
                    current.merge(field, "\n" + line.substring(1), String::concat);
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            if (current == null) {
                current = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            }
            field = line.substring(0, colon).trim();
            current.put(field, line.substring(colon + 1).trim());
        }
        if (current != null) {
            out.add(Collections.unmodifiableMap(current));
        }
        return out;
    }
}
