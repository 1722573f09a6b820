package depset.fs;

import depset.fs.HandleTable.Handle;
import depset.natives.LibC;
import depset.natives.LibFuse2;
import depset.natives.StatBuffer;
import depset.trace.FileType;
import depset.trace.Op;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The recording pass-through file system: every FUSE request is served on the backing tree
 * ({@link BackingTree}) and recorded ({@link Recorder}) as one file event, with the caller's
 * thread, process, uid and gid.
 *
 * <p>Concurrency: libfuse calls these methods from several threads at once
 * ({@link RequestWorkers}); every piece of state here is either immutable, thread-safe, or per
 * thread ({@link Request}, {@link Scratch}).
 *
 * <p>Permissions are checked by the kernel ({@code default_permissions}) against the attributes
 * getattr returns, with the caller's full credentials; the daemon, running as root, then does
 * what was allowed. So ACCESS requests never come (access(2) shows up as a getattr).
 *
 * <p>There is no flush: libfuse answers the first one ENOSYS and the kernel then sends none,
 * sparing a round trip on every close(2). The backing descriptor is written synchronously and
 * closed at release, so a flush would have nothing to do, and it says nothing about a dependency.
 */
public final class TraceFs extends FuseStubFS {
    private final LibC libc = LibC.INSTANCE;
    private final LibFuse2 fuse;
    private final BackingTree tree;
    private final Recorder recorder;
    private final HandleTable handles = new HandleTable();
    private final PassthroughFiles passthrough;
    private final ContentCache contents = new ContentCache();
    private final LongAdder[] servedByOp = newCounters();
    private final CountDownLatch initialized = new CountDownLatch(1);
    private final ThreadLocal<Request> requests = ThreadLocal.withInitial(Request::new);
    private final Pointer operations;
    private final ByteNameCallbacks byteNames;
    /** Held so that its native closure lives as long as the mount. */
    private final LibFuse2.FsyncdirCallback fsyncdir;

    /** @param passthrough false to serve every read and write of an open file here ({@link PassthroughFiles}) */
    TraceFs(LibFuse2 fuse, BackingTree tree, Recorder recorder, boolean passthrough) {
        this.passthrough = new PassthroughFiles(handles, passthrough);
        this.fuse = fuse;
        this.tree = tree;
        this.recorder = recorder;
        // jnr-fuse keeps struct fuse_operations in Java heap memory (it copies it for each call
        // of fuse_main); fuse_new needs it in native memory.
        Pointer heap = Struct.getMemory(fuseOperations);
        int size = Struct.size(fuseOperations);
        if (size != LibFuse2.OPERATIONS_SIZE) {
            throw new IllegalStateException("unexpected struct fuse_operations size " + size);
        }
        byte[] bytes = new byte[size];
        heap.get(0, bytes, 0, size);
        operations = Memory.allocateDirect(LibC.RUNTIME, size, true);
        operations.put(0, bytes, 0, size);
        // Let read/write/fgetattr/release reach an open file even when libfuse has no path for
        // it (nullpath_ok: the path is then null; the handle knows the file), and let utimens
        // see UTIME_NOW/UTIME_OMIT as they were asked.
        int flags = LibFuse2.OPERATIONS_FLAGS;
        operations.putInt(flags, operations.getInt(flags) | 1 /* nullpath_ok */ | 4 /* utime_omit_ok */);
        // Names reach this class as byte strings, whatever bytes they hold (jnr-fuse's own
        // callbacks would decode them as UTF-8, losing the invalid ones).
        byteNames = ByteNameCallbacks.install(this, fuseOperations, operations);
        // jnr-fuse's fsyncdir has the wrong signature: install one with the right one.
        fsyncdir = (path, datasync, fi) -> sync(Op.FSYNCDIR, ByteNameCallbacks.name(path), datasync,
                Scratch.fileInfo(fi));
        operations.putAddress(LibFuse2.OPERATIONS_FSYNCDIR,
                LibC.RUNTIME.getClosureManager().getClosurePointer(LibFuse2.FsyncdirCallback.class, fsyncdir).address());
    }

    /** How open files' reads and writes are served: here, or by the kernel from the backing descriptor. */
    PassthroughFiles passthrough() {
        return passthrough;
    }

    /** The struct fuse_operations to hand to fuse_new, in native memory. */
    Pointer operations() {
        return operations;
    }

    long operationsSize() {
        return LibFuse2.OPERATIONS_SIZE;
    }

