package depset.trace;

import java.util.Locale;

/** The file-system requests TraceFs records, one per FUSE callback. */
public enum Op {
    GETATTR, READLINK, MKNOD, MKDIR, UNLINK, RMDIR, SYMLINK, RENAME, LINK, CHMOD, CHOWN, TRUNCATE,
    OPEN, CREATE, READ, WRITE, STATFS, FLUSH, RELEASE, FSYNC, OPENDIR, READDIR, RELEASEDIR, FSYNCDIR,
    ACCESS, UTIMENS, SETXATTR, GETXATTR, LISTXATTR, REMOVEXATTR, FALLOCATE;

    private static final Op[] VALUES = values();
    // Computed once: the reader parses an operation name for every line of a trace.
    private static final java.util.Map<String, Op> BY_WIRE_NAME = new java.util.HashMap<>();

    static {
        for (Op op : VALUES) {
            BY_WIRE_NAME.put(op.wireName(), op);
        }
    }

    /** The name used in the trace file: the FUSE callback's name in lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #wireName()}, or returns null for an unknown one. */
    public static Op fromWireName(String name) {
        return name == null ? null : BY_WIRE_NAME.get(name);
    }
}
