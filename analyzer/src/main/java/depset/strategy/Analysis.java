package depset.strategy;

import depset.graph.AccessEdge;
import depset.graph.DependencyGraph;
import depset.graph.FileNode;
import depset.graph.ProcessNode;
import depset.manifest.Reason;
import depset.query.GraphQueries;
import depset.query.NoSuchProcessException;
import depset.query.ProcessSelector;
import depset.query.SymlinkWalks;
import depset.trace.Phase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One trace's graph with its important processes: what strategies work on. Computes and caches
 * each strategy's selection, so that asking for every strategy computes each rule once.
 */
public final class Analysis {
    private static final String[] KERNEL_TREES = {"/proc", "/sys", "/dev"};

    private final DependencyGraph graph;
    private final List<String> importantNames;
    private final Set<ProcessNode> important;
    private final Map<Strategy, Selection> raw = new HashMap<>();
    private final Map<Strategy, Selection> complete = new HashMap<>();
    /** Per file id: 0 not yet known, 1 eligible, 2 not. */
    private final byte[] eligibility;
    /** Per file id: 0 not yet known, 1 a file the dynamic loader opens, 2 not. */
    private final byte[] loaded;
    private List<SetCompletion.DirectoryNeed> directoryNeeds;
    private Map<FileNode, List<SymlinkWalks.Walk>> walksTo;

    private Analysis(DependencyGraph graph, List<String> importantNames, Set<ProcessNode> important) {
        this.graph = graph;
        this.importantNames = List.copyOf(importantNames);
        this.important = Collections.unmodifiableSet(important);
        this.eligibility = new byte[graph.files().size()];
        this.loaded = new byte[graph.files().size()];
    }

    /** {@link ExecdStrategy#isLoaded}, cached per file. */
    boolean loadedByLoader(FileNode f) {
        int id = f.id();
        if (id >= loaded.length) {
            return ExecdStrategy.isLoaded(f);
        }
        if (loaded[id] == 0) {
            loaded[id] = (byte) (ExecdStrategy.isLoaded(f) ? 1 : 2);
        }
        return loaded[id] == 1;
    }

    /**
     * An analysis with the important processes the user named; with none, the roots of the
     * trace's "run" and "work" phases (the command {@code depset run} started, or the test
     * sequence's work steps).
     *
     * @throws NoSuchProcessException when a selector names no process, or there is no default
     */
    public static Analysis of(DependencyGraph graph, List<String> importantSelectors) {
        if (!importantSelectors.isEmpty()) {
            List<ProcessSelector> sel = new ArrayList<>();
            for (String s : importantSelectors) {
                sel.add(ProcessSelector.parse(s));
            }
            List<ProcessNode> hit = ProcessSelector.selectAll(graph, sel);
            return new Analysis(graph, importantSelectors, new LinkedHashSet<>(hit));
        }
        Set<ProcessNode> roots = new LinkedHashSet<>();
        for (ProcessNode p : graph.processes()) {
            boolean root = graph.hasPhases()
                    ? p.isPhaseRoot() && (p.phase() == Phase.RUN || p.phase() == Phase.WORK)
                    : p.parent() == null;
            if (root) {
                roots.add(p);
            }
        }
        if (roots.isEmpty()) {
            throw new NoSuchProcessException("the trace marks no \"run\" or \"work\" phase: name the important "
                    + "processes with --important; the trace has: " + ProcessSelector.processNames(graph));
        }
        List<String> names = new ArrayList<>();
        for (ProcessNode p : roots) {
            names.add("pid:" + p.pid());
        }
        return new Analysis(graph, names, roots);
    }

    public DependencyGraph graph() {
        return graph;
    }

    /** The important processes as the user named them, or "pid:N" for each default one. */
    public List<String> importantNames() {
        return importantNames;
    }

    public Set<ProcessNode> important() {
        return important;
    }

    /**
     * The important processes, their descendants, and the ancestors that started them, within the
     * run (the tracer's set-up never counts).
     */
    public Set<ProcessNode> importantTree() {
        GraphQueries q = new GraphQueries(graph);
        Set<ProcessNode> all = new LinkedHashSet<>(important);
        all.addAll(q.descendants(important, GraphQueries.ALL_LEVELS));
        all.addAll(q.ancestors(important, GraphQueries.ALL_LEVELS));
        all.removeIf(p -> !graph.inRun(p));
        return all;
    }

