package depset.graph;

import java.util.AbstractList;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import org.jgrapht.GraphType;
import org.jgrapht.graph.AbstractGraph;
import org.jgrapht.graph.DefaultGraphType;

/**
 * The dependency graph as a read-only JGraphT {@link org.jgrapht.Graph}, over the arrays the
 * {@link DependencyGraph} keeps anyway: JGraphT's own stores cost a hash entry and an intrusive
 * edge object per edge, which for millions of (process, file) edges is hundreds of megabytes. Every
 * JGraphT algorithm and view ({@code AsSubgraph}, {@code AsUndirectedGraph}, shortest paths) works
 * on it. Edge sets are views, built on demand.
 */
final class GraphView extends AbstractGraph<Node, Edge> {
    // A multigraph as far as JGraphT is told (as the graph was when JGraphT stored it): one edge per
    // (process, file) pair in fact, but exporters and views must not treat it as "strict".
    private static final GraphType TYPE = new DefaultGraphType.Builder().directed().allowMultipleEdges(true)
            .allowSelfLoops(false).weighted(false).modifiable(false).build();

    private final List<ProcessNode> processes;
    private final List<FileNode> files;
    private final SpawnEdge[] spawnOf;
    private final List<List<ProcessNode>> children;
    private final AccessEdge[][] byProcess;
    private final AccessEdge[][] byFile;
    private final long edgeCount;

    GraphView(List<ProcessNode> processes, List<FileNode> files, SpawnEdge[] spawnOf, List<List<ProcessNode>> children,
              AccessEdge[][] byProcess, AccessEdge[][] byFile) {
        this.processes = processes;
        this.files = files;
        this.spawnOf = spawnOf;
        this.children = children;
        this.byProcess = byProcess;
        this.byFile = byFile;
        long n = 0;
        for (SpawnEdge s : spawnOf) {
            n += s == null ? 0 : 1;
        }
        for (AccessEdge[] a : byProcess) {
            n += a.length;
        }
        this.edgeCount = n;
    }

    @Override
    public boolean containsVertex(Node v) {
        if (v instanceof ProcessNode p) {
            return p.id() < processes.size() && processes.get(p.id()) == p;
        }
        if (v instanceof FileNode f) {
            return f.id() < files.size() && files.get(f.id()) == f;
        }
        return false;
    }

