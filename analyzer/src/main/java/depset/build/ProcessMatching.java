package depset.build;

import depset.graph.DependencyGraph;
import depset.graph.ProcessNode;
import depset.trace.Phase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Which process of the original run each process of a reduced run (the same steps replayed in a
 * built tree) corresponds to. Pids differ between runs, so a process is known by its place:
 * <ol>
 * <li>the roots of the phases (the processes depset started for each step) match by phase and
 * step, the n-th of a (phase, step) with the n-th; a root left over then matches the next root
 * left over of the same phase (a plain run's step is "command" when traced and "verify" when
 * verified);</li>
 * <li>below a matched pair, each child of the reduced process matches an unmatched child of
 * the original one, in the order they were started, by the first rule that finds one: the same
 * execs (executable and argv, every one in order); then execs that are a strict prefix of the
 * original child's (the reduced child <em>diverged</em> before an exec, e.g. it could not find
 * the program: a shell's fork whose execve failed has no exec at all); then the same executables
 * with other arguments (argv that carry pids or temporary names).</li>
 * </ol>
 * The tracer's set-up (processes outside every phase) matches nothing.
 */
public final class ProcessMatching {
    private final Map<ProcessNode, ProcessNode> counterpart;

    private ProcessMatching(Map<ProcessNode, ProcessNode> counterpart) {
        this.counterpart = counterpart;
    }

    /** Matches the processes of {@code reduced} to those of {@code original}. */
    public static ProcessMatching of(DependencyGraph original, DependencyGraph reduced) {
        Map<ProcessNode, ProcessNode> match = new IdentityHashMap<>();
        Deque<ProcessNode[]> work = new ArrayDeque<>();
        for (ProcessNode[] pair : matchRoots(roots(original), roots(reduced))) {
            match.put(pair[1], pair[0]);
            work.add(pair);
        }
        while (!work.isEmpty()) {
            ProcessNode[] pair = work.poll();
            List<ProcessNode> originals = children(original, pair[0]);
            List<ProcessNode> reduceds = children(reduced, pair[1]);
            boolean[] taken = new boolean[originals.size()];
            ProcessNode[] found = new ProcessNode[reduceds.size()];
            BiPredicate<ProcessNode, ProcessNode> soughtNext = (o, r) -> divergedBefore(o, r) && sought(reduced, r, o);
            for (BiPredicate<ProcessNode, ProcessNode> rule : List.<BiPredicate<ProcessNode, ProcessNode>>of(
                    ProcessMatching::sameExecs, soughtNext, ProcessMatching::divergedBefore,
                    ProcessMatching::sameExecutables)) {
                for (int i = 0; i < reduceds.size(); i++) {
                    if (found[i] != null) {
                        continue;
                    }
                    for (int j = 0; j < originals.size(); j++) {
                        if (!taken[j] && rule.test(originals.get(j), reduceds.get(i))) {
                            taken[j] = true;
                            found[i] = originals.get(j);
                            break;
                        }
                    }
                }
            }
            for (int i = 0; i < found.length; i++) {
                if (found[i] != null) {
                    match.put(reduceds.get(i), found[i]);
                    work.add(new ProcessNode[] {found[i], reduceds.get(i)});
                }
            }
        }
        return new ProcessMatching(match);
    }

    /** The original run's process that {@code reduced} corresponds to, if any. */
    public Optional<ProcessNode> counterpart(ProcessNode reduced) {
        return Optional.ofNullable(counterpart.get(reduced));
    }

    /** How many processes of the reduced run have a counterpart. */
    public int size() {
        return counterpart.size();
    }

    /** The roots of the run's phase trees (or the parentless processes of a trace without phases), in trace order. */
    static List<ProcessNode> roots(DependencyGraph g) {
        List<ProcessNode> out = new ArrayList<>();
        for (ProcessNode p : g.processes()) {
            if (g.inRun(p) && (p.isPhaseRoot() || p.parent() == null || !g.inRun(p.parent()))) {
                out.add(p);
            }
        }
        return out;
    }

