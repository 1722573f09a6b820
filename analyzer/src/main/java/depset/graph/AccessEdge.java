package depset.graph;

import java.util.EnumSet;
import java.util.Set;

/**
 * Everything one process did to one file, aggregated: the kinds (a bit mask of
 * {@link AccessKind}), how many requests, and the first one's sequence number. One edge per
 * (process, file) pair, not one per request: a trace has millions of requests.
 */
public final class AccessEdge implements Edge {
    private final ProcessNode process;
    private final FileNode file;
    private final int kindMask;
    private final int count;
    private final long firstSeq;

    public AccessEdge(ProcessNode process, FileNode file, int kindMask, int count, long firstSeq) {
        this.process = process;
        this.file = file;
        this.kindMask = kindMask;
        this.count = count;
        this.firstSeq = firstSeq;
    }

    public ProcessNode process() {
        return process;
    }

    public FileNode file() {
        return file;
    }

    public int kindMask() {
        return kindMask;
    }

    public boolean has(AccessKind kind) {
        return kind.in(kindMask);
    }

    public Set<AccessKind> kindSet() {
        EnumSet<AccessKind> s = EnumSet.noneOf(AccessKind.class);
        for (AccessKind k : AccessKind.values()) {
            if (k.in(kindMask)) {
                s.add(k);
            }
        }
        return s;
    }

    /** The number of requests aggregated in this edge. */
    public int count() {
        return count;
    }

    /** The sequence number of the first request. */
    public long firstSeq() {
        return firstSeq;
    }

    @Override
    public Node source() {
        return process;
    }

    @Override
    public Node target() {
        return file;
    }

    @Override
    public String kinds() {
        return AccessKind.names(kindMask);
    }

    @Override
    public String toString() {
        return process.label() + " -[" + kinds() + "]-> " + file.label();
    }
}
