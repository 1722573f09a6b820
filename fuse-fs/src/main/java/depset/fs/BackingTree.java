package depset.fs;

import depset.fs.BackingRoot.Location;
import depset.natives.LibC;
import depset.natives.StatBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.ffi.Pointer;

/**
 * The pass-through operations on the backing tree, by mount path, without any recording. Each
 * returns what FUSE expects: 0, a count or a descriptor on success, {@code -errno} on failure.
 *
 * <p>Thread-safe: no state but the root descriptor; buffers are per thread ({@link Scratch}).
 *
 * <p>Files a caller creates get the caller's uid and gid (the daemon runs as root and
 * creates them as root, then hands them over), the group of a set-group-ID parent directory
 * instead of the caller's, and exactly the mode the kernel asked for (the kernel has applied the
 * caller's umask; the daemon's own umask must not strip more).
 */
final class BackingTree implements AutoCloseable {
    private static final int S_ISUID = 04000;
    private static final int S_ISGID = 02000;
    /** Open flags passed through to the backing file; O_DIRECT is not (see {@link #open}). */
    private static final int PASSED_FLAGS = LibC.O_ACCMODE | LibC.O_APPEND | LibC.O_NONBLOCK | LibC.O_SYNC
            | LibC.O_DSYNC | LibC.O_NOATIME | LibC.O_TRUNC | LibC.O_LARGEFILE;

    private final LibC libc = LibC.INSTANCE;
    private final BackingRoot root;
    private final int daemonUmask;

    BackingTree(BackingRoot root) {
        this.root = root;
        this.daemonUmask = readUmask();
    }

