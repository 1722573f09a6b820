package depset.show;

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
        for (ProcessNode r : roots) {
            node(q, g, shown, r, "", "", files, out);
        }
        out.println(shown.size() + " processes" + (files ? ", " + s.files().size() + " files" : ""));
        out.flush();
    }

    private static void node(GraphQueries q, DependencyGraph g, Set<ProcessNode> shown, ProcessNode p, String first,
                             String rest, boolean files, PrintWriter out) {
        List<AccessEdge> touched = q.touchedBy(p);
        int descendants = q.descendants(List.of(p), GraphQueries.ALL_LEVELS).size();
        StringBuilder line = new StringBuilder(first).append(GraphFormats.label(p));
        String argv = p.commandLine();
        if (!argv.isEmpty() && !argv.equals(p.exe()) && !argv.equals(p.name())) {
            line.append(' ').append(argv.length() > 60 ? argv.substring(0, 60) + "…" : argv);
        }
        line.append("  (").append(touched.size()).append(" files, ").append(descendants).append(" descendants");
        if (p.phase() != null) {
            line.append(", ").append(p.phase());
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
                out.println(rest + (last ? "└─ " : "├─ ") + a.file().path() + "  " + a.kinds());
            }
        }
        for (int i = 0; i < kids.size(); i++) {
            boolean last = i == kids.size() - 1;
            node(q, g, shown, kids.get(i), rest + (last ? "└─ " : "├─ "), rest + (last ? "   " : "│  "), files, out);
        }
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
