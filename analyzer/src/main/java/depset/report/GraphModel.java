package depset.report;

import com.fasterxml.jackson.core.JsonGenerator;
import depset.graph.ProcessNode;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.meta.LicenseTable;
import depset.meta.Owner;
import depset.trace.FileType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the report's graph view needs beyond the trace's tables, computed here rather than in the page:
 * how paths aggregate (parent directory, Debian package), their sizes, which strategy first takes each
 * path and what each set adds over the one before it, what each repair round added and why, the
 * verify result's misses tied to the processes of the trace that looked for them, and each process's
 * name (as {@code depset query}'s selectors match it) and times.
 *
 * <p>Written as the data's {@code "graph"} object; arrays indexed like the trace's {@code procs} and
 * {@code paths}.
 */
final class GraphModel {
    /** Rows kept per set in the "what this strategy adds" tables: the largest directories and packages. */
    static final int TOP_ADDITIONS = 15;
    /** Processes a miss is tied to at most: the same program may run hundreds of times. */
    static final int MAX_TIES = 5;
    private static final Pattern REPAIR_ROUND = Pattern.compile("^repair round (\\d+)");

    private final ReportInput in;
    private final List<ProcessFacts> facts;
    private final List<String> paths;
    private final Map<String, Integer> pathIds;

    /**
     * What the page needs of a process for selectors and the timeline.
     *
     * @param pid   its pid in the trace (what the sets' reasons name)
     * @param name  the command name ({@link ProcessNode#name()})
     * @param exes  every executable it ran
     * @param start fork time, ns of the trace's clock (0 when unknown)
     * @param exit  exit time, -1 when not seen
     * @param step  the phase step it is the root of, or null
     * @param touched the ids of the paths it touched
     */
    record ProcessFacts(int pid, String name, List<String> exes, long start, long exit, String step, List<Integer> touched) {
    }

    GraphModel(ReportInput in, List<ProcessFacts> facts, Map<String, Integer> pathIds) {
        this.in = in;
        this.facts = facts;
        this.pathIds = pathIds;
        this.paths = new ArrayList<>(pathIds.keySet());
    }

    /** The facts of a traced process. */
    static ProcessFacts facts(ProcessNode p, List<Integer> touched) {
        List<String> exes = new ArrayList<>();
        for (ProcessNode.Exec e : p.execs()) {
            exes.add(e.exe());
        }
        return new ProcessFacts(p.pid(), p.name(), exes, p.start(), p.exited() ? p.exit() : -1,
                p.isPhaseRoot() ? p.step() : null, touched);
    }

    /** The facts of a process of a set's table (no times). */
    static ProcessFacts facts(int pid, String exe, List<String> argv, List<Integer> touched) {
        String base = exe.isEmpty() && !argv.isEmpty() ? argv.get(0) : exe;
        return new ProcessFacts(pid, base.substring(base.lastIndexOf('/') + 1), exe.isEmpty() ? List.of() : List.of(exe),
                0, -1, null, touched);
    }

    void write(JsonGenerator g) throws IOException {
        Manifest main = in.sets().get(0).manifest();
        Map<String, ManifestEntry> entries = new HashMap<>();
        for (ManifestEntry e : main.entries()) {
            entries.put(e.path(), e);
        }
        g.writeObjectFieldStart("graph");
        writeProcesses(g);
        writeGroups(g, entries);
        writeSetMembership(g);
        writeRepairs(g, main);
        writeMisses(g);
        g.writeEndObject();
    }

    private void writeProcesses(JsonGenerator g) throws IOException {
        long t0 = Long.MAX_VALUE;
        for (ProcessFacts f : facts) {
            if (f.start() > 0) {
                t0 = Math.min(t0, f.start());
            }
        }
        g.writeArrayFieldStart("names");
        for (ProcessFacts f : facts) {
            g.writeString(f.name());
        }
        g.writeEndArray();
        // Only processes that ran more than one program: the others' exe is in procs already.
        g.writeObjectFieldStart("execs");
        for (int i = 0; i < facts.size(); i++) {
            if (facts.get(i).exes().size() > 1) {
                g.writeArrayFieldStart(String.valueOf(i));
                for (String e : facts.get(i).exes()) {
                    g.writeString(e);
                }
                g.writeEndArray();
            }
        }
        g.writeEndObject();
        // [start ms, exit ms or -1] from the first process's start: the trace's monotonic clock.
        g.writeArrayFieldStart("times");
        for (ProcessFacts f : facts) {
            g.writeStartArray();
            g.writeNumber(f.start() <= 0 || t0 == Long.MAX_VALUE ? 0 : (f.start() - t0) / 1_000_000.0);
            g.writeNumber(f.exit() < 0 || t0 == Long.MAX_VALUE ? -1 : (f.exit() - t0) / 1_000_000.0);
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("stepRoots");
        for (int i = 0; i < facts.size(); i++) {
            if (facts.get(i).step() != null) {
                g.writeStartArray();
                g.writeNumber(i);
                g.writeString(facts.get(i).step());
                g.writeEndArray();
            }
        }
        g.writeEndArray();
    }

    /**
     * Each path's directory (its parent) and package (the first owner dpkg names, for entries of the set
     * that are not directories: a directory like /usr belongs to dozens), and its size.
     */
    private void writeGroups(JsonGenerator g, Map<String, ManifestEntry> entries) throws IOException {
        LicenseTable t = in.licenses();
        Map<String, Integer> dirs = new LinkedHashMap<>();
        Map<String, Integer> pkgs = new LinkedHashMap<>();
        int[] dirOf = new int[paths.size()];
        int[] pkgOf = new int[paths.size()];
        for (int i = 0; i < paths.size(); i++) {
            String p = paths.get(i);
            dirOf[i] = dirs.computeIfAbsent(parent(p), k -> dirs.size());
            pkgOf[i] = -1;
            ManifestEntry e = entries.get(p);
            if (t != null && e != null && e.type() != FileType.DIRECTORY) {
                List<Owner> o = t.owners().get(p);
                if (o != null && !o.isEmpty()) {
                    pkgOf[i] = pkgs.computeIfAbsent(o.get(0).pkg(), k -> pkgs.size());
                }
            }
        }
        writeStrings(g, "dirs", dirs.keySet());
        writeInts(g, "pathDir", dirOf);
        writeStrings(g, "pkgs", pkgs.keySet());
        writeInts(g, "pathPkg", pkgOf);
        g.writeArrayFieldStart("pathBytes");
        for (String p : paths) {
            ManifestEntry e = entries.get(p);
            g.writeNumber(e != null && e.type() == FileType.FILE ? e.size() : 0);
        }
        g.writeEndArray();
    }

    /**
     * For each path, the first set (in the order given) that has it, -1 for none; for each process, the
     * first set whose reasons name it (a strategy takes a process's files because of it), -1 for none;
     * and what each set adds: entries, bytes and processes.
     */
    private void writeSetMembership(JsonGenerator g) throws IOException {
        List<ReportInput.NamedSet> sets = in.sets();
        Map<String, Integer> first = new HashMap<>();
        Map<String, ManifestEntry> firstEntry = new HashMap<>();
        List<List<ManifestEntry>> added = new ArrayList<>();
        for (int s = 0; s < sets.size(); s++) {
            List<ManifestEntry> mine = new ArrayList<>();
            for (ManifestEntry e : sets.get(s).manifest().entries()) {
                if (first.putIfAbsent(e.path(), s) == null) {
                    firstEntry.put(e.path(), e);
                    mine.add(e);
                }
            }
            added.add(mine);
        }
        g.writeArrayFieldStart("pathSet");
        for (String p : paths) {
            g.writeNumber(first.getOrDefault(p, -1));
        }
        g.writeEndArray();
        Map<Integer, Integer> firstByPid = new HashMap<>();
        for (int s = 0; s < sets.size(); s++) {
            for (ManifestEntry e : sets.get(s).manifest().entries()) {
                for (Reason r : e.reasons()) {
                    if (r.pid() != 0) {
                        firstByPid.putIfAbsent(r.pid(), s);
                    }
                }
            }
        }
        int[] procSet = new int[facts.size()];
        int[] procsAdded = new int[sets.size()];
        for (int i = 0; i < procSet.length; i++) {
            // a pid the run reused names each of its processes: reasons carry only the pid
            procSet[i] = firstByPid.getOrDefault(facts.get(i).pid(), -1);
            if (procSet[i] >= 0) {
                procsAdded[procSet[i]]++;
            }
        }
        writeInts(g, "procSet", procSet);
        LicenseTable t = in.licenses();
        g.writeArrayFieldStart("additions");
        for (int s = 0; s < sets.size(); s++) {
            long bytes = 0;
            Map<String, long[]> byDir = new HashMap<>();
            Map<String, long[]> byPkg = new HashMap<>();
            for (ManifestEntry e : added.get(s)) {
                long size = e.type() == FileType.FILE ? e.size() : 0;
                bytes += size;
                count(byDir, parent(e.path()), size);
                List<Owner> o = t == null || e.type() == FileType.DIRECTORY ? null : t.owners().get(e.path());
                count(byPkg, o == null || o.isEmpty() ? "(no package)" : o.get(0).pkg(), size);
            }
            g.writeStartObject();
            g.writeStringField("set", sets.get(s).name());
            g.writeStringField("strategy", sets.get(s).manifest().strategy());
            g.writeNumberField("count", added.get(s).size());
            g.writeNumberField("bytes", bytes);
            g.writeNumberField("procs", procsAdded[s]);
            writeTop(g, "dirs", byDir);
            if (t != null) {
                writeTop(g, "pkgs", byPkg);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void count(Map<String, long[]> m, String key, long size) {
        long[] c = m.computeIfAbsent(key, k -> new long[2]);
        c[0]++;
        c[1] += size;
    }

    /** [[name, count, bytes], …], the largest by bytes (then count) first. */
    private static void writeTop(JsonGenerator g, String field, Map<String, long[]> m) throws IOException {
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(m.entrySet());
        rows.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[1])
                .thenComparingLong(e -> -e.getValue()[0]).thenComparing(Map.Entry::getKey));
        g.writeArrayFieldStart(field);
        for (Map.Entry<String, long[]> r : rows.subList(0, Math.min(TOP_ADDITIONS, rows.size()))) {
            g.writeStartArray();
            g.writeString(r.getKey());
            g.writeNumber(r.getValue()[0]);
            g.writeNumber(r.getValue()[1]);
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    /**
     * The entries the repair loop added, by round: [[round, count, bytes, [[path, rule, exe], …]], …],
     * read from the reasons the loop gave them ("repair round N: process P (exe) probed it").
     */
    private void writeRepairs(JsonGenerator g, Manifest m) throws IOException {
        Map<Integer, List<Object[]>> rounds = new java.util.TreeMap<>();
        for (ManifestEntry e : m.entries()) {
            for (Reason r : e.reasons()) {
                Matcher x = REPAIR_ROUND.matcher(r.rule());
                if (x.find()) {
                    rounds.computeIfAbsent(Integer.parseInt(x.group(1)), k -> new ArrayList<>())
                            .add(new Object[] {e, r});
                    break;
                }
            }
        }
        g.writeArrayFieldStart("repairs");
        for (Map.Entry<Integer, List<Object[]>> round : rounds.entrySet()) {
            long bytes = 0;
            for (Object[] a : round.getValue()) {
                ManifestEntry e = (ManifestEntry) a[0];
                bytes += e.type() == FileType.FILE ? e.size() : 0;
            }
            g.writeStartArray();
            g.writeNumber(round.getKey());
            g.writeNumber(round.getValue().size());
            g.writeNumber(bytes);
            g.writeStartArray();
            for (Object[] a : round.getValue()) {
                Reason r = (Reason) a[1];
                g.writeStartArray();
                g.writeString(((ManifestEntry) a[0]).path());
                g.writeString(r.rule());
                g.writeString(r.exe() == null ? "" : r.exe());
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    /**
     * The verify result's misses: [[path, operation, exe, [rounds], [process indices]], …], each path once.
     * The verifying run's pids are not the trace's, so a miss is tied to the trace's processes that ran
     * the same program, those that touched the path first (they found it where the tree lacks it); with
     * no program named, to the processes that touched the path.
     */
    private void writeMisses(JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("misses");
        if (in.verify() != null) {
            Map<String, List<VerifyOutcome.Miss>> byPath = new LinkedHashMap<>();
            for (VerifyOutcome.Miss m : in.verify().misses()) {
                byPath.computeIfAbsent(m.path(), k -> new ArrayList<>()).add(m);
            }
            for (Map.Entry<String, List<VerifyOutcome.Miss>> e : byPath.entrySet()) {
                VerifyOutcome.Miss first = e.getValue().get(0);
                g.writeStartArray();
                g.writeString(e.getKey());
                g.writeString(first.operation());
                g.writeString(first.exe());
                g.writeStartArray();
                for (VerifyOutcome.Miss m : e.getValue()) {
                    g.writeNumber(m.round());
                }
                g.writeEndArray();
                g.writeStartArray();
                for (int p : ties(e.getKey(), first.exe())) {
                    g.writeNumber(p);
                }
                g.writeEndArray();
                g.writeEndArray();
            }
        }
        g.writeEndArray();
    }

    private List<Integer> ties(String path, String exe) {
        Integer id = pathIds.get(path);
        List<Integer> sameExeTouched = new ArrayList<>();
        List<Integer> sameExe = new ArrayList<>();
        List<Integer> touched = new ArrayList<>();
        for (int i = 0; i < facts.size(); i++) {
            ProcessFacts f = facts.get(i);
            boolean ran = !exe.isEmpty() && f.exes().contains(exe);
            boolean did = id != null && f.touched().contains(id);
            if (ran && did) {
                sameExeTouched.add(i);
            } else if (ran) {
                sameExe.add(i);
            } else if (did) {
                touched.add(i);
            }
        }
        List<Integer> pick = !sameExeTouched.isEmpty() ? sameExeTouched : !sameExe.isEmpty() ? sameExe : touched;
        return pick.subList(0, Math.min(MAX_TIES, pick.size()));
    }

    static String parent(String path) {
        int cut = path.lastIndexOf('/');
        return cut <= 0 ? "/" : path.substring(0, cut);
    }

    private static void writeStrings(JsonGenerator g, String field, Iterable<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    private static void writeInts(JsonGenerator g, String field, int[] values) throws IOException {
        g.writeArrayFieldStart(field);
        for (int v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }
}
