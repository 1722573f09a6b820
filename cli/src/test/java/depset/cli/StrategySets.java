package depset.cli;

import depset.graph.DependencyGraph;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.strategy.Analysis;
import depset.strategy.ManifestFactory;
import depset.strategy.Selection;
import depset.strategy.Strategy;
import depset.strategy.StrategyRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every standard strategy's set of one trace, reduced to what two runs of the same workload can share:
 * each entry's path, type and the executables of the processes in its reasons (pids differ from run to
 * run; metadata is the source's, not the run's), as "type [exe, …]" — "type* [exe, …]" when a rule's
 * reasons reached {@link Selection#MAX_PER_RULE}: then they are the first processes of that rule, a sample
 * whose members depend on the order the processes of a run came in.
 *
 * <p>A reason whose only operations are reads and writes is left out: by default the kernel serves
 * an open file's reads and writes from the backing file (FUSE passthrough), so only the process
 * that opened it is seen, not another that reads or writes the descriptor it inherited (or, with
 * {@code --no-cache}, a read that came in before the process monitor had seen the reader's exec).
 */
record StrategySets(Map<String, SortedMap<String, String>> byStrategy) {

    /** The sets of {@code trace}, the important processes named by {@code important} (none: the run's roots). */
    static StrategySets of(Path trace, List<String> important) throws IOException {
        Analysis analysis = Analysis.of(DependencyGraph.read(trace), important);
        Map<String, SortedMap<String, String>> sets = new LinkedHashMap<>();
        for (Strategy s : StrategyRegistry.standard().all()) {
            Manifest m = ManifestFactory.create(analysis, s, List.of(trace.toString()));
            SortedMap<String, String> entries = new TreeMap<>();
            for (ManifestEntry e : m.entries()) {
                TreeSet<String> exes = new TreeSet<>();
                Map<String, Integer> perRule = new java.util.HashMap<>();
                for (Reason r : e.reasons()) {
                    perRule.merge(r.rule(), 1, Integer::sum);
                    if (!onlyReadsOrWrites(r.operation())) {
                        exes.add(String.valueOf(r.exe()));
                    }
                }
                boolean sampled = perRule.values().stream().anyMatch(n -> n >= Selection.MAX_PER_RULE);
                entries.put(e.path(), e.type().name().toLowerCase(java.util.Locale.ROOT) + (sampled ? "* " : " ") + exes);
            }
            sets.put(s.name(), entries);
        }
        return new StrategySets(sets);
    }

    /**
     * One line per entry of the default mode's sets ({@code this}) that differs from {@code --no-cache}'s
     * ({@code exact}); empty when they agree. They agree when every strategy has the same paths with the
     * same types, every file and symlink the same processes in its reasons (unless a rule's reasons are a
     * sample: see the class comment; a process of unknown executable may stand for one the other side names),
     * and every directory but the
     * root no process in the default that {@code --no-cache} lacks. A directory may lack the processes that
     * only searched it without naming it (the working directory a relative walk starts from): their
     * permission check re-reads attributes, which the kernel then answers from its cache. The root is
     * never named at all: every walk of an absolute path searches it, so its reasons (the first few
     * processes of each rule, see {@code Selection}) are whichever searches the cache let through.
     */
    List<String> differencesFromExact(StrategySets exact) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, SortedMap<String, String>> s : byStrategy.entrySet()) {
            SortedMap<String, String> a = s.getValue();
            SortedMap<String, String> b = exact.byStrategy.getOrDefault(s.getKey(), new TreeMap<>());
            TreeSet<String> paths = new TreeSet<>(a.keySet());
            paths.addAll(b.keySet());
            for (String p : paths) {
                String x = a.get(p);
                String y = b.get(p);
                boolean directories = x != null && y != null && type(x).equals("directory") && type(y).equals("directory");
                boolean sampled = x != null && y != null && type(x).equals(type(y)) && (x.contains("* ") || y.contains("* "));
                if (!Objects.equals(x, y) && !sampled && !(x != null && y != null && type(x).equals(type(y)) && sameUpToUnknown(x, y))
                        && !(directories && (p.equals("/") || processes(y).containsAll(processes(x))))) {
                    out.add(s.getKey() + ": " + p + ": default " + describe(x) + ", --no-cache " + describe(y));
                }
            }
        }
        return out;
    }

    /** The directories whose reasons name fewer processes by default than with {@code --no-cache}, and which. */
    List<String> directoriesSearchedUnseen(StrategySets exact) {
        List<String> out = new ArrayList<>();
        byStrategy.forEach((strategy, a) -> a.forEach((path, x) -> {
            String y = exact.byStrategy.getOrDefault(strategy, new TreeMap<>()).get(path);
            if (y != null && !y.equals(x) && strategy.equals("all")) {
                TreeSet<String> unseen = new TreeSet<>(processes(y));
                unseen.removeAll(processes(x));
                out.add(path + " " + unseen);
            }
        }));
        return out;
    }

    /**
     * The same processes, but where one side names a process whose executable is unknown ("null": the process
     * monitor read /proc/PID/exe too late, and the trace has no exec open by that pid to name it), which may be
     * any of the processes only the other side names.
     */
    private static boolean sameUpToUnknown(String x, String y) {
        List<String> a = processes(x);
        List<String> b = processes(y);
        java.util.Set<String> a1 = new TreeSet<>(a);
        java.util.Set<String> b1 = new TreeSet<>(b);
        a1.remove("null");
        b1.remove("null");
        return a1.equals(b1) || a.contains("null") && b1.containsAll(a1) || b.contains("null") && a1.containsAll(b1);
    }

    private static boolean onlyReadsOrWrites(String operation) {
        if (operation == null || operation.isEmpty()) {
            return false;
        }
        for (String kind : operation.split(",")) {
            if (!kind.equals("read") && !kind.equals("write")) {
                return false;
            }
        }
        return true;
    }

    private static String type(String entry) {
        return entry.substring(0, entry.indexOf(' ')).replace("*", "");
    }

    private static List<String> processes(String entry) {
        String list = entry.substring(entry.indexOf('[') + 1, entry.length() - 1);
        return list.isEmpty() ? List.of() : List.of(list.split(", "));
    }

    /** How many entries each strategy's set has ("strict 12, system 40, …"). */
    String sizes() {
        StringBuilder sb = new StringBuilder();
        byStrategy.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v.size()));
        return sb.toString();
    }

    private static String describe(String entry) {
        return entry == null ? "absent" : entry;
    }
}
