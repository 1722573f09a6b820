package depset.graph;

/** An edge of the {@link DependencyGraph}: a process started another, or a process touched a file. */
public sealed interface Edge permits SpawnEdge, AccessEdge {
    Node source();

    Node target();

    /** The kinds as text ("fork", "exec,open,read"). */
    String kinds();
}
