package depset.build;

import depset.trace.FileType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a build holds, for the user to judge it: entries, bytes, the largest files, and the share
 * of the source root.
 *
 * @param entries     everything written, parent directories included
 * @param listed      the entries the manifest names
 * @param files       regular files (hard links counted once)
 * @param bytes       bytes of regular files, each inode once
 * @param largest     the ten largest regular files, largest first
 * @param sourceBytes the source root's size, empty when it was not measured
 * @param sourceWhat  what {@code sourceBytes} measures ("the source root's", or "the used space of the
 *                    source's file system" when walking the root took too long)
 */
public record BuildSummary(long entries, long listed, long files, long bytes, List<Largest> largest,
                           OptionalLong sourceBytes, String sourceWhat) {
    public static final int LARGEST = 10;

    /** One large file. */
    public record Largest(String path, long bytes) {
    }

    public static BuildSummary of(BuildPlan plan, OptionalLong sourceBytes) {
        return of(plan, sourceBytes, "the source root's");
    }

    public static BuildSummary of(BuildPlan plan, OptionalLong sourceBytes, String sourceWhat) {
        long files = 0;
        long bytes = 0;
        long entries = 0;
        long listed = 0;
        Set<String> inodes = new HashSet<>();
        List<Largest> all = new ArrayList<>();
        for (PlanItem item : plan.items()) {
            if (item.path().equals("/")) {
                continue;
            }
            entries++;
            if (item.listed()) {
                listed++;
            }
            SourceFile f = item.file();
            if (f.type() == FileType.FILE && inodes.add(f.inode())) {
                files++;
                bytes += f.size();
                all.add(new Largest(f.path(), f.size()));
            }
        }
        all.sort(Comparator.comparingLong(Largest::bytes).reversed().thenComparing(Largest::path));
        return new BuildSummary(entries, listed, files, bytes, all.subList(0, Math.min(LARGEST, all.size())),
                sourceBytes, sourceWhat);
    }

    /** The summary as lines for a terminal. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        String share = sourceBytes.isPresent() && sourceBytes.getAsLong() > 0
                ? String.format(" = %.2f%% of %s %s", 100.0 * bytes / sourceBytes.getAsLong(), sourceWhat,
                        human(sourceBytes.getAsLong()))
                : " (the source root's size was not measured)";
        out.add(entries + " entries" + (entries > listed ? " (" + (entries - listed) + " of them parent directories the "
                + "manifest does not name)" : "") + ", " + files + " regular files, " + human(bytes) + share);
        if (!largest.isEmpty()) {
            out.add("largest files:");
            for (Largest l : largest) {
                out.add(String.format("  %10s  %s", human(l.bytes()), depset.trace.FileNames.printable(l.path())));
            }
        }
        return out;
    }

    /** 1234567 → "1.2 MB" (SI units, as du --si). */
    public static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]); // "1.2 MB" whatever the locale
    }
}