    @Override
    public boolean containsEdge(Edge e) {
        if (e instanceof SpawnEdge s) {
            return containsVertex(s.child()) && spawnOf[s.child().id()] == s;
        }
        if (e instanceof AccessEdge a && containsVertex(a.process())) {
            for (AccessEdge x : byProcess[a.process().id()]) {
                if (x == a) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public Set<Node> vertexSet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Node> iterator() {
                return concat(processes, files).iterator();
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof Node n && containsVertex(n);
            }

            @Override
            public int size() {
                return processes.size() + files.size();
            }
        };
    }

    @Override
    public Set<Edge> edgeSet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Edge> iterator() {
                return new Iterator<>() {
                    private int process;
                    private int index = -1; // -1: the spawn edge into this process, then its accesses
                    private Edge next = advance();

                    private Edge advance() {
                        while (process < processes.size()) {
                            if (index < 0) {
                                index = 0;
                                if (spawnOf[process] != null) {
                                    return spawnOf[process];
                                }
                            }
                            AccessEdge[] out = byProcess[process];
                            if (index < out.length) {
                                return out[index++];
                            }
                            process++;
                            index = -1;
                        }
                        return null;
                    }

                    @Override
                    public boolean hasNext() {
                        return next != null;
                    }

                    @Override
                    public Edge next() {
                        if (next == null) {
                            throw new NoSuchElementException();
                        }
                        Edge e = next;
                        next = advance();
                        return e;
                    }
                };
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof Edge e && containsEdge(e);
            }

            @Override
            public int size() {
                return (int) Math.min(Integer.MAX_VALUE, edgeCount);
            }
        };
    }

    @Override
    public Set<Edge> outgoingEdgesOf(Node v) {
        assertVertexExist(v);
        if (v instanceof ProcessNode p) {
            List<Edge> out = new ArrayList<>();
            for (ProcessNode c : children.get(p.id())) {
                out.add(spawnOf[c.id()]);
            }
            return setOf(concat(out, List.of(byProcess[p.id()])));
        }
        return Set.of();
    }

    @Override
    public Set<Edge> incomingEdgesOf(Node v) {
        assertVertexExist(v);
        if (v instanceof ProcessNode p) {
            SpawnEdge s = spawnOf[p.id()];
            return s == null ? Set.of() : Set.of(s);
        }
        return setOf(List.of(byFile[((FileNode) v).id()]));
    }

    @Override
    public Set<Edge> edgesOf(Node v) {
        return setOf(concat(new ArrayList<>(incomingEdgesOf(v)), new ArrayList<>(outgoingEdgesOf(v))));
    }

    @Override
    public int inDegreeOf(Node v) {
        return incomingEdgesOf(v).size();
    }

    @Override
    public int outDegreeOf(Node v) {
        assertVertexExist(v);
        return v instanceof ProcessNode p ? children.get(p.id()).size() + byProcess[p.id()].length : 0;
    }

    @Override
    public int degreeOf(Node v) {
        return inDegreeOf(v) + outDegreeOf(v);
    }

    @Override
    public Set<Edge> getAllEdges(Node u, Node v) {
        if (!containsVertex(u) || !containsVertex(v)) {
            return null;
        }
        Set<Edge> out = new LinkedHashSet<>();
        for (Edge e : outgoingEdgesOf(u)) {
            if (e.target() == v) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public Edge getEdge(Node u, Node v) {
        Set<Edge> all = getAllEdges(u, v);
        return all == null || all.isEmpty() ? null : all.iterator().next();
    }

    @Override
    public Node getEdgeSource(Edge e) {
        return e.source();
    }

    @Override
    public Node getEdgeTarget(Edge e) {
        return e.target();
    }

    @Override
    public GraphType getType() {
        return TYPE;
    }

    @Override
    public double getEdgeWeight(Edge e) {
        return 1.0;
    }

    @Override
    public Supplier<Node> getVertexSupplier() {
        return null;
    }

    @Override
    public Supplier<Edge> getEdgeSupplier() {
        return null;
    }

    @Override
    public Edge addEdge(Node u, Node v) {
        throw readOnly();
    }

    @Override
    public boolean addEdge(Node u, Node v, Edge e) {
        throw readOnly();
    }

    @Override
    public Node addVertex() {
        throw readOnly();
    }

    @Override
    public boolean addVertex(Node v) {
        throw readOnly();
    }

    @Override
    public Edge removeEdge(Node u, Node v) {
        throw readOnly();
    }

    @Override
    public boolean removeEdge(Edge e) {
        throw readOnly();
    }

    @Override
    public boolean removeVertex(Node v) {
        throw readOnly();
    }

    @Override
    public void setEdgeWeight(Edge e, double weight) {
        throw readOnly();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("a dependency graph is read-only; use AsSubgraph or copy it");
    }

    /** A set view of a list whose elements are distinct. */
    private static <T> Set<T> setOf(List<T> distinct) {
        return new AbstractSet<>() {
            @Override
            public Iterator<T> iterator() {
                return distinct.iterator();
            }

            @Override
            public int size() {
                return distinct.size();
            }
        };
    }

    private static <T> List<T> concat(List<? extends T> a, List<? extends T> b) {
        return new AbstractList<>() {
            @Override
            public T get(int i) {
                return i < a.size() ? a.get(i) : b.get(i - a.size());
            }

            @Override
            public int size() {
                return a.size() + b.size();
            }
        };
    }
}
