package depset.fs;

import depset.natives.LibC;
import depset.trace.FileNames;
import java.io.IOException;
import java.nio.file.Path;
import jnr.ffi.Pointer;

/**
 * The backing directory, held open as an {@code O_PATH} descriptor, and the resolution of mount
 * paths beneath it.
 *
 * <p>The kernel has already resolved every symlink on the FUSE side, so no component of a path
 * the daemon receives may be followed here: parents are opened with {@code openat2} and
 * {@code RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS}, and the last component
 * is reached with {@code *at} calls that do not follow it. So even when the backing tree is
 * changed underneath (a directory swapped for a symlink to {@code /}), nothing outside the
 * backing root is reached: the request fails with ELOOP or ENOENT instead.
 */
final class BackingRoot implements AutoCloseable {
    private static final long RESOLVE = LibC.RESOLVE_BENEATH | LibC.RESOLVE_NO_SYMLINKS | LibC.RESOLVE_NO_MAGICLINKS;

    private final LibC libc = LibC.INSTANCE;
    private final int fd;
    /** The root itself as a path that follows to it: used when a request names "/". */
    private final String selfPath;

    private BackingRoot(int fd) {
        this.fd = fd;
        this.selfPath = "/proc/self/fd/" + fd;
    }

    static BackingRoot open(Path dir) throws IOException {
        int fd = LibC.INSTANCE.openat(LibC.AT_FDCWD, FileNames.toNative(dir.toAbsolutePath().toString()),
                LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("cannot open the backing directory " + dir + ": errno " + LibC.errno());
        }
        return new BackingRoot(fd);
    }

    int fd() {
        return fd;
    }

    /**
     * Opens {@code path} (absolute, as FUSE gives it) beneath the root without following any
     * symlink, the last component included.
     *
     * @return a descriptor, or {@code -errno}
     */
    int open(String path, int flags, int mode) {
        Pointer how = Scratch.get().how;
        how.putLong(0, flags & 0xffffffffL);
        how.putLong(8, mode);
        how.putLong(16, RESOLVE);
        return Errno.count(libc.syscall(LibC.SYS_OPENAT2, fd, relative(path), how, 24));
    }

    /**
     * Resolves the parent of {@code path}.
     *
     * @return a location to release with {@link Location#close()}; when the parent cannot be
     *         resolved, {@link Location#failed()} is true and {@link Location#error()} says why
     */
    Location locate(String path) {
        if (path.length() <= 1) {
            // The root itself: reached through its /proc/self/fd magic link, which *at calls
            // relative to AT_FDCWD follow straight to the held descriptor.
            return new Location(LibC.AT_FDCWD, selfPath, false, 0);
        }
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        if (slash == 0) {
            return new Location(fd, name, false, 0);
        }
        int dir = open(path.substring(0, slash), LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        if (dir < 0) {
            return new Location(-1, name, false, dir);
        }
        return new Location(dir, name, true, 0);
    }

    /** The path relative to the root for openat2: "." for the root. */
    private static String relative(String path) {
        return path.length() <= 1 ? "." : path.substring(1);
    }

    @Override
    public void close() {
        libc.close(fd);
    }

    /**
     * Where a name lives: its parent directory's descriptor and the name in it.
     *
     * @param dirFd   the parent directory (or AT_FDCWD for the root, named by a magic link)
     * @param name    the last component (or the root's magic link path)
     * @param ownsFd  whether {@link #close()} must close {@code dirFd}
     * @param error   {@code -errno} when the parent could not be resolved, else 0
     */
    record Location(int dirFd, String name, boolean ownsFd, int error) implements AutoCloseable {
        boolean failed() {
            return error != 0;
        }

        /** True for the root itself, which must be followed rather than not followed. */
        boolean isRoot() {
            return dirFd == LibC.AT_FDCWD;
        }

        /** AT_SYMLINK_NOFOLLOW, except for the root's magic link, which must be followed. */
        int noFollow() {
            return isRoot() ? 0 : LibC.AT_SYMLINK_NOFOLLOW;
        }

        /** A path naming this location for calls that take no directory descriptor (xattrs). */
        String procPath() {
            return isRoot() ? name : "/proc/self/fd/" + dirFd + "/" + name;
        }

        @Override
        public void close() {
            if (ownsFd) {
                LibC.INSTANCE.close(dirFd);
            }
        }
    }
}
