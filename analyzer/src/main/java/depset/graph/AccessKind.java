package depset.graph;

import depset.trace.FileEvent;
import depset.trace.Op;
import depset.trace.OpenFlags;

/**
 * What a process did to a file, as one bit of an {@link AccessEdge}'s kinds. Several FUSE
 * requests map to one kind (chmod, chown, truncate and utimens are all {@link #SETATTR}).
 */
public enum AccessKind {
    EXEC("exec"), OPEN("open"), READ("read"), WRITE("write"), STAT("stat"), READLINK("readlink"),
    READDIR("readdir"), ACCESS("access"), PROBE_MISSING("probe-missing"), CREATE("create"), RENAME("rename"),
    UNLINK("unlink"), LINK("link"), SETATTR("setattr"), XATTR("xattr");

    private static final AccessKind[] VALUES = values();
    private static final int ENOENT = 2;

    private final String wireName;

    AccessKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in manifests and output ("probe-missing"). */
    public String wireName() {
        return wireName;
    }

    public int bit() {
        return 1 << ordinal();
    }

    /** True when {@code mask} holds this kind. */
    public boolean in(int mask) {
        return (mask & bit()) != 0;
    }

    /** The kinds of {@code mask}, comma-separated in declaration order ("exec,open,read"). */
    public static String names(int mask) {
        if (mask >= 0 && mask < NAMES.length()) {
            String s = NAMES.get(mask);
            if (s == null) {
                s = join(mask);
                NAMES.set(mask, s);
            }
            return s;
        }
        return join(mask);
    }

    // One string per mask seen, made once: every access edge of every strategy asks for one.
    private static final java.util.concurrent.atomic.AtomicReferenceArray<String> NAMES =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(1 << 15);

    private static String join(int mask) {
        StringBuilder sb = new StringBuilder();
        for (AccessKind k : VALUES) {
            if (k.in(mask)) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(k.wireName);
            }
        }
        return sb.toString();
    }

    /** The kind for a wire name, or null. */
    public static AccessKind fromWireName(String name) {
        for (AccessKind k : VALUES) {
            if (k.wireName.equals(name)) {
                return k;
            }
        }
        return null;
    }

    /**
     * The kinds a file event stands for, as a mask; 0 for requests that say nothing about a
     * dependency (flush, release, fsync: the kernel sends them after the real access).
     */
    public static int of(FileEvent e) {
        if (e.failed() && (e.ino() == 0 || e.result() == ENOENT)) {
            // A lookup that found nothing: the program searched for the name (a probe along a search path).
            return PROBE_MISSING.bit();
        }
        Op op = e.op();
        switch (op) {
            case GETATTR, STATFS:
                return STAT.bit();
            case READLINK:
                return READLINK.bit();
            case MKNOD, MKDIR, SYMLINK:
                return CREATE.bit();
            case CREATE:
                return CREATE.bit() | (e.isExec() ? EXEC.bit() : 0);
            case UNLINK, RMDIR:
                return UNLINK.bit();
            case RENAME:
                return RENAME.bit();
            case LINK:
                return LINK.bit();
            case CHMOD, CHOWN, TRUNCATE, UTIMENS:
                return SETATTR.bit();
            case OPEN:
                if (e.isExec()) {
                    return EXEC.bit();
                }
                return OPEN.bit() | (OpenFlags.writes(e.flags()) ? WRITE.bit() : 0);
            case READ:
                return READ.bit();
            case WRITE, FALLOCATE:
                return WRITE.bit();
            case OPENDIR, READDIR:
                return READDIR.bit();
            case ACCESS:
                return ACCESS.bit();
            case SETXATTR, GETXATTR, LISTXATTR, REMOVEXATTR:
                return XATTR.bit();
            default:
                return 0;
        }
    }
}
