package depset.graph;

/**
 * The parent forked the child (the kernel's fork event; the child's later execs are in
 * {@link ProcessNode#execs()} and as {@link AccessKind#EXEC} edges to the files executed).
 */
public record SpawnEdge(ProcessNode parent, ProcessNode child) implements Edge {
    @Override
    public Node source() {
        return parent;
    }

    @Override
    public Node target() {
        return child;
    }

    @Override
    public String kinds() {
        return "fork";
    }

    // Records compare by value; edges must stay distinct objects in the graph even when equal.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
