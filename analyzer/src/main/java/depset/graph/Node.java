package depset.graph;

/**
 * A vertex of the {@link DependencyGraph}: a process or a file. Nodes compare by identity: two
 * processes may share a pid (pid reuse), two files a path (a name replaced during the run).
 */
public sealed interface Node permits ProcessNode, FileNode {
    /** A short human-readable label ("process 42 /bin/ls", "file /usr/bin/ls"). */
    String label();
}
