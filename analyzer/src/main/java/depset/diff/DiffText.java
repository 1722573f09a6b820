package depset.diff;

import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link ManifestDiff} for people: one line per entry ({@code +} added, {@code -} removed,
 * {@code ~} changed), its reasons indented below, and a closing line with counts and bytes.
 */
public final class DiffText {
    private DiffText() {
    }

    public static void print(ManifestDiff d, PrintWriter out) {
        out.println("--- " + depset.trace.FileNames.printable(d.a()));
        out.println("+++ " + depset.trace.FileNames.printable(d.b()));
        for (ManifestEntry e : d.removed()) {
            out.println("- " + describe(e));
            reasons(out, "    ", e.reasons());
        }
        for (ManifestEntry e : d.added()) {
            out.println("+ " + describe(e));
            reasons(out, "    ", e.reasons());
        }
        for (EntryChange c : d.changed()) {
            StringBuilder sb = new StringBuilder("~ ").append(depset.trace.FileNames.printable(c.path())).append("  ");
            for (int i = 0; i < c.changes().size(); i++) {
                FieldChange f = c.changes().get(i);
                sb.append(i == 0 ? "" : "; ").append(f.field()).append(' ').append(f.before()).append(" -> ")
                        .append(f.after());
            }
            out.println(sb);
            reasons(out, "    A: ", c.before().reasons());
            reasons(out, "    B: ", c.after().reasons());
        }
        out.println(summary(d));
        out.flush();
    }

    /** "3 added, 1 removed, 0 changed; +12.0 KiB, -4 B" or "equal". */
    public static String summary(ManifestDiff d) {
        if (d.isEmpty()) {
            return "equal: same paths with the same metadata";
        }
        return d.added().size() + " added, " + d.removed().size() + " removed, " + d.changed().size()
                + " changed; +" + bytes(d.bytesGained()) + ", -" + bytes(d.bytesLost());
    }

    static String describe(ManifestEntry e) {
        String type = e.type().name().toLowerCase(Locale.ROOT);
        String s = depset.trace.FileNames.printable(e.path()) + "  " + type + " " + EntryChange.octal(e.mode()) + " " + e.uid() + ":" + e.gid();
        if (e.target() != null) {
            return s + " -> " + depset.trace.FileNames.printable(e.target());
        }
        return e.type() == depset.trace.FileType.FILE ? s + " " + bytes(e.size()) : s;
    }

    /** One reason as a line: the rule, then the process and operation when there are. */
    public static String reason(Reason r) {
        StringBuilder sb = new StringBuilder(r.rule());
        if (r.pid() != 0 || r.exe() != null || r.operation() != null) {
            sb.append(" (");
            String sep = "";
            if (r.pid() != 0) {
                sb.append("pid ").append(r.pid());
                sep = " ";
            }
            if (r.exe() != null) {
                sb.append(sep).append(r.exe());
                sep = " ";
            }
            if (r.operation() != null) {
                sb.append(sep).append(r.operation());
            }
            sb.append(')');
        }
        if (r.run() != null) {
            sb.append(" [").append(r.run()).append(']');
        }
        return sb.toString();
    }

    /** Bytes in the largest binary unit that keeps the number at or above 1. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static void reasons(PrintWriter out, String indent, List<Reason> reasons) {
        for (Reason r : reasons) {
            out.println(indent + reason(r));
        }
    }
}
