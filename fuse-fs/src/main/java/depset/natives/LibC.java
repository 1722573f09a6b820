package depset.natives;

import java.nio.ByteBuffer;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.Encoding;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The C library calls depset makes itself (Linux x86-64 only), bound with jnr-ffi.
 *
 * <p>Every call returns what libc returns (-1 and {@code errno} on failure); {@link #errno()}
 * reads the errno the calling thread's last call saved. Constants are the x86-64 values from
 * the kernel headers. Raw system calls that glibc does not wrap (openat2, getdents64) go
 * through {@code syscall}, overloaded per call because jnr binds by name and fixed arguments.
 *
 * <p>String arguments are <em>byte strings</em>: each char 0–255 is one byte (ISO-8859-1), so a
 * file name that is not valid UTF-8 reaches the kernel exactly as FUSE gave it. Convert a Java
 * text path with {@link depset.trace.FileNames#toNative} first. They are copied to C in bulk
 * ({@link ByteStringParameter}), not encoded char by char.
 */
@Encoding("ISO-8859-1")
public interface LibC {
    LibC INSTANCE = LibraryLoader.create(LibC.class).option(LibraryOption.SaveError, true)
            .map(String.class, ByteStringParameter.INSTANCE).load("c");
    Runtime RUNTIME = Runtime.getRuntime(INSTANCE);

    long SYS_GETDENTS64 = 217;
    long SYS_OPENAT2 = 437;

    int O_RDONLY = 0;
    int O_WRONLY = 01;
    int O_RDWR = 02;
    int O_ACCMODE = 03;
    int O_CREAT = 0100;
    int O_EXCL = 0200;
    int O_TRUNC = 01000;
    int O_APPEND = 02000;
    int O_NONBLOCK = 04000;
    int O_DSYNC = 010000;
    int O_DIRECT = 040000;
    int O_LARGEFILE = 0100000;
    int O_DIRECTORY = 0200000;
    int O_NOFOLLOW = 0400000;
    int O_NOATIME = 01000000;
    int O_CLOEXEC = 02000000;
    int O_SYNC = 04010000;
    int O_PATH = 010000000;

    long RESOLVE_NO_MAGICLINKS = 0x02;
    long RESOLVE_NO_SYMLINKS = 0x04;
    long RESOLVE_BENEATH = 0x08;

    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;
    int AT_REMOVEDIR = 0x200;
    int AT_EACCESS = 0x200;
    int AT_EMPTY_PATH = 0x1000;

    int MNT_DETACH = 2;
    int SEEK_SET = 0;
    int SEEK_DATA = 3;
    int SEEK_HOLE = 4;

    int EPERM = 1;
    int ENOENT = 2;
    int EIO = 5;
    int ENXIO = 6;
    int EBADF = 9;
    int EACCES = 13;
    int EBUSY = 16;
    int EEXIST = 17;
    int EXDEV = 18;
    int EISDIR = 21;
    int ENOTDIR = 20;
    int EINVAL = 22;
    int ERANGE = 34;
    int ENOSYS = 38;
    int ELOOP = 40;
    int ENODATA = 61;
    int EOPNOTSUPP = 95;

    /** The errno saved by this thread's last call through this interface. */
    static int errno() {
        return LastError.getLastError(RUNTIME);
    }

    int geteuid();

    /** openat2(dirfd, path, &how, sizeof how): {@code how} is a struct open_how (u64 flags, mode, resolve). */
    long syscall(long nr, int dirfd, String path, Pointer how, long size);

    /** getdents64(fd, buf, count). */
    long syscall(long nr, int fd, ByteBuffer buf, long count);

    /** io_uring_setup(entries, &params): {@code params} is a struct io_uring_params ({@link IoUring}). */
    long syscall(long nr, int entries, Pointer params);

    /** io_uring_enter(fd, to_submit, min_complete, flags, NULL, 0). */
    long syscall(long nr, int fd, int toSubmit, int minComplete, int flags, Pointer sig, long sigSize);

    /** mmap(2); returns the address, or -1 (MAP_FAILED). */
    long mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

    int munmap(Pointer addr, long length);

    /** sched_setaffinity(pid, size, mask): pid 0 is the calling thread. */
    int sched_setaffinity(int pid, long size, Pointer mask);

    /** sched_setscheduler(pid, policy, param): pid 0 is the calling thread. */
    int sched_setscheduler(int pid, int policy, Pointer param);

    int openat(int dirfd, String path, int flags, int mode);

    int close(int fd);

    /** writev(fd, iov, iovcnt): {@code iov} is an array of struct iovec (void *base, size_t len). */
    long writev(int fd, Pointer iov, int iovcnt);

    /** ioctl(fd, request, arg) for a request whose argument is a pointer. */
    int ioctl(int fd, long request, Pointer arg);

    int fstatat(int dirfd, String path, Pointer statbuf, int flags);

    int fstatvfs(int fd, Pointer statvfsbuf);

    int mkdirat(int dirfd, String path, int mode);

    int mknodat(int dirfd, String path, int mode, long dev);

    int unlinkat(int dirfd, String path, int flags);

    int renameat(int olddirfd, String oldpath, int newdirfd, String newpath);

    int linkat(int olddirfd, String oldpath, int newdirfd, String newpath, int flags);

    int symlinkat(String target, int newdirfd, String linkpath);

    long readlinkat(int dirfd, String path, Pointer buf, long size);

    int fchownat(int dirfd, String path, int owner, int group, int flags);

    int fchown(int fd, int owner, int group);

    int fchmod(int fd, int mode);

    int chmod(String path, int mode);

    int utimensat(int dirfd, String path, Pointer times, int flags);

    int faccessat(int dirfd, String path, int mode, int flags);

    long pread(int fd, Pointer buf, long count, long offset);

    long pwrite(int fd, Pointer buf, long count, long offset);

    long lseek(int fd, long offset, int whence);

    int ftruncate(int fd, long length);

    int fsync(int fd);

    int fdatasync(int fd);

    int fallocate(int fd, int mode, long offset, long len);

    int setxattr(String path, String name, Pointer value, long size, int flags);

    int lsetxattr(String path, String name, Pointer value, long size, int flags);

    long getxattr(String path, String name, Pointer value, long size);

    long lgetxattr(String path, String name, Pointer value, long size);

    long listxattr(String path, Pointer list, long size);

    long llistxattr(String path, Pointer list, long size);

    int removexattr(String path, String name);

    int lremovexattr(String path, String name);

    int umount2(String target, int flags);

    int CLONE_NEWNS = 0x00020000;
    long MS_REC = 0x4000;
    long MS_PRIVATE = 0x40000;

    /** unshare(flags): with {@link #CLONE_NEWNS}, for the calling thread only (it gets a copy of its mount namespace). */
    int unshare(int flags);

    /** mount(2); {@code data} may be null. */
    int mount(String source, String target, String fstype, long flags, String data);

    // For writing a deployment set out (depset.fsops.NativePosixFiles): what the JDK does not offer, with
    // Java arrays instead of native memory. mknod for fifos and devices; the l*xattr family (the JDK reaches
    // only user.* and follows links); lseek's SEEK_DATA/SEEK_HOLE for sparse files; utimensat with
    // AT_SYMLINK_NOFOLLOW for nanosecond times on symlinks.

    int mknod(String path, int mode, long dev);

    int open(String path, int flags);

    long lgetxattr(String path, String name, @Out byte[] value, long size);

    long llistxattr(String path, @Out byte[] list, long size);

    int lsetxattr(String path, String name, @In byte[] value, long size, int flags);

    /** {@code times} is {@code struct timespec[2]}: atime sec, nsec, mtime sec, nsec. */
    int utimensat(int dirfd, String path, @In long[] times, int flags);

    String strerror(int errnum);

    int RTLD_NOW = 2;

    Pointer dlopen(String file, int mode);

    /** The address of one version of a symbol (libfuse2 exports several fuse_new). */
    Pointer dlvsym(Pointer handle, String symbol, String version);
}