    /**
     * Requests served so far (counted apart from the trace): every kernel request, not the
     * calls libfuse makes of its own for files unlinked while open.
     */
    long requestsServed() {
        long n = 0;
        for (LongAdder c : servedByOp) {
            n += c.sum(); // one counter per request on the hot path; the total is read rarely
        }
        return n;
    }

    /** {@link #requestsServed()} by the callback that served them, the busiest first; none for an op never served. */
    Map<Op, Long> requestsByOp() {
        long[] counts = new long[servedByOp.length]; // read once: a sort over live counters may see them change
        for (int i = 0; i < counts.length; i++) {
            counts[i] = servedByOp[i].sum();
        }
        List<Op> ops = new ArrayList<>(List.of(Op.values()));
        ops.sort(Comparator.comparingLong((Op o) -> -counts[o.ordinal()]));
        Map<Op, Long> out = new LinkedHashMap<>();
        for (Op o : ops) {
            if (counts[o.ordinal()] > 0) {
                out.put(o, counts[o.ordinal()]);
            }
        }
        return out;
    }

    private static LongAdder[] newCounters() {
        LongAdder[] counters = new LongAdder[Op.values().length];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
        return counters;
    }

    /** Requests served whose events the trace writer refused (it had failed). */
    long unrecorded() {
        return recorder.unrecorded();
    }

    /** Waits until the kernel's INIT request was answered: from then on the mount serves requests. */
    boolean awaitInit(long timeout, TimeUnit unit) throws InterruptedException {
        return initialized.await(timeout, unit);
    }

    @Override
    public Pointer init(Pointer conn) {
        initialized.countDown();
        return null;
    }

    @Override
    public void destroy(Pointer initResult) {
        // nothing to release here: TraceMount closes the backing root after the loop ends
    }

    @Override
    public int getattr(String path, FileStat stat) {
        return getattr(path, Struct.getMemory(stat));
    }

