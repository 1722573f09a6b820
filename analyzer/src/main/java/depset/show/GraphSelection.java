package depset.show;

import depset.graph.AccessEdge;
import depset.graph.DependencyGraph;
import depset.graph.Edge;
import depset.graph.FileNode;
import depset.graph.Node;
import depset.graph.ProcessNode;
import depset.query.GraphQueries;
import depset.query.ProcessSelector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;

/**
 * The part of a graph to show, chosen with the seed's queries through {@link GraphQueries}: the
 * processes named by {@code --ancestors} and/or {@code --descendants} selectors with their chains up or
 * down ({@code --depth} levels), or every process of the run ({@code --depth} levels from its roots); with files, the
 * files those processes touched; or only the shortest path between two nodes.
 *
 * @param graph     the whole graph
 * @param processes the processes shown
 * @param files     the files shown
 * @param path      the path asked for with --path, else null
 */
public record GraphSelection(DependencyGraph graph, Set<ProcessNode> processes, Set<FileNode> files,
                             GraphPath<Node, Edge> path) {

    /** Every node of the selection. */
    public Set<Node> nodes() {
        Set<Node> out = new LinkedHashSet<>(processes);
        out.addAll(files);
        return out;
    }

    /** The selection as a view of the graph (spawn and access edges among the nodes shown). */
    public Graph<Node, Edge> view() {
        return new GraphQueries(graph).subgraph(nodes());
    }

    /**
     * Chooses processes (and files, with {@code withFiles}).
     *
     * @param ancestors   selectors whose matches are shown with their ancestors
     * @param descendants selectors whose matches are shown with their descendants
     * @param depth       levels up or down, {@link GraphQueries#ALL_LEVELS} for all
     * @throws depset.query.NoSuchProcessException when a selector names no process
     */
    public static GraphSelection of(DependencyGraph g, List<String> ancestors, List<String> descendants, int depth,
                                    boolean withFiles) {
        GraphQueries q = new GraphQueries(g);
        Set<ProcessNode> procs = new LinkedHashSet<>();
        if (ancestors.isEmpty() && descendants.isEmpty()) {
            // The run's processes: depset's own set-up (lookups by pids no process event names) is left out,
            // as the analyzer leaves it out of every set.
            List<ProcessNode> roots = new ArrayList<>();
            for (ProcessNode p : g.processes()) {
                if (g.inRun(p) && (p.parent() == null || !g.inRun(p.parent()))) {
                    roots.add(p);
                }
            }
            procs.addAll(roots);
            procs.addAll(q.descendants(roots, depth));
        } else {
            if (!ancestors.isEmpty()) {
                List<ProcessNode> sel = ProcessSelector.selectAll(g, parse(ancestors));
                procs.addAll(q.ancestors(sel, depth));
                procs.addAll(sel);
            }
            if (!descendants.isEmpty()) {
                List<ProcessNode> sel = ProcessSelector.selectAll(g, parse(descendants));
                procs.addAll(sel);
                procs.addAll(q.descendants(sel, depth));
            }
        }
        Set<FileNode> files = new LinkedHashSet<>();
        if (withFiles) {
            for (ProcessNode p : procs) {
                for (AccessEdge a : q.touchedBy(p)) {
                    files.add(a.file());
                }
            }
        }
        return new GraphSelection(g, procs, files, null);
    }

    /**
     * The shortest path between two nodes, each named by a path ("/usr/bin/ls", a file of the graph)
     * or a process selector; null when they are not connected.
     *
     * @throws IllegalArgumentException when a name matches nothing
     */
    public static GraphSelection path(DependencyGraph g, String from, String to) {
        Node a = node(g, from);
        Node b = node(g, to);
        GraphPath<Node, Edge> p = new GraphQueries(g).path(a, b);
        if (p == null) {
            return null;
        }
        Set<ProcessNode> procs = new LinkedHashSet<>();
        Set<FileNode> files = new LinkedHashSet<>();
        for (Node n : p.getVertexList()) {
            if (n instanceof ProcessNode pn) {
                procs.add(pn);
            } else if (n instanceof FileNode fn) {
                files.add(fn);
            }
        }
        return new GraphSelection(g, procs, files, p);
    }

    /** A file when the name is a path the graph knows (file:PATH forces it), else the first process it selects. */
    static Node node(DependencyGraph g, String name) {
        String path = name.startsWith("file:") ? name.substring(5) : name;
        if (path.startsWith("/")) {
            FileNode f = g.findFile(path);
            if (f != null) {
                return f;
            }
            if (name.startsWith("file:")) {
                throw new IllegalArgumentException("no file " + path + " in the graph");
            }
        }
        List<ProcessNode> hit = ProcessSelector.selectAll(g, List.of(ProcessSelector.parse(name)));
        return hit.get(0);
    }

    private static List<ProcessSelector> parse(List<String> texts) {
        List<ProcessSelector> out = new ArrayList<>();
        for (String t : texts) {
            out.add(ProcessSelector.parse(t));
        }
        return out;
    }
}