    /** lstat of a path into {@code buf}. */
    int lstat(String path, Pointer buf) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            return Errno.of(libc.fstatat(at.dirFd(), at.name(), buf, at.noFollow()));
        }
    }

    int fstat(int fd, Pointer buf) {
        return Errno.of(libc.fstatat(fd, "", buf, LibC.AT_EMPTY_PATH));
    }

    /** Reads a symlink's target into {@code buf} (not terminated); returns its length. */
    int readlink(String path, Pointer buf, long size) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            return Errno.count(libc.readlinkat(at.dirFd(), at.name(), buf, size));
        }
    }

    /** A symlink's target as a byte string (one char per byte), or null when it cannot be read. */
    String readlinkString(String path) {
        Pointer buf = Scratch.get().link;
        int n = readlink(path, buf, Scratch.PATH_MAX);
        if (n < 0) {
            return null;
        }
        byte[] bytes = new byte[n];
        buf.get(0, bytes, 0, n);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    int mkdir(String path, int mode, int uid, int gid) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            if (libc.mkdirat(at.dirFd(), at.name(), mode & 07777) < 0) {
                return Errno.last();
            }
            return handOver(at, -1, uid, gid, mode & 07777, true);
        }
    }

    int mknod(String path, int mode, long rdev, int uid, int gid) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            if (libc.mknodat(at.dirFd(), at.name(), mode, rdev) < 0) {
                return Errno.last();
            }
            return handOver(at, -1, uid, gid, mode & 07777, false);
        }
    }

    int symlink(String target, String path, int uid, int gid) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            if (libc.symlinkat(target, at.dirFd(), at.name()) < 0) {
                return Errno.last();
            }
            return handOver(at, -1, uid, gid, -1, false);
        }
    }

    int unlink(String path) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            return Errno.of(libc.unlinkat(at.dirFd(), at.name(), 0));
        }
    }

    int rmdir(String path) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            return Errno.of(libc.unlinkat(at.dirFd(), at.name(), LibC.AT_REMOVEDIR));
        }
    }

    int rename(String from, String to) {
        try (Location a = root.locate(from); Location b = root.locate(to)) {
            if (a.failed()) {
                return a.error();
            }
            if (b.failed()) {
                return b.error();
            }
            if (a.isRoot() || b.isRoot()) {
                return -LibC.EBUSY;
            }
            return Errno.of(libc.renameat(a.dirFd(), a.name(), b.dirFd(), b.name()));
        }
    }

    int link(String from, String to) {
        try (Location a = root.locate(from); Location b = root.locate(to)) {
            if (a.failed()) {
                return a.error();
            }
            if (b.failed()) {
                return b.error();
            }
            if (a.isRoot() || b.isRoot()) {
                return -LibC.EPERM;
            }
            return Errno.of(libc.linkat(a.dirFd(), a.name(), b.dirFd(), b.name(), 0));
        }
    }

    int chmod(String path, int mode) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            return chmodNoFollow(at, mode & 07777);
        }
    }

    int chown(String path, int uid, int gid) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            return Errno.of(libc.fchownat(at.dirFd(), at.name(), uid, gid, at.noFollow()));
        }
    }

    /** Truncates {@code path}, first dropping its set-ID bits when {@code killSetId} ({@link SuidGidKill}). */
    int truncate(String path, long size, boolean killSetId) {
        int fd = root.open(path, LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
        if (fd < 0) {
            return fd;
        }
        try {
            int killed = SuidGidKill.apply(libc, killSetId, fd);
            return killed < 0 ? killed : Errno.of(libc.ftruncate(fd, size));
        } finally {
            libc.close(fd);
        }
    }

    /** utimensat with the two timespecs (atime, mtime) FUSE gives, UTIME_NOW/UTIME_OMIT included. */
    int utimens(String path, Pointer times) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            return Errno.of(libc.utimensat(at.dirFd(), at.name(), times, at.noFollow()));
        }
    }

    int access(String path, int mask) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            return Errno.of(libc.faccessat(at.dirFd(), at.name(), mask, at.noFollow() | LibC.AT_EACCESS));
        }
    }

    /**
     * Opens an existing file. O_DIRECT is not passed on: the kernel serves it through FUSE's
     * direct_io path, and the daemon's buffers are not aligned as O_DIRECT on the backing file
     * would need.
     */
    int open(String path, int flags) {
        return root.open(path, (flags & PASSED_FLAGS) | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
    }

    /**
     * Creates a file and opens it. When the name exists (a race with another creator) and the
     * caller did not ask for O_EXCL, opens the existing file instead.
     *
     * @return the descriptor, or {@code -errno}; {@code created[0]} tells whether the file is new
     */
    int create(String path, int flags, int mode, int uid, int gid, boolean[] created) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            if (at.isRoot()) {
                return -LibC.EISDIR;
            }
            int base = (flags & PASSED_FLAGS) | LibC.O_NOFOLLOW | LibC.O_CLOEXEC;
            // O_CREAT|O_EXCL never follows a symlink at the last component.
            int fd = libc.openat(at.dirFd(), at.name(), base | LibC.O_CREAT | LibC.O_EXCL, mode & 07777);
            if (fd >= 0) {
                created[0] = true;
                int r = handOver(at, fd, uid, gid, mode & 07777, false);
                if (r < 0) {
                    libc.close(fd);
                    libc.unlinkat(at.dirFd(), at.name(), 0);
                    return r;
                }
                return fd;
            }
            int err = Errno.last();
            if (err != -LibC.EEXIST || (flags & LibC.O_EXCL) != 0) {
                return err;
            }
            created[0] = false;
            return Errno.count(libc.openat(at.dirFd(), at.name(), base, 0));
        }
    }

    int opendir(String path) {
        return root.open(path, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
    }

    int statfs(Pointer statvfs) {
        return Errno.of(libc.fstatvfs(root.fd(), statvfs));
    }

    int setxattr(String path, String name, Pointer value, long size, int flags) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            String p = at.procPath();
            return Errno.of(at.isRoot() ? libc.setxattr(p, name, value, size, flags)
                    : libc.lsetxattr(p, name, value, size, flags));
        }
    }

    int getxattr(String path, String name, Pointer value, long size) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            String p = at.procPath();
            return Errno.count(at.isRoot() ? libc.getxattr(p, name, value, size) : libc.lgetxattr(p, name, value, size));
        }
    }

    int listxattr(String path, Pointer list, long size) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            String p = at.procPath();
            return Errno.count(at.isRoot() ? libc.listxattr(p, list, size) : libc.llistxattr(p, list, size));
        }
    }

    int removexattr(String path, String name) {
        try (Location at = root.locate(path)) {
            if (at.failed()) {
                return at.error();
            }
            String p = at.procPath();
            return Errno.of(at.isRoot() ? libc.removexattr(p, name) : libc.lremovexattr(p, name));
        }
    }

    /** Reads directory records (linux_dirent64) of an open directory into {@code buf}; returns the byte count. */
    int getdents(int fd, ByteBuffer buf) {
        return Errno.count(libc.syscall(LibC.SYS_GETDENTS64, fd, buf, buf.capacity()));
    }

    int rewind(int fd) {
        return libc.lseek(fd, 0, LibC.SEEK_SET) < 0 ? Errno.last() : 0;
    }

    /**
     * Gives a node the daemon just created to the caller: owner, group (the parent's when the
     * parent is set-group-ID, as the kernel would), and the exact mode asked for.
     *
     * @param fd   an open descriptor of the node, or -1 to reach it by name (never following it)
     * @param mode the permission bits to end with, or -1 to leave them (symlinks)
     */
    private int handOver(Location at, int fd, int uid, int gid, int mode, boolean directory) {
        Pointer parent = Scratch.get().stat2;
        int parentMode = 0;
        if (libc.fstatat(at.dirFd(), at.isRoot() ? at.name() : "", parent,
                at.isRoot() ? 0 : LibC.AT_EMPTY_PATH) == 0) {
            parentMode = StatBuffer.mode(parent);
        }
        boolean groupFromParent = (parentMode & S_ISGID) != 0;
        int newGid = groupFromParent ? -1 : gid;
        if (uid != 0 || newGid > 0) {
            int rc = fd >= 0 ? libc.fchown(fd, uid, newGid)
                    : libc.fchownat(at.dirFd(), at.name(), uid, newGid, LibC.AT_SYMLINK_NOFOLLOW);
            if (rc < 0) {
                return Errno.last();
            }
        }
        if (mode < 0) {
            return 0;
        }
        int want = mode;
        if (directory && groupFromParent) {
            want |= S_ISGID; // the kernel gives a new directory in a set-group-ID directory that bit
        }
        // chown clears set-user-ID and set-group-ID; the daemon's umask may have cleared more.
        if ((mode & (daemonUmask | S_ISUID | S_ISGID)) == 0 && want == mode) {
            return 0;
        }
        return fd >= 0 ? Errno.of(libc.fchmod(fd, want)) : chmodNoFollow(at, want);
    }

    /**
     * chmod that never follows the last component: Linux has no lchmod, so the node is opened
     * with O_PATH|O_NOFOLLOW and changed through its descriptor's /proc link, which leads to
     * exactly that inode.
     */
    private int chmodNoFollow(Location at, int mode) {
        if (at.isRoot()) {
            return Errno.of(libc.chmod(at.name(), mode));
        }
        int fd = libc.openat(at.dirFd(), at.name(), LibC.O_PATH | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
        if (fd < 0) {
            return Errno.last();
        }
        try {
            Pointer st = Scratch.get().stat2;
            if (libc.fstatat(fd, "", st, LibC.AT_EMPTY_PATH) < 0) {
                return Errno.last();
            }
            if (StatBuffer.isSymlink(StatBuffer.mode(st))) {
                return -LibC.EOPNOTSUPP;
            }
            return Errno.of(libc.chmod("/proc/self/fd/" + fd, mode));
        } finally {
            libc.close(fd);
        }
    }

    private static int readUmask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring(6).trim(), 8);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: assume the usual umask, which only means an extra fchmod per create
        }
        return 022;
    }

    @Override
    public void close() {
        root.close();
    }
}
