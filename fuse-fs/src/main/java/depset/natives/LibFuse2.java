package depset.natives;

import com.kenai.jffi.Function;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Type;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;

/**
 * The libfuse2 calls depset uses to run a mount itself instead of through {@code fuse_main}:
 * {@code fuse_main} installs SIGINT/SIGTERM/SIGHUP handlers over the JVM's own (so shutdown hooks
 * would not run) and gives no way to know when the mount answers. Loading fails with an
 * {@link UnsatisfiedLinkError} when libfuse.so.2 is missing.
 */
public interface LibFuse2 {

    /** Loads libfuse.so.2 ({@code apt-get install libfuse2}). */
    static LibFuse2 load() {
        return LibraryLoader.create(LibFuse2.class).failImmediately().load("libfuse.so.2");
    }

    /** Mounts (mount(2) as root) and returns the channel, or null (libfuse printed why). */
    Pointer fuse_mount(String mountpoint, Pointer args);

    /**
     * fuse_new@FUSE_2.6 (channel, args, operations, size, user data): the high-level session over
     * a channel, or 0. Called by address because libfuse.so.2 also exports an unversioned
     * fuse_new, the 2.2 compatibility one, which a plain symbol lookup finds first.
     */
    static long fuseNew(Pointer channel, Pointer args, Pointer operations, long operationsSize) {
        Pointer lib = LibC.INSTANCE.dlopen("libfuse.so.2", LibC.RTLD_NOW);
        Pointer fn = lib == null ? null : LibC.INSTANCE.dlvsym(lib, "fuse_new", "FUSE_2.6");
        if (fn == null) {
            throw new UnsatisfiedLinkError("libfuse.so.2 has no fuse_new@FUSE_2.6");
        }
        Function f = new Function(fn.address(), Type.POINTER, Type.POINTER, Type.POINTER, Type.POINTER, Type.UINT64,
                Type.POINTER);
        return Invoker.getInstance().invokeN5(f.getCallContext(), f.getFunctionAddress(), channel.address(),
                args.address(), operations.address(), operationsSize, 0L);
    }

    /** The low-level session under a high-level {@code struct fuse}. */
    Pointer fuse_get_session(Pointer fuse);

    /** The session's channel after {@code channel} (null: its first). */
    Pointer fuse_session_next_chan(Pointer session, Pointer channel);

    /** The size a receive buffer of the channel must have (one request with its largest write). */
    long fuse_chan_bufsize(Pointer channel);

    /**
     * Reads one request into {@code buf} (a {@code struct fuse_buf}, {@link #FUSE_BUF_SIZE} bytes),
     * blocking; {@code channelPointer} points at the channel. Returns the request's size, 0 when
     * the connection has ended, or a negative errno.
     */
    int fuse_session_receive_buf(Pointer session, Pointer buf, Pointer channelPointer);

    /** Serves one request read by {@link #fuse_session_receive_buf} (calls the file system). */
    void fuse_session_process_buf(Pointer session, Pointer buf, Pointer channel);

    int fuse_session_exited(Pointer session);

    /** The /dev/fuse descriptor a channel reads and writes. */
    int fuse_chan_fd(Pointer channel);

    /**
     * A channel with the given operations ({@code struct fuse_chan_ops}, {@link #CHAN_OPS_SIZE}
     * bytes, copied) over {@code fd}: {@link #fuse_session_process_buf} sends a request's reply
     * through the channel it is handed, so a channel of one's own sees every reply before the
     * kernel does.
     */
    Pointer fuse_chan_new(Pointer ops, int fd, long bufsize, Pointer data);

    /** Frees a channel made by {@link #fuse_chan_new} (its fd stays open). */
    void fuse_chan_destroy(Pointer channel);

    /** sizeof(struct fuse_chan_ops): receive, send, destroy. */
    int CHAN_OPS_SIZE = 24;
    /** Offset of {@code send} in struct fuse_chan_ops. */
    int CHAN_OPS_SEND = 8;

    /** {@code int (*send)(struct fuse_chan *ch, const struct iovec iov[], size_t count)}: 0 or -errno. */
    interface SendCallback {
        @Delegate
        int send(Pointer channel, Pointer iov, long count);
    }

    void fuse_session_exit(Pointer session);

    /** sizeof(struct fuse_buf) on x86-64: size_t size, int flags, void *mem, int fd, off_t pos. */
    int FUSE_BUF_SIZE = 40;
    int FUSE_BUF_FLAGS = 8;
    int FUSE_BUF_MEM = 16;
    int FUSE_BUF_FD = 24;
    int FUSE_BUF_POS = 32;

    /** Points the {@code struct fuse_buf} at {@code buf} at {@code size} bytes of memory at {@code mem}. */
    static void pointBuf(Pointer buf, Pointer mem, long size) {
        buf.putLong(0, size);
        buf.putInt(FUSE_BUF_FLAGS, 0);
        buf.putAddress(FUSE_BUF_MEM, mem.address());
        buf.putInt(FUSE_BUF_FD, -1);
        buf.putLong(FUSE_BUF_POS, 0);
    }

    /** Closes the channel and unmounts unless the kernel already did. */
    void fuse_unmount(String mountpoint, Pointer channel);

    void fuse_destroy(Pointer fuse);

    void fuse_opt_free_args(Pointer args);

    /** The struct fuse_context of the request the calling thread is serving. */
    Pointer fuse_get_context();

    /** Offsets in struct fuse_context (x86-64): the caller's uid, gid and thread id. */
    int CONTEXT_UID = 8;
    int CONTEXT_GID = 12;
    int CONTEXT_PID = 16;

    /** sizeof(struct fuse_operations) in libfuse 2.9 on x86-64. */
    int OPERATIONS_SIZE = 360;
    /** Offset of its flag word (flag_nullpath_ok, flag_nopath, flag_utime_omit_ok): after 38 callbacks. */
    int OPERATIONS_FLAGS = 38 * 8;

    /** Offset of the fsyncdir callback in struct fuse_operations (the 29th). */
    int OPERATIONS_FSYNCDIR = 28 * 8;

    /**
     * libfuse2's {@code int (*fsyncdir)(const char *, int datasync, struct fuse_file_info *)}:
     * jnr-fuse 0.5.8 declares it without {@code datasync}, so its callback reads the flag as the
     * file info pointer and crashes the JVM. TraceFs installs this one instead.
     */
    interface FsyncdirCallback {
        @Delegate
        int fsyncdir(Pointer path, int datasync, Pointer fi); // path: a C string, read as bytes
    }

    /** Offset of the bit field word in struct fuse_file_info (after flags, fh_old, writepage). */
    int FILE_INFO_BITS = 20;
    /** Bit of {@code direct_io} in that word. */
    int FILE_INFO_DIRECT_IO = 1;
    /** Bit of {@code keep_cache} in that word: the kernel keeps the file's cached pages at this open. */
    int FILE_INFO_KEEP_CACHE = 2;
}
