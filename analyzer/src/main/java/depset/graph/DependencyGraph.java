package depset.graph;

import depset.trace.TraceEvent;
import depset.trace.TraceHeader;
import depset.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.jgrapht.Graph;

/**
 * The processes and files of one trace and what connected them: {@link SpawnEdge}s from parent to
 * child process, {@link AccessEdge}s from a process to each file it touched. A JGraphT graph
 * underneath ({@link #graph()}), with the lookups the strategies and queries need on top.
 * Immutable once built.
 */
public final class DependencyGraph {
    private final TraceHeader header;
    private final TraceInfo info;
    private final List<ProcessNode> processes;
    private final List<FileNode> files;
    private final Map<String, FileNode> bySourcePath;
    private final Map<String, FileNode> missing;
    private final boolean phases;
    private final Graph<Node, Edge> graph;
    private final List<List<ProcessNode>> children;
    private final AccessEdge[][] byProcess;
    private final AccessEdge[][] byFile;

    DependencyGraph(TraceHeader header, TraceInfo info, List<ProcessNode> processes, List<FileNode> files,
                    List<AccessEdge> accesses, Map<String, FileNode> bySourcePath, Map<String, FileNode> missing,
                    boolean phases) {
        this.header = header;
        this.info = info;
        this.processes = Collections.unmodifiableList(processes);
        this.files = Collections.unmodifiableList(files);
        this.bySourcePath = Collections.unmodifiableMap(bySourcePath);
        this.missing = Collections.unmodifiableMap(missing);
        this.phases = phases;
        List<List<ProcessNode>> kids = new ArrayList<>(processes.size());
        for (int i = 0; i < processes.size(); i++) {
            kids.add(new ArrayList<>(0));
        }
        SpawnEdge[] spawnOf = new SpawnEdge[processes.size()];
        for (ProcessNode p : processes) {
            if (p.parent != null) {
                spawnOf[p.id()] = new SpawnEdge(p.parent, p);
                kids.get(p.parent.id()).add(p);
            }
        }
        int[] outCount = new int[processes.size()];
        int[] inCount = new int[files.size()];
        for (AccessEdge a : accesses) {
            outCount[a.process().id()]++;
            inCount[a.file().id()]++;
        }
        // Edges per process and per file in plain arrays: the strategies walk them all several
        // times, and the JGraphT view below is built on them without a per-edge index.
        byProcess = new AccessEdge[processes.size()][];
        byFile = new AccessEdge[files.size()][];
        for (int i = 0; i < byProcess.length; i++) {
            byProcess[i] = new AccessEdge[outCount[i]];
        }
        for (int i = 0; i < byFile.length; i++) {
            byFile[i] = new AccessEdge[inCount[i]];
        }
        Arrays.fill(outCount, 0);
        Arrays.fill(inCount, 0);
        for (AccessEdge a : accesses) {
            byProcess[a.process().id()][outCount[a.process().id()]++] = a;
            byFile[a.file().id()][inCount[a.file().id()]++] = a;
        }
        this.children = kids;
        this.graph = new GraphView(this.processes, this.files, spawnOf, kids, byProcess, byFile);
    }

    /** Events between two progress calls of {@link #read(Path, LongConsumer)}. */
    static final int PROGRESS_EVERY = 1 << 16;

    /** Reads a whole trace file into a graph. A cut trace is read as far as it goes: see {@link TraceInfo#complete()}. */
    public static DependencyGraph read(Path trace) throws IOException {
        return read(trace, n -> { });
    }

    /** As {@link #read(Path)}, telling {@code progress} how many events it has read, now and then and at the end. */
    public static DependencyGraph read(Path trace, LongConsumer progress) throws IOException {
        try (TraceReader r = TraceReader.open(trace)) {
            return read(r, progress);
        }
    }

    /** Reads the rest of an open trace into a graph. */
    public static DependencyGraph read(TraceReader r) {
        return read(r, n -> { });
    }

    private static DependencyGraph read(TraceReader r, LongConsumer progress) {
        GraphBuilder b = GraphBuilder.forTrace(r.header());
        long n = 0;
        while (r.hasNext()) {
            TraceEvent e = r.next();
            b.accept(e);
            if ((++n % PROGRESS_EVERY) == 0) {
                progress.accept(n);
            }
        }
        progress.accept(n);
        return b.build(r.header(), new TraceInfo(r.source(), r.isComplete(), r.eventsRead(), r.footer()));
    }

    /** The graph itself, read-only: vertices are processes and files, edges spawns and accesses. */
    public Graph<Node, Edge> graph() {
        return graph;
    }

    public TraceHeader header() {
        return header;
    }

    public TraceInfo info() {
        return info;
    }

    /** Every process, in the order the trace introduced them. */
    public List<ProcessNode> processes() {
        return processes;
    }

    /** Every file node (inodes, missing names, implied directories). */
    public List<FileNode> files() {
        return files;
    }

    /** The processes this one forked. */
    public List<ProcessNode> children(ProcessNode p) {
        return Collections.unmodifiableList(children.get(p.id()));
    }

    /** The file that had {@code path} in the source root (including implied directories), or null. */
    public FileNode fileAt(String path) {
        return bySourcePath.get(path);
    }

    /** A name that was probed but did not exist, or null. */
    public FileNode missingAt(String path) {
        return missing.get(path);
    }

    /** The file for a path: the one that had it in the source root, else any node a request reached by it, else null. */
    public FileNode findFile(String path) {
        FileNode f = bySourcePath.get(path);
        if (f != null) {
            return f;
        }
        for (FileNode n : files) {
            if (n.paths.contains(path)) {
                return n;
            }
        }
        return missing.get(path);
    }

    /** Every path of the source root a node stands for. */
    public Set<String> sourcePaths() {
        return bySourcePath.keySet();
    }

    /** What a process touched: its access edges. */
    public List<AccessEdge> accessesBy(ProcessNode p) {
        return Collections.unmodifiableList(Arrays.asList(byProcess[p.id()]));
    }

    /** Who touched a file: its access edges. */
    public List<AccessEdge> accessesTo(FileNode f) {
        return Collections.unmodifiableList(Arrays.asList(byFile[f.id()]));
    }

    /** True when the trace marks phases; without any mark, every process counts as part of the run. */
    public boolean hasPhases() {
        return phases;
    }

    /**
     * True when the process belongs to the run (some phase tree); false for the tracer's own
     * set-up, whose files are never in a set.
     */
    public boolean inRun(ProcessNode p) {
        return !phases || p.phase() != null;
    }
}