    /**
     * getattr on the stat buffer as the pointer it is ({@link ByteNameCallbacks} calls this one):
     * most requests are getattrs, and a FileStat view is some thirty Java objects per call.
     */
    int getattr(String path, Pointer buf) {
        Request q = begin(Op.GETATTR, path);
        try {
            int r = tree.lstat(path, buf);
            if (r == 0) {
                q.at(buf, false);
            } else if (isHidden(path)) {
                return r; // libfuse looking for a free .fuse_hidden name: not a kernel request
            }
            return q.end(r);
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int fgetattr(String path, FileStat stat, FuseFileInfo fi) {
        return fgetattr(path, Struct.getMemory(stat), fi);
    }

    /** fgetattr on the stat buffer as the pointer it is, as {@link #getattr(String, Pointer)}. */
    int fgetattr(String path, Pointer buf, FuseFileInfo fi) {
        Request q = begin(Op.GETATTR, path);
        try {
            Handle h = handles.get(fi.fh.get());
            if (h == null) {
                return q.end(-LibC.EBADF);
            }
            q.at(h);
            return q.end(tree.fstat(h.fd(), buf));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int readlink(String path, Pointer buf, long size) {
        Request q = begin(Op.READLINK, path);
        try {
            if (size <= 0) {
                return q.end(-LibC.EINVAL);
            }
            int n = tree.readlink(path, buf, size - 1);
            if (n < 0) {
                return q.end(n);
            }
            buf.putByte(n, (byte) 0);
            q.atPath(path);
            return q.end(0);
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int mknod(String path, long mode, long rdev) {
        Request q = begin(Op.MKNOD, path);
        q.flags = (int) mode;
        try {
            int r = tree.mknod(path, (int) mode, rdev, q.uid, q.gid);
            if (r == 0) {
                q.atCreated(path);
            }
            return q.end(r);
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int mkdir(String path, long mode) {
        Request q = begin(Op.MKDIR, path);
        q.flags = (int) mode;
        try {
            int r = tree.mkdir(path, (int) mode, q.uid, q.gid);
            if (r == 0) {
                q.atCreated(path);
            }
            return q.end(r);
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int unlink(String path) {
        Request q = begin(Op.UNLINK, path);
        if (isHidden(path)) {
            // libfuse removing its stand-in at the last release: not a kernel request (the
            // caller's unlink was recorded when the file was hidden)
            return tree.unlink(path);
        }
        try {
            q.atPath(path);
            passthrough.forget(path);
            return q.end(tree.unlink(path));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int rmdir(String path) {
        Request q = begin(Op.RMDIR, path);
        try {
            q.atPath(path);
            return q.end(tree.rmdir(path));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    /** FUSE's symlink(from, to): {@code target} is the link's content, {@code path} the new name. */
    @Override
    public int symlink(String target, String path) {
        Request q = begin(Op.SYMLINK, path);
        q.path2 = target;
        try {
            int r = tree.symlink(target, path, q.uid, q.gid);
            if (r == 0) {
                q.atCreated(path);
            }
            return q.end(r);
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    /**
     * A rename, or libfuse hiding a file unlinked while still open: it renames it to
     * {@code .fuse_hiddenNNN} in the same directory (so that fstat of the open file still finds
     * it by path) and unlinks that name on the last release. Recorded as what the caller asked:
     * an unlink of the original name.
     */
    @Override
    public int rename(String from, String to) {
        boolean hiding = isHidden(to);
        Request q = begin(hiding ? Op.UNLINK : Op.RENAME, from);
        q.path2 = hiding ? null : to;
        try {
            q.atPath(from);
            passthrough.forget(from);
            passthrough.forget(to);
            return q.end(tree.rename(from, to));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int link(String from, String to) {
        Request q = begin(Op.LINK, from);
        q.path2 = to;
        try {
            q.atPath(from);
            return q.end(tree.link(from, to));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int chmod(String path, long mode) {
        Request q = begin(Op.CHMOD, path);
        q.flags = (int) mode;
        try {
            q.atPath(path);
            return q.end(tree.chmod(path, (int) mode));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int chown(String path, long uid, long gid) {
        Request q = begin(Op.CHOWN, path);
        try {
            q.atPath(path);
            return q.end(tree.chown(path, (int) uid, (int) gid));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int truncate(String path, long size) {
        Request q = begin(Op.TRUNCATE, path);
        try {
            q.atPath(path);
            return q.end(tree.truncate(path, size, Scratch.get().suidGidKillAsked));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int ftruncate(String path, long size, FuseFileInfo fi) {
        Request q = begin(Op.TRUNCATE, path);
        try {
            Handle h = handles.get(fi.fh.get());
            if (h == null) {
                return q.end(-LibC.EBADF);
            }
            q.at(h);
            int killed = SuidGidKill.apply(libc, Scratch.get().suidGidKillAsked, h.fd());
            if (killed < 0) {
                return q.end(killed);
            }
            return q.end(Errno.of(libc.ftruncate(h.fd(), size)));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        Request q = begin(Op.UTIMENS, path);
        try {
            q.atPath(path);
            // libfuse passes the two timespecs contiguously; the first one's memory is their start.
            return q.end(tree.utimens(path, Struct.getMemory(timespec[0])));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int access(String path, int mask) {
        Request q = begin(Op.ACCESS, path);
        q.flags = mask;
        try {
            q.atPath(path);
            return q.end(tree.access(path, mask));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        Request q = begin(Op.OPEN, path);
        try {
            q.flags = fi.flags.get();
            int fd = tree.open(path, q.flags);
            if (fd < 0) {
                return q.end(fd);
            }
            return q.end(opened(q, fd, fi, false));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int create(String path, long mode, FuseFileInfo fi) {
        Request q = begin(Op.CREATE, path);
        try {
            q.flags = fi.flags.get();
            boolean[] created = new boolean[1];
            int fd = tree.create(path, q.flags, (int) mode, q.uid, q.gid, created);
            if (fd < 0) {
                return q.end(fd);
            }
            return q.end(opened(q, fd, fi, created[0]));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    /** Registers a freshly opened backing descriptor as the request's file handle. */
    private int opened(Request q, int fd, FuseFileInfo fi, boolean created) {
        Scratch scratch = Scratch.get(); // once: every open comes here
        Pointer st = scratch.stat;
        int r = tree.fstat(fd, st);
        if (r < 0) {
            libc.close(fd);
            return r;
        }
        q.at(st, created);
        int mode = StatBuffer.mode(st);
        int killed = SuidGidKill.apply(libc, scratch.suidGidKillAsked, fd); // an O_TRUNC open by a caller without CAP_FSETID
        if (killed < 0) {
            libc.close(fd);
            return killed;
        }
        handles.put(new Handle(fd, q.dev, q.ino, q.path, SuidGidKill.applies(mode),
                (q.flags & LibC.O_ACCMODE) == LibC.O_RDONLY));
        fi.fh.set(fd);
        // jnr-fuse's FuseFileInfo misplaces the bit fields (it has no writepage member): they
        // are set in the real struct.
        int bits = 0;
        if ((q.flags & LibC.O_DIRECT) != 0) {
            bits = LibFuse2.FILE_INFO_DIRECT_IO; // O_DIRECT I/O bypasses the page cache
        } else if (StatBuffer.isRegular(StatBuffer.mode(st))
                && contents.unchanged(q.dev, q.ino, StatBuffer.size(st), StatBuffer.mtimeNanos(st))
                && (q.flags & LibC.O_TRUNC) == 0) {
            bits = LibFuse2.FILE_INFO_KEEP_CACHE;
        }
        if (bits != 0) {
            Pointer info = Struct.getMemory(fi);
            info.putInt(LibFuse2.FILE_INFO_BITS, info.getInt(LibFuse2.FILE_INFO_BITS) | bits);
        }
        return 0;
    }

    @Override
    public int read(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        Request q = begin(Op.READ, path);
        try {
            Handle h = handles.get(fi.fh.get());
            if (h == null) {
                return q.end(-LibC.EBADF);
            }
            q.at(h);
            return q.end(Errno.count(libc.pread(h.fd(), buf, size, offset)));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int write(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        Request q = begin(Op.WRITE, path);
        try {
            Handle h = handles.get(fi.fh.get());
            if (h == null) {
                return q.end(-LibC.EBADF);
            }
            q.at(h);
            int killed = SuidGidKill.apply(libc, Scratch.get().suidGidKillAsked, h.fd());
            if (killed < 0) {
                return q.end(killed);
            }
            return q.end(Errno.count(libc.pwrite(h.fd(), buf, size, offset)));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int statfs(String path, Statvfs stbuf) {
        Request q = begin(Op.STATFS, path);
        try {
            return q.end(tree.statfs(Struct.getMemory(stbuf)));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        return releaseHandle(Op.RELEASE, path, fi);
    }

    @Override
    public int releasedir(String path, FuseFileInfo fi) {
        return releaseHandle(Op.RELEASEDIR, path, fi);
    }

    private int releaseHandle(Op op, String path, FuseFileInfo fi) {
        Request q = begin(op, path);
        try {
            Handle h = handles.remove(fi.fh.get());
            if (h == null) {
                return q.end(-LibC.EBADF);
            }
            q.at(h);
            passthrough.released(h);
            return q.end(Errno.of(libc.close(h.fd())));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int fsync(String path, int isdatasync, FuseFileInfo fi) {
        return sync(Op.FSYNC, path, isdatasync, fi);
    }

    private int sync(Op op, String path, int datasync, FuseFileInfo fi) {
        Request q = begin(op, path);
        try {
            Handle h = handles.get(fi.fh.get());
            if (h == null) {
                return q.end(-LibC.EBADF);
            }
            q.at(h);
            return q.end(Errno.of(datasync != 0 ? libc.fdatasync(h.fd()) : libc.fsync(h.fd())));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int fallocate(String path, int mode, long off, long length, FuseFileInfo fi) {
        Request q = begin(Op.FALLOCATE, path);
        q.flags = mode;
        try {
            Handle h = handles.get(fi.fh.get());
            if (h == null) {
                return q.end(-LibC.EBADF);
            }
            q.at(h);
            return q.end(Errno.of(libc.fallocate(h.fd(), mode, off, length)));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int opendir(String path, FuseFileInfo fi) {
        Request q = begin(Op.OPENDIR, path);
        try {
            q.flags = fi.flags.get();
            int fd = tree.opendir(path);
            if (fd < 0) {
                return q.end(fd);
            }
            return q.end(opened(q, fd, fi, false));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    /**
     * Lists a directory in one go (offset 0 to the filler: libfuse keeps the listing), giving
     * each entry its inode and type so that tools need not lstat every entry.
     */
    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, long offset, FuseFileInfo fi) {
        Request q = begin(Op.READDIR, path);
        try {
            Handle h = handles.get(fi.fh.get());
            if (h == null) {
                return q.end(-LibC.EBADF);
            }
            q.at(h);
            int r = tree.rewind(h.fd());
            if (r < 0) {
                return q.end(r);
            }
            Scratch s = Scratch.get();
            ByteBuffer d = s.dirents;
            Pointer entry = s.stat2;
            while (true) {
                int n = tree.getdents(h.fd(), d);
                if (n <= 0) {
                    return q.end(n);
                }
                for (int pos = 0; pos < n; ) {
                    long ino = d.getLong(pos);
                    int reclen = d.getShort(pos + 16) & 0xffff;
                    int type = d.get(pos + 18) & 0xff;
                    int name = pos + 19;
                    int end = name;
                    while (d.get(end) != 0) {
                        end++;
                    }
                    if (isHiddenName(d, name, end)) {
                        pos += reclen;
                        continue; // libfuse's stand-in for a file unlinked while open: not listed
                    }
                    StatBuffer.setEntry(entry, ino, type << 12);
                    // The name is handed over in place: a slice of the direct buffer starts at
                    // the name, and getdents64 NUL-terminates it.
                    if (filler.apply(buf, d.slice(name, end - name + 1), entry, 0) != 0) {
                        return q.end(-12); // ENOMEM: libfuse could not grow its listing
                    }
                    pos += reclen;
                }
            }
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int setxattr(String path, String name, Pointer value, long size, int flags) {
        Request q = begin(Op.SETXATTR, path);
        q.flags = flags;
        try {
            q.atPath(path);
            return q.end(tree.setxattr(path, name, value, size, flags));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int getxattr(String path, String name, Pointer value, long size) {
        Request q = begin(Op.GETXATTR, path);
        try {
            q.atPath(path);
            return q.end(tree.getxattr(path, name, value, size));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int listxattr(String path, Pointer list, long size) {
        Request q = begin(Op.LISTXATTR, path);
        try {
            q.atPath(path);
            return q.end(tree.listxattr(path, list, size));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    @Override
    public int removexattr(String path, String name) {
        Request q = begin(Op.REMOVEXATTR, path);
        try {
            q.atPath(path);
            return q.end(tree.removexattr(path, name));
        } catch (Throwable t) {
            return q.fail(t);
        }
    }

    private static final String HIDDEN = ".fuse_hidden";
    private static final byte[] HIDDEN_BYTES = HIDDEN.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** True for the names libfuse gives files unlinked while open. */
    static boolean isHidden(String path) {
        return path.startsWith(HIDDEN, path.lastIndexOf('/') + 1);
    }

    private static boolean isHiddenName(ByteBuffer d, int name, int end) {
        if (end - name < HIDDEN_BYTES.length) {
            return false;
        }
        for (int i = 0; i < HIDDEN_BYTES.length; i++) {
            if (d.get(name + i) != HIDDEN_BYTES[i]) {
                return false;
            }
        }
        return true;
    }

    private Request begin(Op op, String path) {
        Request q = requests.get();
        Pointer ctx = fuse.fuse_get_context();
        q.op = op;
        q.path = path;
        q.path2 = null;
        q.dev = 0;
        q.ino = 0;
        q.flags = 0;
        q.uid = ctx.getInt(LibFuse2.CONTEXT_UID);
        q.gid = ctx.getInt(LibFuse2.CONTEXT_GID);
        q.tid = ctx.getInt(LibFuse2.CONTEXT_PID);
        return q;
    }

    /**
     * The request a FUSE thread is serving: filled as it goes, recorded by {@link #end}. One
     * per thread, reused, so the hot path allocates only the event itself.
     */
    private final class Request {
        Op op;
        String path;
        String path2;
        long dev;
        long ino;
        int tid;
        int uid;
        int gid;
        int flags;

        /** The request reached the inode whose stat is in {@code st}; describes it if new. */
        void at(Pointer st, boolean created) {
            dev = StatBuffer.dev(st);
            ino = StatBuffer.ino(st);
            if (created || recorder.isNew(dev, ino)) {
                recorder.inode(dev, ino, path, meta(st), created);
            }
        }

        /** The request reaches an existing name: its inode as it is before the request acts. */
        void atPath(String p) {
            Pointer st = Scratch.get().stat;
            if (tree.lstat(p, st) == 0) {
                at(st, false);
            }
        }

        /** The request created {@code p}. */
        void atCreated(String p) {
            Pointer st = Scratch.get().stat;
            if (tree.lstat(p, st) == 0) {
                at(st, true);
            }
        }

        void at(Handle h) {
            dev = h.dev();
            ino = h.ino();
            if (path == null) {
                path = h.path(); // unlinked while open: the name it was opened by
            }
        }

        private Recorder.Meta meta(Pointer st) {
            int mode = StatBuffer.mode(st);
            String target = StatBuffer.isSymlink(mode) ? tree.readlinkString(path) : null;
            return new Recorder.Meta(FileType.ofMode(mode), mode, StatBuffer.uid(st), StatBuffer.gid(st),
                    StatBuffer.size(st), StatBuffer.nlink(st), StatBuffer.mtimeNanos(st), target);
        }

        int end(int result) {
            servedByOp[op.ordinal()].increment();
            recorder.file(op, path, path2, ino, dev, tid, uid, gid, flags, Errno.forTrace(result));
            return result;
        }

        int fail(Throwable t) {
            return end(Errno.of(t));
        }
    }
}
