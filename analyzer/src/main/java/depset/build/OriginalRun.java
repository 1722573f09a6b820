package depset.build;

import depset.graph.AccessEdge;
import depset.graph.AccessKind;
import depset.graph.DependencyGraph;
import depset.graph.FileNode;
import depset.graph.GraphBuilder;
import depset.graph.ProcessNode;
import depset.query.GraphQueries;
import depset.strategy.Analysis;
import depset.strategy.Selection;
import depset.strategy.SetCompletion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run a set was computed from, as repair judges a reduced run against it: which paths each of
 * its processes found, which paths are the run's own runtime state, and a process's footprint.
 */
public final class OriginalRun {
    private static final int CHANGES = AccessKind.CREATE.bit() | AccessKind.UNLINK.bit() | AccessKind.RENAME.bit()
            | AccessKind.LINK.bit();

    private final Analysis analysis;
    private final Set<String> runtimeState = new HashSet<>();
    private final Map<ProcessNode, Set<String>> found = new IdentityHashMap<>();
    private final Map<ProcessNode, Map<String, List<String>>> foundIn = new IdentityHashMap<>();

    private OriginalRun(Analysis analysis) {
        this.analysis = analysis;
        DependencyGraph g = analysis.graph();
        for (FileNode f : g.files()) {
            if (f.created()) {
                runtimeState.addAll(f.paths());
            }
        }
        for (ProcessNode p : g.processes()) {
            for (AccessEdge a : g.accessesBy(p)) {
                if ((a.kindMask() & CHANGES) != 0) {
                    runtimeState.addAll(a.file().paths());
                }
            }
        }
    }

    /** The original run of {@code analysis} (its important processes decide nothing here). */
    public static OriginalRun of(Analysis analysis) {
        return new OriginalRun(analysis);
    }

    public Analysis analysis() {
        return analysis;
    }

    public DependencyGraph graph() {
        return analysis.graph();
    }

    /** True for a path the run created, deleted or renamed itself: its runtime state, never missing. */
    public boolean runtimeState(String path) {
        return runtimeState.contains(path);
    }

    /**
     * True when {@code p} resolved {@code path} successfully: some request of it reached a file
     * of the source root by that name (a failed probe does not count; a file the run created is
     * runtime state).
     */
    public boolean found(ProcessNode p, String path) {
        return foundBy(p).contains(path);
    }

    /** The paths directly in {@code dir} that {@code p} found, sorted. */
    public List<String> foundIn(ProcessNode p, String dir) {
        Map<String, List<String>> byDir = foundIn.computeIfAbsent(p, q -> {
            Map<String, List<String>> m = new HashMap<>();
            for (String path : new java.util.TreeSet<>(foundBy(q))) {
                String parent = GraphBuilder.parentOf(path);
                if (parent != null) {
                    m.computeIfAbsent(parent, d -> new ArrayList<>()).add(path);
                }
            }
            return m;
        });
        return byDir.getOrDefault(dir, List.of());
    }

    /** Every path {@code p} found (see {@link #found}). */
    Set<String> foundBy(ProcessNode p) {
        return found.computeIfAbsent(p, q -> {
            Set<String> s = new HashSet<>();
            for (AccessEdge a : analysis.graph().accessesBy(q)) {
                if (a.kindMask() != AccessKind.PROBE_MISSING.bit()) {
                    s.addAll(analysis.eligiblePaths(a.file()));
                }
            }
            return s;
        });
    }

    /**
     * The footprint of {@code processes} in this run: every file each of them and its descendants
     * (within the run) touched, with the matching one of {@code rules} as the reason's rule (a
     * process reached from two gets the first's), completed as every set is (parent directories,
     * symlinks and their targets, the directories the run created files in).
     */
    public Selection footprint(List<ProcessNode> processes, List<String> rules) {
        DependencyGraph g = analysis.graph();
        GraphQueries q = new GraphQueries(g);
        Selection sel = new Selection(g.files().size());
        Set<ProcessNode> done = new LinkedHashSet<>();
        for (int i = 0; i < processes.size(); i++) {
            ProcessNode p = processes.get(i);
            Set<ProcessNode> tree = new LinkedHashSet<>();
            tree.add(p);
            tree.addAll(q.descendants(Set.of(p), GraphQueries.ALL_LEVELS));
            for (ProcessNode d : tree) {
                if (g.inRun(d) && done.add(d)) {
                    analysis.addTouched(sel, d, rules.get(i));
                }
            }
        }
        return SetCompletion.complete(sel, analysis);
    }
}
