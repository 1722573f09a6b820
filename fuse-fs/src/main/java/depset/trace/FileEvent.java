package depset.trace;

/**
 * One file-system request as the kernel sent it to TraceFs.
 *
 * @param op     the request
 * @param path   the path inside the mount, absolute ("/usr/bin/ls")
 * @param path2  the second path of rename, link and symlink (the new name; for symlink the
 *               link's target as given), otherwise null
 * @param dev    the backing device of the inode below, 0 when none (dev before ino, as in {@link InodeEvent})
 * @param ino    the backing inode after the request (before it, for unlink/rmdir/rename's source);
 *               0 when there is none (the name does not exist)
 * @param tid    the calling thread as FUSE reports it (FUSE's "pid" is a thread id); 0 for requests
 *               the kernel sends on nobody's behalf (release, forget)
 * @param pid    the caller's process (thread group id), resolved from {@code tid}; 0 when unknown
 * @param uid    the caller's uid
 * @param gid    the caller's gid
 * @param flags  open flags for open/create/opendir (with {@link OpenFlags#EXEC} for an execve's
 *               open), the mode for mkdir/mknod/chmod, the mask for access, otherwise 0
 * @param result 0 on success, else the positive errno (2 = ENOENT for a failed lookup)
 */
public record FileEvent(long seq, long time, Op op, String path, String path2, long dev, long ino,
                        int tid, int pid, int uid, int gid, int flags, int result) implements TraceEvent {

    public FileEvent {
        if (op == null || path == null) {
            throw new IllegalArgumentException("a file event needs an operation and a path");
        }
    }

    public boolean failed() {
        return result != 0;
    }

    /** True when this open/create was the kernel opening a file to execute it. */
    public boolean isExec() {
        return (op == Op.OPEN || op == Op.CREATE) && (flags & OpenFlags.EXEC) != 0;
    }
}
