package depset.natives;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Encoding;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * libc calls the JDK does not offer, for writing a deployment set out: {@code mknod} for fifos and
 * devices, the {@code l*xattr} family (the JDK reaches only {@code user.*} and follows links),
 * {@code lseek} with {@code SEEK_DATA}/{@code SEEK_HOLE} for sparse files, and {@code utimensat}
 * with {@code AT_SYMLINK_NOFOLLOW} for nanosecond times on symlinks.
 *
 * <p>String arguments are <em>byte strings</em> (ISO-8859-1: one char per byte), as in {@link LibC}, so
 * that a name reaches the kernel with its exact bytes ({@link depset.trace.FileNames#toNative}).
 *
 * <p>Use {@link #LIBC} and {@link #errno()}; nothing outside {@code fuse-fs} sees this interface.
 */
@Encoding("ISO-8859-1")
public interface FileOps {
    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;
    int O_RDONLY = 0;
    int O_NOFOLLOW = 0400000;
    int O_CLOEXEC = 02000000;
    int SEEK_DATA = 3;
    int SEEK_HOLE = 4;
    int ENXIO = 6;
    int ENODATA = 61;
    int ERANGE = 34;

    /** The loaded binding; every call saves errno. */
    FileOps LIBC = LibraryLoader.create(FileOps.class)
            .option(LibraryOption.SaveError, true)
            .load("c");

    /** errno of the last call on this thread. */
    static int errno() {
        return Runtime.getRuntime(LIBC).getLastError();
    }

    int mknod(String path, int mode, long dev);

    long lgetxattr(String path, String name, @Out byte[] value, long size);

    long llistxattr(String path, @Out byte[] list, long size);

    int lsetxattr(String path, String name, @In byte[] value, long size, int flags);

    int open(String path, int flags);

    long lseek(int fd, long offset, int whence);

    int close(int fd);

    /** {@code times} is {@code struct timespec[2]}: atime sec, nsec, mtime sec, nsec. */
    int utimensat(int dirfd, String path, @In long[] times, int flags);

    String strerror(int errnum);
}