    /** What a root is matched by first: its phase (null outside every phase) and step. */
    private record RootKey(Phase phase, String step) {
    }

    /** Pairs {original, reduced} of roots: by phase and step and occurrence, then by phase and order. */
    private static List<ProcessNode[]> matchRoots(List<ProcessNode> originals, List<ProcessNode> reduceds) {
        List<ProcessNode[]> pairs = new ArrayList<>();
        boolean[] taken = new boolean[originals.size()];
        boolean[] done = new boolean[reduceds.size()];
        Map<RootKey, Integer> seen = new HashMap<>();
        for (int i = 0; i < reduceds.size(); i++) {
            ProcessNode r = reduceds.get(i);
            RootKey key = new RootKey(r.phase(), r.step());
            int n = seen.merge(key, 1, Integer::sum);
            for (int j = 0, k = 0; j < originals.size(); j++) {
                ProcessNode o = originals.get(j);
                if (key.equals(new RootKey(o.phase(), o.step())) && ++k == n && !taken[j]) {
                    taken[j] = true;
                    done[i] = true;
                    pairs.add(new ProcessNode[] {o, r});
                    break;
                }
            }
        }
        for (int i = 0; i < reduceds.size(); i++) {
            if (done[i]) {
                continue;
            }
            ProcessNode r = reduceds.get(i);
            for (int j = 0; j < originals.size(); j++) {
                if (!taken[j] && originals.get(j).phase() == r.phase()) {
                    taken[j] = true;
                    pairs.add(new ProcessNode[] {originals.get(j), r});
                    break;
                }
            }
        }
        return pairs;
    }

    /** The children of {@code p} in its own phase tree (a marked child is the root of another). */
    private static List<ProcessNode> children(DependencyGraph g, ProcessNode p) {
        List<ProcessNode> out = new ArrayList<>();
        for (ProcessNode c : g.children(p)) {
            if (g.inRun(c) && !c.isPhaseRoot()) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean sameExecs(ProcessNode original, ProcessNode reduced) {
        return execsMatch(original, reduced, reduced.execs().size() == original.execs().size(), true)
                && sameInherited(original, reduced);
    }

    private static boolean divergedBefore(ProcessNode original, ProcessNode reduced) {
        return reduced.execs().size() < original.execs().size() && execsMatch(original, reduced, true, true);
    }

    /**
     * True when {@code reduced} looked up in vain a name of the program {@code original} exec'd
     * next: the basename of its executable or of its argv[0].
     */
    private static boolean sought(DependencyGraph reducedGraph, ProcessNode reduced, ProcessNode original) {
        ProcessNode.Exec next = original.execs().get(reduced.execs().size());
        java.util.Set<String> names = new java.util.HashSet<>();
        names.add(basename(next.exe()));
        if (!next.argv().isEmpty()) {
            names.add(basename(next.argv().get(0)));
        }
        for (depset.graph.AccessEdge a : reducedGraph.accessesBy(reduced)) {
            if (a.file().missing() && names.contains(basename(a.file().path()))) {
                return true;
            }
        }
        return false;
    }

    private static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static boolean sameExecutables(ProcessNode original, ProcessNode reduced) {
        return reduced.execs().size() == original.execs().size() && execsMatch(original, reduced, true, false);
    }

    /** The reduced process's execs agree with the first ones of the original. */
    private static boolean execsMatch(ProcessNode original, ProcessNode reduced, boolean lengthOk, boolean argv) {
        if (!lengthOk || reduced.execs().size() > original.execs().size()) {
            return false;
        }
        for (int i = 0; i < reduced.execs().size(); i++) {
            ProcessNode.Exec r = reduced.execs().get(i);
            ProcessNode.Exec o = original.execs().get(i);
            if (!r.exe().equals(o.exe()) || (argv && !r.argv().equals(o.argv()))) {
                return false;
            }
        }
        return true;
    }

    /** Two forks that never exec'd are the same when they run what their parents ran. */
    private static boolean sameInherited(ProcessNode original, ProcessNode reduced) {
        return !reduced.execs().isEmpty() || original.exe().equals(reduced.exe());
    }
}
