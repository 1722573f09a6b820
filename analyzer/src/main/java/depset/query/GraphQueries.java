package depset.query;

import depset.graph.AccessEdge;
import depset.graph.DependencyGraph;
import depset.graph.Edge;
import depset.graph.FileNode;
import depset.graph.Node;
import depset.graph.ProcessNode;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.AsSubgraph;
import org.jgrapht.graph.AsUndirectedGraph;

/**
 * The seed's framework operations on a {@link DependencyGraph}: descendants and ancestors of
 * processes (optionally n levels deep), the path between two nodes, the subgraph a set induces
 * (a view), which processes touched a file and what a process touched.
 */
public final class GraphQueries {
    /** A depth that means "all levels". */
    public static final int ALL_LEVELS = -1;

    private final DependencyGraph graph;

    public GraphQueries(DependencyGraph graph) {
        this.graph = graph;
    }

    /**
     * The processes started by {@code roots}, their children and so on, up to {@code depth}
     * levels ({@link #ALL_LEVELS} for all); the roots themselves are not included unless one
     * descends from another.
     */
    public Set<ProcessNode> descendants(Collection<ProcessNode> roots, int depth) {
        Set<ProcessNode> out = new LinkedHashSet<>();
        Deque<ProcessNode> level = new ArrayDeque<>(roots);
        for (int d = 0; !level.isEmpty() && (depth < 0 || d < depth); d++) {
            Deque<ProcessNode> next = new ArrayDeque<>();
            for (ProcessNode p : level) {
                for (ProcessNode c : graph.children(p)) {
                    if (out.add(c)) {
                        next.add(c);
                    }
                }
            }
            level = next;
        }
        return out;
    }

    /**
     * The chain of processes that started each of {@code processes}, nearest first, up to
     * {@code depth} levels ({@link #ALL_LEVELS} for all).
     */
    public Set<ProcessNode> ancestors(Collection<ProcessNode> processes, int depth) {
        Set<ProcessNode> out = new LinkedHashSet<>();
        for (ProcessNode p : processes) {
            ProcessNode q = p.parent();
            for (int d = 0; q != null && (depth < 0 || d < depth); d++) {
                if (!out.add(q)) {
                    break; // the rest of this chain is already in
                }
                q = q.parent();
            }
        }
        return out;
    }

    /**
     * A shortest path between two nodes, edges taken in either direction (a file is connected to
     * another through a process that touched both); null when they are not connected.
     */
    public GraphPath<Node, Edge> path(Node from, Node to) {
        Graph<Node, Edge> undirected = new AsUndirectedGraph<>(graph.graph());
        return BFSShortestPath.findPathBetween(undirected, from, to);
    }

    /** The subgraph induced by {@code nodes}: a live view of the graph, not a copy. */
    public Graph<Node, Edge> subgraph(Set<? extends Node> nodes) {
        return new AsSubgraph<>(graph.graph(), Set.copyOf(nodes));
    }

    /** Which processes touched {@code file}, and how. */
    public List<AccessEdge> whoTouched(FileNode file) {
        return graph.accessesTo(file);
    }

    /** What {@code process} touched, and how. */
    public List<AccessEdge> touchedBy(ProcessNode process) {
        return graph.accessesBy(process);
    }
}
