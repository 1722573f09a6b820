package depset.fs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the kernel keeps the targets of symbolic links it has read ({@code FUSE_CACHE_SYMLINKS}),
 * and which link each node was when last described, so that a link replaced behind the mount is
 * read again ({@link ReplyChannel}).
 *
 * <p>Why: a LAMP page resolved {@code /var/run} on its way to MariaDB's socket, a lookup and a
 * readlink each time; the readlink repeats, for an inode whose lookup was just recorded with its
 * caller, what the kernel already read once. The lookup of a link's name is never cached (as any
 * file's), so every process that resolves a link is still recorded doing so; what the trace lacks
 * is the {@code readlink} line of a second follow of the same link. No strategy tells a readlink
 * from a lookup ({@code depset.graph.AccessKind}): the sets stay the same.
 *
 * <p>The kernel drops a link's cached target only when it forgets the inode. A link changes only by
 * being replaced: through the mount, that makes a new node; behind it (another process on the
 * host writing the backing tree), libfuse2 keeps the node of the name, so the kernel would go on
 * following the old target. Every lookup and attribute reply of a link passes here, and a node whose
 * backing link is another than last time has its kernel cache invalidated before the reply.
 */
final class SymlinkTargets {
    /**
     * libfuse2 never gives a forgotten node's id to another, so the links of forgotten nodes would
     * pile up in a long {@code depset mount}: past this many, the memory starts again. A link then
     * replaced behind the mount before its next lookup keeps its old target in the kernel.
     */
    private static final int REMEMBERED = 1 << 16;
    private final boolean wanted;
    private volatile boolean agreed;
    /** A node's backing link when last described: its inode number and change time. */
    private final Map<Long, Link> links = new ConcurrentHashMap<>();

    /** equals and hashCode written out: see ContentCache's Key. */
    private record Link(long ino, long ctime, int ctimeNanos) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Link l && l.ino == ino && l.ctime == ctime && l.ctimeNanos == ctimeNanos;
        }

        @Override
        public int hashCode() {
            return Long.hashCode((ino * 31 + ctime) * 31 + ctimeNanos);
        }
    }

    /** @param wanted whether to ask the kernel to keep the targets ({@link KernelCache#symlinkTargets()}) */
    SymlinkTargets(boolean wanted) {
        this.wanted = wanted;
    }

    /** True when the INIT reply should ask the kernel to keep the targets. */
    boolean wanted() {
        return wanted;
    }

    /** Called when the INIT reply asked for it and the kernel offered it. */
    void agree() {
        agreed = true;
    }

    /** True when the kernel keeps the targets it has read. */
    boolean agreed() {
        return agreed;
    }

    /**
     * Records that {@code node} now stands for the backing link {@code ino} changed at {@code ctime};
     * true when it stood for another link before, whose target the kernel may still hold.
     */
    boolean replaced(long node, long ino, long ctime, int ctimeNanos) {
        Link now = new Link(ino, ctime, ctimeNanos);
        if (links.size() >= REMEMBERED) {
            links.clear();
        }
        Link before = links.put(node, now);
        return before != null && !before.equals(now);
    }
}
