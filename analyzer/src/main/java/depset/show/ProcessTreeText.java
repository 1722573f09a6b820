package depset.show;

import depset.trace.FileNames;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import depset.graph.AccessEdge;
import depset.graph.DependencyGraph;
import depset.graph.Edge;
import depset.graph.FileNode;
import depset.graph.Node;
import depset.graph.ProcessNode;
import depset.query.GraphQueries;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jgrapht.GraphPath;

/**
 * The process tree for a terminal, like {@code pstree} with counts: each process as "name [pid]
 * argv", the files it touched and the processes below it; with files, the files under each process.
 */
public final class ProcessTreeText {
    private ProcessTreeText() {
    }

    public static void print(GraphSelection s, boolean files, PrintWriter out) {
        if (s.path() != null) {
            printPath(s.path(), out);
            return;
        }
        DependencyGraph g = s.graph();
        GraphQueries q = new GraphQueries(g);
        Set<ProcessNode> shown = s.processes();
        List<ProcessNode> roots = new ArrayList<>();
        for (ProcessNode p : shown) {
            if (p.parent() == null || !shown.contains(p.parent())) {
                roots.add(p);
            }
        }
        Map<ProcessNode, Integer> descendants = descendantCounts(g, shown, roots);
        // One explicit stack, no recursion: a fork chain 100,000 deep is a trace like any other.
        Deque<Frame> todo = new ArrayDeque<>();
        Set<ProcessNode> printed = new java.util.HashSet<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            todo.push(new Frame(roots.get(i), "", "", 0));
        }
        while (!todo.isEmpty()) {
            Frame f = todo.pop();
            if (!printed.add(f.p)) {
                continue; // a hostile trace may make a parent its own descendant: print each process once
            }
            List<ProcessNode> kids = node(q, g, shown, f, descendants.getOrDefault(f.p, 0), files, out);
            for (int i = kids.size() - 1; i >= 0; i--) {
                boolean last = i == kids.size() - 1;
                String first = f.rest + (last ? "└─ " : "├─ ");
                String rest = f.rest + (last ? "   " : "│  ");
                if (f.level >= MAX_DRAWN_LEVELS) {
                    // Past this the drawing would grow each line by the depth (quadratic output): say the level.
                    first = f.rest + "[level " + (f.level + 1) + "] ";
                    rest = f.rest;
                }
                todo.push(new Frame(kids.get(i), first, rest, f.level + 1));
            }
        }
        out.println(shown.size() + " processes" + (files ? ", " + s.files().size() + " files" : ""));
        out.flush();
    }

    /** Levels drawn with tree lines; deeper ones are numbered instead. */
    static final int MAX_DRAWN_LEVELS = 64;

    private record Frame(ProcessNode p, String first, String rest, int level) {
    }

    /** How many shown descendants each shown process has, in one pass from the leaves up. */
    private static Map<ProcessNode, Integer> descendantCounts(DependencyGraph g, Set<ProcessNode> shown,
                                                              List<ProcessNode> roots) {
        List<ProcessNode> order = new ArrayList<>();
        Set<ProcessNode> seen = new java.util.HashSet<>(roots);
        Deque<ProcessNode> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            ProcessNode p = todo.pop();
            order.add(p);
            for (ProcessNode c : g.children(p)) {
                if (seen.add(c)) {
                    todo.push(c);
                }
            }
        }
        Map<ProcessNode, Integer> count = new HashMap<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            ProcessNode p = order.get(i);
            int n = 0;
            for (ProcessNode c : g.children(p)) {
                Integer k = count.get(c);
                if (k != null) {
                    n += 1 + k;
                }
            }
            count.put(p, n);
        }
        return count;
    }

    private static List<ProcessNode> node(GraphQueries q, DependencyGraph g, Set<ProcessNode> shown, Frame f,
                                          int descendants, boolean files, PrintWriter out) {
        ProcessNode p = f.p;
        List<AccessEdge> touched = q.touchedBy(p);
        StringBuilder line = new StringBuilder(f.first).append(GraphFormats.label(p));
        String argv = p.commandLine();
        if (!argv.isEmpty() && !argv.equals(p.exe()) && !argv.equals(p.name())) {
            line.append(' ').append(FileNames.printable(argv.length() > 60 ? argv.substring(0, 60) + "…" : argv));
        }
        line.append("  (").append(touched.size()).append(" files, ").append(descendants).append(" descendants");
        if (p.phase() != null) {
            line.append(", ").append(p.phase().label());
        }
        if (p.exited() && (p.exitCode() != 0 || p.signal() != 0)) {
            line.append(p.signal() != 0 ? ", signal " + p.signal() : ", exit " + p.exitCode());
        }
        out.println(line.append(')'));
        List<ProcessNode> kids = new ArrayList<>();
        for (ProcessNode c : g.children(p)) {
            if (shown.contains(c)) {
                kids.add(c);
            }
        }
        if (files) {
            for (int i = 0; i < touched.size(); i++) {
                AccessEdge a = touched.get(i);
                boolean last = i == touched.size() - 1 && kids.isEmpty();
                out.println(f.rest + (last ? "└─ " : "├─ ") + FileNames.printable(a.file().path()) + "  " + a.kinds());
            }
        }
        return kids;
    }

    private static void printPath(GraphPath<Node, Edge> path, PrintWriter out) {
        List<Node> v = path.getVertexList();
        List<Edge> e = path.getEdgeList();
        out.println(GraphFormats.label(v.get(0)));
        for (int i = 0; i < e.size(); i++) {
            Edge edge = e.get(i);
            Node next = v.get(i + 1);
            boolean forward = edge.source() == v.get(i);
            out.println("  " + (forward ? "-[" + edge.kinds() + "]-> " : "<-[" + edge.kinds() + "]- ")
                    + GraphFormats.label(next) + (next instanceof FileNode f && f.missing() ? " (missing)" : ""));
        }
        out.println(e.size() + " steps");
        out.flush();
    }
}
