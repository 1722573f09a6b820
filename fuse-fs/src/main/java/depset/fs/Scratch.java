package depset.fs;

import depset.natives.LibC;
import depset.natives.StatBuffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * Native buffers owned by one FUSE worker thread, reused from request to request so that the
 * hot path allocates no native memory. A thread serves one request at a time, so nothing here
 * is shared.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> MINE = ThreadLocal.withInitial(Scratch::new);
    static final int PATH_MAX = 4096;

    /** A struct stat for stats the daemon makes for itself (before an operation, of a new file). */
    final Pointer stat = Memory.allocateDirect(LibC.RUNTIME, StatBuffer.SIZE, true);
    /** A second struct stat: a directory entry for readdir's filler, or a parent directory. */
    final Pointer stat2 = Memory.allocateDirect(LibC.RUNTIME, StatBuffer.SIZE, true);
    /** struct open_how {u64 flags; u64 mode; u64 resolve}. */
    final Pointer how = Memory.allocateDirect(LibC.RUNTIME, 24, true);
    /** struct fuse_backing_map {s32 fd; u32 flags; u64 padding}, or a backing id, for {@link PassthroughFiles}. */
    final Pointer backingMap = Memory.allocateDirect(LibC.RUNTIME, 16, true);
    /** A symlink target. */
    final Pointer link = Memory.allocateDirect(LibC.RUNTIME, PATH_MAX, true);
    /** getdents64 records. */
    final ByteBuffer dirents = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.nativeOrder());

    /**
     * jnr-fuse's view of a struct fuse_file_info, pointed at each request's own ({@link
     * #fileInfo}): {@code FuseFileInfo.of} built a new view, a dozen field objects, per request.
     */
    private final FuseFileInfo fileInfo = new FuseFileInfo(Runtime.getSystemRuntime()) {
    };

    /**
     * Whether the request this worker is serving asks to drop set-ID bits ({@link SuidGidKill}),
     * read by {@link RequestWorkers} before libfuse2 serves it: libfuse2 clears the flag of a
     * SETATTR in the request itself before TraceFs sees it. False off a worker thread.
     */
    boolean suidGidKillAsked;

    private Scratch() {
    }

    static Scratch get() {
        return MINE.get();
    }

    /**
     * This thread's view of the struct fuse_file_info at {@code p}, valid until the thread's
     * next call: a callback reads and sets it and keeps no reference.
     */
    static FuseFileInfo fileInfo(Pointer p) {
        FuseFileInfo fi = MINE.get().fileInfo;
        fi.useMemory(p);
        return fi;
    }
}
