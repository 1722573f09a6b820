package depset.fs;

import depset.natives.LibC;
import depset.natives.LibFuse2;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Spares the kernel's OPENDIR and RELEASEDIR round trips (one worker's share): the first OPENDIR
 * is answered ENOSYS, after which the kernel opens and closes directories without asking
 * (Linux 5.1 and later), and a READDIR or FSYNCDIR then comes with no handle. libfuse2's
 * high-level layer keeps its listing in a handle its own OPENDIR makes, so each such request is
 * served between an OPENDIR and a RELEASEDIR of the worker's own, made up from the request's
 * header (same node, same caller) and answered to the worker alone: TraceFs opens the directory,
 * lists it from the kernel's offset, and closes it, recording the READDIR only
 * ({@link Scratch#synthetic}).
 *
 * <p>Why: {@code find /usr} sent an OPENDIR and a RELEASEDIR for each of its 15,881 directories,
 * half its requests; a python3 start-up 44 of 973. An OPENDIR decides nothing its lookup (recorded
 * with the same caller) and the READDIR that follows do not: what the trace lacks is a process
 * that opens a directory without listing it (an {@code O_DIRECTORY} descriptor kept for
 * {@code openat} or {@code fchdir}), whose lookup of it is still recorded.
 */
final class DirectoryOpens {
    private static final int FUSE_IOCTL = 39;
    private static final int FUSE_OPENDIR = 27;
    private static final int FUSE_READDIR = 28;
    private static final int FUSE_RELEASEDIR = 29;
    private static final int FUSE_FSYNCDIR = 30;
    /** struct fuse_in_header: len, opcode, unique, nodeid, uid, gid, pid, padding. */
    private static final int IN_HEADER_SIZE = 40;
    private static final int IN_OPCODE = 4;
    private static final int IN_UNIQUE = 8;
    /** READDIR's fuse_read_in, FSYNCDIR's fuse_fsync_in and IOCTL's fuse_ioctl_in start with the handle. */
    private static final int IN_FH = IN_HEADER_SIZE;
    /** fuse_ioctl_in: fh, flags; FUSE_IOCTL_DIR marks a directory's descriptor. */
    private static final int IOCTL_IN_FLAGS = IN_HEADER_SIZE + 8;
    private static final int FUSE_IOCTL_DIR = 1 << 4;
    /** The made-up OPENDIR: header and fuse_open_in (flags, open_flags). */
    private static final int OPENDIR_SIZE = IN_HEADER_SIZE + 8;
    /** The made-up RELEASEDIR: header and fuse_release_in (fh, flags, release_flags, lock_owner). */
    private static final int RELEASEDIR_SIZE = IN_HEADER_SIZE + 24;
    private static final int O_DIRECTORY = 0200000;
    private static final int ENOSYS = 38;
    private static final int ENOTTY = 25;

    private final LibFuse2 fuse;
    private final Pointer session;
    private final Pointer request;
    private final ReplyChannel reply;
    private final Scratch scratch;
    /** The made-up request, and the struct fuse_buf that hands it to libfuse. */
    private final Pointer made = Memory.allocateDirect(LibC.RUNTIME, RELEASEDIR_SIZE, true);
    private final Pointer madeBuf = Memory.allocateDirect(LibC.RUNTIME, LibFuse2.FUSE_BUF_SIZE, true);

    /**
     * @param request the worker's receive buffer
     * @param reply   the worker's reply channel: answers this class makes itself, and those of the
     *                made-up requests, which it keeps from the kernel
     */
    DirectoryOpens(LibFuse2 fuse, Pointer session, Pointer request, ReplyChannel reply, Scratch scratch) {
        this.fuse = fuse;
        this.session = session;
        this.request = request;
        this.reply = reply;
        this.scratch = scratch;
        madeBuf.putAddress(LibFuse2.FUSE_BUF_MEM, made.address());
        madeBuf.putInt(LibFuse2.FUSE_BUF_FD, -1);
    }

    /**
     * Serves the request in the worker's buffer when it is one of a directory's opening, closing or
     * handle, and says so; false for any other request, which libfuse then serves as usual.
     *
     * @param buf     the worker's struct fuse_buf over its request, as received
     * @param channel the channel to answer the request itself on ({@link ReplyChannel#channelFor})
     */
    boolean serve(Pointer buf, Pointer channel) {
        switch (request.getInt(IN_OPCODE)) {
            case FUSE_OPENDIR -> {
                reply.error(request.getLong(IN_UNIQUE), ENOSYS);
                return true;
            }
            case FUSE_READDIR, FUSE_FSYNCDIR -> {
                if (request.getLong(IN_FH) != 0) {
                    return false; // a directory opened before the kernel stopped asking
                }
                withHandle(buf, channel);
                return true;
            }
            case FUSE_IOCTL -> {
                if ((request.getInt(IOCTL_IN_FLAGS) & FUSE_IOCTL_DIR) == 0 || request.getLong(IN_FH) != 0) {
                    return false;
                }
                // TraceFs has no ioctl, and libfuse2 would look for the directory's handle first. With
                // libfuse2 2.9's protocol the kernel answers a directory's ioctl itself (ENOTTY, as
                // DirectoryOpensTest sees); this keeps a libfuse2 speaking 7.18 or later from crashing.
                reply.error(request.getLong(IN_UNIQUE), ENOTTY);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void withHandle(Pointer buf, Pointer channel) {
        long unique = request.getLong(IN_UNIQUE);
        madeUp(FUSE_OPENDIR, OPENDIR_SIZE);
        made.putInt(IN_HEADER_SIZE, O_DIRECTORY);
        made.putInt(IN_HEADER_SIZE + 4, 0);
        long handle = serveMadeUp();
        if (handle == 0) {
            reply.error(unique, reply.capturedError() != 0 ? reply.capturedError() : LibC.EIO);
            return;
        }
        request.putLong(IN_FH, handle);
        try {
            fuse.fuse_session_process_buf(session, buf, channel);
        } finally {
            madeUp(FUSE_RELEASEDIR, RELEASEDIR_SIZE);
            made.putLong(IN_HEADER_SIZE, handle);
            made.putInt(IN_HEADER_SIZE + 8, 0);
            made.putInt(IN_HEADER_SIZE + 12, 0);
            made.putLong(IN_HEADER_SIZE + 16, 0);
            serveMadeUp();
        }
    }

    /** Fills the made-up request's header from the worker's request: same node, same caller. */
    private void madeUp(int opcode, int size) {
        made.transferFrom(0, request, 0, IN_HEADER_SIZE);
        made.putInt(0, size);
        made.putInt(IN_OPCODE, opcode);
        madeBuf.putLong(0, size);
        madeBuf.putInt(LibFuse2.FUSE_BUF_FLAGS, 0);
        madeBuf.putLong(LibFuse2.FUSE_BUF_POS, 0);
    }

    /** Serves the made-up request, its answer kept from the kernel; the handle it gave, or 0. */
    private long serveMadeUp() {
        scratch.synthetic = true;
        try {
            fuse.fuse_session_process_buf(session, madeBuf, reply.capturing());
        } finally {
            scratch.synthetic = false;
            reply.stopCapturing();
        }
        return reply.capturedError() == 0 ? reply.capturedHandle() : 0;
    }
}