    /**
     * True when a file may be in a set at all: it existed in the source root (not created during
     * the run, not a failed probe) under some path outside /proc, /sys and /dev and other than the
     * root's directories the sandbox mounted its own file systems on (the trace's header names them:
     * every built tree has them, and the kernel could answer their lookups without TraceFs).
     */
    public boolean eligible(FileNode f) {
        int id = f.id();
        if (id < eligibility.length && eligibility[id] != 0) {
            return eligibility[id] == 1;
        }
        boolean yes = false;
        if (!f.missing() && !f.created()) {
            for (String p : f.sourcePaths()) {
                if (inSet(p)) {
                    yes = true;
                    break;
                }
            }
        }
        if (id < eligibility.length) {
            eligibility[id] = (byte) (yes ? 1 : 2);
        }
        return yes;
    }

    /** The paths under which an eligible file goes into a set. */
    public List<String> eligiblePaths(FileNode f) {
        if (!eligible(f)) {
            return List.of();
        }
        List<String> all = f.sourcePaths();
        if (all.size() == 1) {
            return all; // the common case: one name, and eligible
        }
        List<String> out = new ArrayList<>(all.size());
        for (String p : all) {
            if (inSet(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private boolean inSet(String path) {
        return !underKernelTree(path) && (graph.header() == null || !graph.header().isSandboxMount(path));
    }

    /** The directories every set keeps because the run created or wrote files in them; computed once. */
    List<SetCompletion.DirectoryNeed> directoryNeeds() {
        if (directoryNeeds == null) {
            directoryNeeds = SetCompletion.directoryNeeds(this);
        }
        return directoryNeeds;
    }

    /** The symlinks processes of the run walked on their way to {@code f} (see {@link SymlinkWalks}); computed once. */
    List<SymlinkWalks.Walk> walksTo(FileNode f) {
        if (walksTo == null) {
            Map<FileNode, List<SymlinkWalks.Walk>> m = new HashMap<>();
            SymlinkWalks walks = new SymlinkWalks(graph);
            for (ProcessNode p : graph.processes()) {
                if (graph.inRun(p)) {
                    for (SymlinkWalks.Walk w : walks.of(p)) {
                        m.computeIfAbsent(w.end(), e -> new ArrayList<>()).add(w);
                    }
                }
            }
            walksTo = m;
        }
        return walksTo.getOrDefault(f, List.of());
    }

    /** True for a path strictly below /proc, /sys or /dev (kernel-provided trees; the mount points themselves may stay). */
    public static boolean underKernelTree(String path) {
        for (String t : KERNEL_TREES) {
            if (path.length() > t.length() && path.startsWith(t) && path.charAt(t.length()) == '/') {
                return true;
            }
        }
        return false;
    }

    /** A reason naming a process and what it did. */
    public static Reason reason(String rule, ProcessNode p, String operation) {
        return new Reason(rule, p == null ? 0 : p.pid(), p == null || p.exe().isEmpty() ? null : p.exe(), operation);
    }

    /** Adds every eligible file {@code p} touched, with {@code rule}. */
    public void addTouched(Selection selection, ProcessNode p, String rule) {
        for (AccessEdge a : graph.accessesBy(p)) {
            if (eligible(a.file()) && !selection.full(a.file(), rule)) {
                selection.add(a.file(), reason(rule, p, a.kinds()));
            }
        }
    }

    /** The files a strategy's rules chose, before {@link SetCompletion}; cached. */
    public Selection rawSelection(Strategy strategy) {
        Selection s = raw.get(strategy);
        if (s == null) {
            s = strategy.base() == null ? new Selection(graph.files().size()) : rawSelection(strategy.base()).copy();
            strategy.extend(s, this);
            raw.put(strategy, s);
        }
        return s;
    }

    /** A strategy's deployment set: its rules, then the rules every set shares; cached. */
    public Selection select(Strategy strategy) {
        Selection s = complete.get(strategy);
        if (s == null) {
            s = SetCompletion.complete(rawSelection(strategy).copy(), this);
            complete.put(strategy, s);
        }
        return s;
    }
}
