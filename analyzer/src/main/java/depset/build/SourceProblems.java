package depset.build;

import java.util.ArrayList;
import java.util.List;

/**
 * What is wrong between a manifest and its source root: entries with a path that cannot be written
 * safely, entries missing from the source, entries changed since the trace.
 */
public record SourceProblems(List<String> unsafe, List<String> missing, List<String> changed) {
    /** How many paths a message lists before "and N more". */
    public static final int SHOWN = 20;

    public SourceProblems {
        unsafe = List.copyOf(unsafe);
        missing = List.copyOf(missing);
        changed = List.copyOf(changed);
    }

    public boolean isEmpty() {
        return unsafe.isEmpty() && missing.isEmpty() && changed.isEmpty();
    }

    /** One line per kind of problem, each listing at most {@link #SHOWN} paths. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        add(out, unsafe, "cannot be written safely");
        add(out, missing, "not in the source");
        add(out, changed, "changed in the source since the trace");
        return out;
    }

    private static void add(List<String> out, List<String> paths, String what) {
        if (paths.isEmpty()) {
            return;
        }
        out.add(paths.size() + (paths.size() == 1 ? " entry " : " entries ") + what + ": " + list(paths));
    }

    /** {@code a, b, c and 7 more}, each name printable on one line. */
    public static String list(List<String> paths) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(SHOWN, paths.size());
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(depset.trace.FileNames.printable(paths.get(i)));
        }
        if (paths.size() > n) {
            sb.append(" and ").append(paths.size() - n).append(" more");
        }
        return sb.toString();
    }
}
