package depset.fs;

import depset.natives.LibC;
import depset.natives.LibFuse2;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * One request worker's libfuse channel for replies: it writes each reply to /dev/fuse as
 * libfuse's own channel does, after giving a <em>directory</em>'s entry and attributes a longer
 * lifetime in the kernel's caches than libfuse's single, mount-wide timeouts allow.
 *
 * <p>Why: with names never cached, every directory a path walks through costs a lookup round
 * trip, for every path, so most of a python3 start-up's requests were the lookups of
 * {@code /usr}, {@code /usr/lib}, {@code /usr/lib/python3.11} … again and again. A directory
 * looked up by one process is then answered by the kernel for the next walk through it, while a
 * file's, a symbolic link's and a missing name's lookups stay uncached: every file a process
 * reaches, and every name it fails to find, still reaches TraceFs with that process. What the
 * trace lacks is a second process's walk through (or stat of) a directory already looked up; every
 * path a process names is recorded whole, so the analysis takes it to have walked the directories
 * on it (the trace's header says the kernel cached them). {@link KernelCache#DIRECTORIES} says
 * this for users.
 *
 * <p>Only lookups' and getattrs' replies take this channel ({@link #channelFor}). The worker that
 * read a request serves it and sends its reply on its own thread (libfuse's
 * high-level layer answers synchronously), so the request's opcode is read from that worker's
 * own buffer: no table from request to opcode.
 */
final class ReplyChannel {
    private static final int FUSE_LOOKUP = 1;
    private static final int FUSE_GETATTR = 3;
    /** struct fuse_in_header: opcode after the length; the node the request is about (a lookup's parent). */
    private static final int IN_OPCODE = 4;
    private static final int IN_NODEID = 16;
    private static final long ROOT_NODEID = 1;
    /** struct fuse_out_header: the (negative) error after the length. */
    private static final int OUT_ERROR = 4;
    private static final int IOVEC_SIZE = 16;
    /** struct fuse_entry_out: entry_valid, attr_valid, entry_valid_nsec, attr_valid_nsec, attr. */
    private static final int ENTRY_VALID = 16;
    private static final int ENTRY_ATTR_VALID = 24;
    private static final int ENTRY_VALID_NSEC = 32;
    private static final int ENTRY_ATTR_VALID_NSEC = 36;
    private static final int ENTRY_MODE = 40 + 60;
    /** struct fuse_attr_out: attr_valid, attr_valid_nsec, dummy, attr. */
    private static final int ATTR_VALID = 0;
    private static final int ATTR_VALID_NSEC = 8;
    private static final int ATTR_MODE = 16 + 60;
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;

    private final LibFuse2 fuse;
    private final Pointer request;
    private final long directorySeconds;
    private final int fd;
    /** Held: jnr-ffi frees a closure whose Java object is collected. */
    private final LibFuse2.SendCallback send;
    private final Pointer channel;

    /**
     * @param kernelChannel    the session's channel, whose /dev/fuse descriptor this one writes
     * @param request          the worker's receive buffer (the request being served starts there)
     * @param directorySeconds how long the kernel may keep a directory's entry and attributes
     */
    ReplyChannel(LibFuse2 fuse, Pointer kernelChannel, long bufferSize, Pointer request, long directorySeconds) {
        this.fuse = fuse;
        this.request = request;
        this.directorySeconds = directorySeconds;
        this.fd = fuse.fuse_chan_fd(kernelChannel);
        this.send = this::send;
        Pointer ops = Memory.allocateDirect(LibC.RUNTIME, LibFuse2.CHAN_OPS_SIZE, true);
        ops.putAddress(LibFuse2.CHAN_OPS_SEND,
                LibC.RUNTIME.getClosureManager().getClosurePointer(LibFuse2.SendCallback.class, send).address());
        this.channel = fuse.fuse_chan_new(ops, fd, bufferSize, null);
        if (channel == null) {
            throw new IllegalStateException("libfuse could not make a reply channel");
        }
    }

    /**
     * The channel to hand {@link LibFuse2#fuse_session_process_buf} for the request in the worker's
     * buffer: this one for a LOOKUP or GETATTR, whose reply may describe a directory; libfuse's own
     * {@code kernelChannel} for every other request, so that a read's or an open's reply is written
     * by libfuse in C, without a call up into Java.
     */
    Pointer channelFor(Pointer kernelChannel) {
        int opcode = request.getInt(IN_OPCODE);
        return opcode == FUSE_LOOKUP || opcode == FUSE_GETATTR ? channel : kernelChannel;
    }

    /** Frees the channel (not the descriptor, which is the session's). */
    void close() {
        fuse.fuse_chan_destroy(channel);
    }

    private int send(Pointer ch, Pointer iov, long count) {
        if (iov == null || count == 0) {
            return 0; // fuse_reply_none: nothing to write
        }
        // Only a LOOKUP's or a GETATTR's reply comes here (channelFor).
        if (count >= 2 && Pointer.wrap(LibC.RUNTIME, iov.getAddress(0)).getInt(OUT_ERROR) == 0) {
            Pointer body = Pointer.wrap(LibC.RUNTIME, iov.getAddress(IOVEC_SIZE));
            long length = iov.getLong(IOVEC_SIZE + 8);
            if (request.getInt(IN_OPCODE) == FUSE_GETATTR) {
                lengthenAttributes(body, length);
            } else if (request.getLong(IN_NODEID) != ROOT_NODEID) {
                // The root's directories are where other file systems are mounted (/proc, /sys,
                // /dev, /run, /tmp): a walk past a mount point leaves no request below it that
                // would name the directory, so their lookups stay uncached.
                lengthenEntry(body, length);
            }
        }
        long written = LibC.INSTANCE.writev(fd, iov, (int) count);
        // ENOENT: the request was interrupted and the kernel has dropped it (libfuse ignores it too).
        return written < 0 ? -LibC.errno() : 0;
    }

    private void lengthenEntry(Pointer entry, long length) {
        if (length >= ENTRY_MODE + 4 && isDirectory(entry.getInt(ENTRY_MODE))) {
            entry.putLong(ENTRY_VALID, directorySeconds);
            entry.putInt(ENTRY_VALID_NSEC, 0);
            entry.putLong(ENTRY_ATTR_VALID, directorySeconds);
            entry.putInt(ENTRY_ATTR_VALID_NSEC, 0);
        }
    }

    private void lengthenAttributes(Pointer attr, long length) {
        if (length >= ATTR_MODE + 4 && isDirectory(attr.getInt(ATTR_MODE))) {
            attr.putLong(ATTR_VALID, directorySeconds);
            attr.putInt(ATTR_VALID_NSEC, 0);
        }
    }

    private static boolean isDirectory(int mode) {
        return (mode & S_IFMT) == S_IFDIR;
    }
}
