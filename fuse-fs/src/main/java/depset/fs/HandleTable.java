package depset.fs;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The files and directories the kernel holds open through the mount. The FUSE file handle is
 * the backing descriptor itself; the table keeps what the recording needs for requests that
 * name a handle rather than a path (read, write, release: the path may be gone or null after
 * an unlink, and release comes on nobody's behalf).
 *
 * <p>Thread-safe: opens, I/O and releases of different handles run on different FUSE threads.
 */
final class HandleTable {
    private final ConcurrentHashMap<Integer, Handle> open = new ConcurrentHashMap<>();

    void put(Handle h) {
        open.put(h.fd(), h);
    }

    /** The handle for a FUSE file handle, or null when it is not open (a kernel bug or a stale fh). */
    Handle get(long fh) {
        return open.get((int) fh);
    }

    Handle remove(long fh) {
        return open.remove((int) fh);
    }

    /**
     * One open file or directory.
     *
     * @param fd   the backing descriptor (also the FUSE file handle)
     * @param dev  its backing device
     * @param ino  its backing inode
     * @param path the mount path it was opened by
     * @param node the kernel's node id of the file, once {@link PassthroughFiles} has settled how it
     *             is served; 0 for a directory, or when passthrough is off
     * @param setId the file had bits a write may drop when it was opened ({@link SuidGidKill#applies})
     * @param readOnly the descriptor was opened read-only
     */
    record Handle(int fd, long dev, long ino, String path, long node, boolean setId, boolean readOnly) {
        Handle(int fd, long dev, long ino, String path, boolean setId, boolean readOnly) {
            this(fd, dev, ino, path, 0, setId, readOnly);
        }

        Handle withNode(long n) {
            return new Handle(fd, dev, ino, path, n, setId, readOnly);
        }
    }
}
