package depset.manifest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deployment set: which files of {@code sourceRoot} must go, and why each one.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} for what this code writes
 * @param sourceRoot    the traced root tree on the tracing host
 * @param strategy      the strategy that chose the entries ("strict", "system", "execd", "all",
 *                      "auto", or "merge" for a merged set)
 * @param important     the important processes, as the user named them (or the default)
 * @param command       the command of the traced run, for verify and the OCI config
 * @param traces        the traces the set was computed from
 * @param entries       sorted by path, one per path
 * @param totals        counts and bytes, derived from the entries
 * @param processes     the processes the reasons name and their ancestors, sorted by pid (may be
 *                      empty, e.g. for a merged set); lets {@code depset why} print a chain
 * @param exitStatus    the traced command's exit status (from the trace's footer), which
 *                      {@code depset verify} expects again; null when unknown (a cut trace, a
 *                      {@code depset mount} session, a merged set)
 */
public record Manifest(int schemaVersion, String sourceRoot, String strategy, List<String> important,
                       List<String> command, List<String> traces, List<ManifestEntry> entries, Totals totals,
                       List<ManifestProcess> processes, Integer exitStatus) {
    public static final int SCHEMA_VERSION = 1;

    public Manifest {
        important = List.copyOf(important);
        command = List.copyOf(command);
        traces = List.copyOf(traces);
        entries = entries.stream().sorted(Comparator.comparing(ManifestEntry::path)).toList();
        totals = Totals.of(entries);
        processes = processes == null ? List.of()
                : processes.stream().sorted(Comparator.comparingInt(ManifestProcess::pid)).toList();
    }

    /** The same manifest without an exit status. */
    public Manifest(int schemaVersion, String sourceRoot, String strategy, List<String> important,
                    List<String> command, List<String> traces, List<ManifestEntry> entries, Totals totals,
                    List<ManifestProcess> processes) {
        this(schemaVersion, sourceRoot, strategy, important, command, traces, entries, totals, processes, null);
    }

    /** The same manifest without a process table (schema-compatible with sets written before it existed). */
    public Manifest(int schemaVersion, String sourceRoot, String strategy, List<String> important,
                    List<String> command, List<String> traces, List<ManifestEntry> entries, Totals totals) {
        this(schemaVersion, sourceRoot, strategy, important, command, traces, entries, totals, List.of(), null);
    }

    /** The same manifest with a process table. */
    public Manifest withProcesses(List<ManifestProcess> table) {
        return new Manifest(schemaVersion, sourceRoot, strategy, important, command, traces, entries, totals, table,
                exitStatus);
    }

    /** The same manifest with the traced command's exit status. */
    public Manifest withExitStatus(Integer status) {
        return new Manifest(schemaVersion, sourceRoot, strategy, important, command, traces, entries, totals,
                processes, status);
    }

    /** The same manifest with other entries and strategy (totals recomputed). */
    public Manifest withEntries(String newStrategy, List<ManifestEntry> newEntries) {
        return new Manifest(schemaVersion, sourceRoot, newStrategy, important, command, traces, newEntries, null,
                processes, exitStatus);
    }

    /** The process with {@code pid} in the table, or null. */
    public ManifestProcess process(int pid) {
        for (ManifestProcess p : processes) {
            if (p.pid() == pid) {
                return p;
            }
        }
        return null;
    }

    /** A manifest for entries; the totals are computed. */
    public static Manifest of(String sourceRoot, String strategy, List<String> important, List<String> command,
                              List<String> traces, List<ManifestEntry> entries) {
        return new Manifest(SCHEMA_VERSION, sourceRoot, strategy, important, command, traces, entries, null,
                List.of(), null);
    }

    /** The entry for {@code path}, or null. */
    public ManifestEntry entry(String path) {
        int i = java.util.Collections.binarySearch(entries, null,
                (a, b) -> (a == null ? path : a.path()).compareTo(b == null ? path : b.path()));
        return i >= 0 ? entries.get(i) : null;
    }

    /**
     * Counts and bytes of a set. {@code bytes} adds the sizes of regular files, each hard-linked
     * inode once.
     */
    public record Totals(long files, long bytes, Map<String, TopDirectory> perTopDirectory) {
        public Totals {
            perTopDirectory = Map.copyOf(perTopDirectory);
        }

        static Totals of(List<ManifestEntry> entries) {
            Map<String, long[]> per = new TreeMap<>();
            java.util.Set<String> seenLinks = new java.util.HashSet<>();
            long bytes = 0;
            for (ManifestEntry e : entries) {
                long size = e.type() == depset.trace.FileType.FILE
                        && (e.linkGroup() == null || seenLinks.add(e.linkGroup())) ? e.size() : 0;
                // Exact sums: a total that wraps (a lying size) must fail, never print "-2 B".
                bytes = Math.addExact(bytes, size);
                long[] t = per.computeIfAbsent(topDirectory(e.path()), k -> new long[2]);
                t[0]++;
                t[1] = Math.addExact(t[1], size);
            }
            Map<String, TopDirectory> out = new TreeMap<>();
            per.forEach((k, v) -> out.put(k, new TopDirectory(v[0], v[1])));
            return new Totals(entries.size(), bytes, out);
        }

        private static String topDirectory(String path) {
            int slash = path.indexOf('/', 1);
            return slash < 0 ? path : path.substring(0, slash);
        }
    }

    /** Files and bytes below one top-level directory ("/usr"). */
    public record TopDirectory(long files, long bytes) {
    }
}
