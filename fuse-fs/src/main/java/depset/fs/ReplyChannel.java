package depset.fs;

import depset.natives.LibC;
import depset.natives.LibFuse2;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * One request worker's libfuse channel for replies: it writes each reply to /dev/fuse as
 * libfuse's own channel does, after making what libfuse2 cannot: a <em>directory</em>'s entry and
 * attributes a longer lifetime in the kernel's caches than libfuse's single, mount-wide timeouts
 * allow, and FUSE passthrough ({@link PassthroughFiles}), which libfuse2 predates — the INIT reply
 * asks for it, and an OPEN's or a CREATE's reply names the backing file. The INIT reply also agrees
 * to drop set-user-ID and set-group-ID bits in TraceFs ({@link SuidGidKill}), which spares a
 * GETXATTR round trip per {@code write(2)}, and asks the kernel to keep symbolic links' targets
 * ({@link SymlinkTargets}): a link replaced behind the mount has its node's cache invalidated
 * before the reply that describes the new link.
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
 * <p>Only the replies of those opcodes take this channel ({@link #channelFor}). The worker that
 * read a request serves it and sends its reply on its own thread (libfuse's
 * high-level layer answers synchronously), so the request's opcode is read from that worker's
 * own buffer: no table from request to opcode.
 */
final class ReplyChannel {
    private static final int FUSE_LOOKUP = 1;
    private static final int FUSE_GETATTR = 3;
    private static final int FUSE_OPEN = 14;
    private static final int FUSE_INIT = 26;
    private static final int FUSE_CREATE = 35;
    /** struct fuse_init_in after the in header: major, minor, max_readahead, flags, flags2. */
    private static final int INIT_IN_MINOR = 40 + 4;
    private static final int INIT_IN_FLAGS = 40 + 12;
    private static final int INIT_IN_FLAGS2 = 40 + 16;
    /** struct fuse_init_out: flags, then (in the bytes libfuse2 leaves unused) flags2 and max_stack_depth. */
    private static final int INIT_OUT_FLAGS = 12;
    private static final int INIT_OUT_FLAGS2 = 32;
    private static final int INIT_OUT_MAX_STACK_DEPTH = 36;
    private static final int INIT_OUT_SIZE = 64;
    private static final int OUT_HEADER_SIZE = 16;
    private static final int FUSE_INIT_EXT = 1 << 30;
    /** FUSE_CACHE_SYMLINKS (Linux 4.20, protocol 7.28): the kernel keeps a link's target once read. */
    private static final int FUSE_CACHE_SYMLINKS = 1 << 23;
    /** A notification (unique 0) whose error field is FUSE_NOTIFY_INVAL_INODE, and its struct: ino, off, len. */
    private static final int FUSE_NOTIFY_INVAL_INODE = 2;
    private static final int NOTIFY_INVAL_INODE_SIZE = OUT_HEADER_SIZE + 24;
    /** FUSE_PASSTHROUGH is bit 37: bit 5 of flags2. */
    private static final int FUSE_PASSTHROUGH_FLAGS2 = 1 << 5;
    /** FUSE_REQUEST_TIMEOUT is bit 42 (Linux 6.14, protocol 7.43): bit 10 of flags2. */
    private static final int FUSE_REQUEST_TIMEOUT_FLAGS2 = 1 << 10;
    /** FUSE_OVER_IO_URING is bit 41 (Linux 6.14, protocol 7.42): bit 9 of flags2. */
    private static final int FUSE_OVER_IO_URING_FLAGS2 = 1 << 9;
    /** struct fuse_init_out's request_timeout (seconds, 16 bits), after max_stack_depth. */
    private static final int INIT_OUT_REQUEST_TIMEOUT = 40;
    /** The kernel's protocol minor that first has flags2 (7.36). */
    private static final int MINOR_FLAGS2 = 36;
    /**
     * The mount's stack depth: one more than the backing tree's (an overlay over ext4 is 1), and
     * the most the kernel allows (FILESYSTEM_MAX_STACK_DEPTH), so no overlay can be mounted over TraceFs.
     */
    private static final int MAX_STACK_DEPTH = 2;
    /** struct fuse_open_out, the last 16 bytes of an OPEN's or a CREATE's reply: fh, open_flags, backing_id. */
    private static final int OPEN_OUT_SIZE = 16;
    private static final int OPEN_OUT_FLAGS = 8;
    private static final int OPEN_OUT_BACKING_ID = 12;
    private static final int FOPEN_DIRECT_IO = 1;
    private static final int FOPEN_KEEP_CACHE = 2;
    private static final int FOPEN_PASSTHROUGH = 1 << 7;
    /** struct fuse_entry_out starts with the new node's id. */
    private static final int ENTRY_NODEID = 0;
    /** struct fuse_in_header: opcode after the length; the node the request is about (a lookup's parent). */
    private static final int IN_OPCODE = 4;
    private static final int IN_NODEID = 16;
    private static final long ROOT_NODEID = 1;
    /** struct fuse_out_header: the (negative) error after the length. */
    private static final int OUT_LEN = 0;
    private static final int OUT_ERROR = 4;
    private static final int IOVEC_SIZE = 16;
    /** struct fuse_attr: ino, size, blocks, atime, mtime, ctime, atimensec, mtimensec, ctimensec, mode. */
    private static final int FUSE_ATTR_INO = 0;
    private static final int FUSE_ATTR_CTIME = 40;
    private static final int FUSE_ATTR_CTIMENSEC = 56;
    private static final int FUSE_ATTR_MODE = 60;
    /** struct fuse_entry_out: entry_valid, attr_valid, entry_valid_nsec, attr_valid_nsec, attr. */
    private static final int ENTRY_VALID = 16;
    private static final int ENTRY_ATTR_VALID = 24;
    private static final int ENTRY_VALID_NSEC = 32;
    private static final int ENTRY_ATTR_VALID_NSEC = 36;
    private static final int ENTRY_ATTR = 40;
    private static final int ENTRY_MODE = ENTRY_ATTR + FUSE_ATTR_MODE;
    /** struct fuse_attr_out: attr_valid, attr_valid_nsec, dummy, attr. */
    private static final int ATTR_VALID = 0;
    private static final int ATTR_VALID_NSEC = 8;
    private static final int ATTR_OUT_ATTR = 16;
    private static final int ATTR_MODE = ATTR_OUT_ATTR + FUSE_ATTR_MODE;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;

    private final LibFuse2 fuse;
    private final Pointer request;
    private final DirectoryCaching directories;
    private final SymlinkTargets symlinks;
    private final PassthroughFiles passthrough;
    private final int requestTimeoutSeconds;
    /** The worker's FUSE_NOTIFY_INVAL_INODE message, made on first use. */
    private Pointer notice;
    /** The INIT reply made longer, and the iovec that names it: kept until written (direct memory is freed when collected). */
    private Pointer initReply;
    private Pointer initVector;
    private final int fd;
    /** Held: jnr-ffi frees a closure whose Java object is collected. */
    private final LibFuse2.SendCallback send;
    private final Pointer channel;
    /** The io_uring entry whose request this worker serves, or null for a /dev/fuse worker. */
    private final RingEntry ring;
    /** Asked whether to agree to io_uring, and told once the kernel has taken the INIT reply; null when io_uring is not wanted. */
    private final RingAgreement ringAgreement;
    private boolean ringAgreedInReply;

    /**
     * @param kernelChannel    the session's channel, whose /dev/fuse descriptor this one writes
     * @param request          the worker's receive buffer (the request being served starts there)
     * @param rules            what the replies are changed by: LOOKUP and GETATTR replies take this
     *                         channel when directories are kept longer or the kernel agreed to keep
     *                         links' targets; INIT, OPEN and CREATE replies when passthrough is
     *                         {@link PassthroughFiles#wanted() wanted}
     * @param ring             the io_uring entry this worker serves (every reply then takes this
     *                         channel, into the entry), or null for a /dev/fuse worker
     * @param ringAgreement    asked whether the INIT reply agrees to io_uring; null when it is not wanted
     */
    ReplyChannel(LibFuse2 fuse, Pointer kernelChannel, long bufferSize, Pointer request,
                 ReplyRules rules, RingEntry ring, RingAgreement ringAgreement) {
        this.requestTimeoutSeconds = rules.requestTimeoutSeconds();
        this.ring = ring;
        this.ringAgreement = ringAgreement;
        this.fuse = fuse;
        this.request = request;
        this.directories = rules.directories();
        this.symlinks = rules.symlinks();
        this.passthrough = rules.passthrough();
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
     * buffer: this one for a LOOKUP or GETATTR, whose reply may describe a directory (kept longer)
     * or a symbolic link (replaced behind the mount, {@link SymlinkTargets}), and for an INIT, and
     * for an OPEN or CREATE when passthrough is on; libfuse's own {@code kernelChannel} for every
     * other request, so that a read's or a release's reply is written by libfuse in C,
     * without a call up into Java.
     */
    Pointer channelFor(Pointer kernelChannel) {
        if (ring != null) {
            return channel; // an io_uring request's reply goes into its entry, never to /dev/fuse
        }
        return switch (request.getInt(IN_OPCODE)) {
            case FUSE_LOOKUP, FUSE_GETATTR -> directories.seconds() > 0 || symlinks.agreed() ? channel : kernelChannel;
            case FUSE_INIT -> channel;
            case FUSE_OPEN, FUSE_CREATE -> passthrough.enabled() ? channel : kernelChannel;
            default -> kernelChannel;
        };
    }

    /** Frees the channel (not the descriptor, which is the session's). */
    void close() {
        fuse.fuse_chan_destroy(channel);
    }

    private int send(Pointer ch, Pointer iov, long count) {
        if (iov == null || count == 0) {
            return 0; // fuse_reply_none: nothing to write
        }
        Pointer out = iov;
        int vectors = (int) count;
        Pointer header = Pointer.wrap(LibC.RUNTIME, iov.getAddress(0));
        if (count >= 2 && header.getInt(OUT_ERROR) == 0) {
            try {
                Pointer adjusted = adjusted(iov);
                if (adjusted != iov) {
                    out = adjusted;
                    vectors = 1;
                }
            } catch (RuntimeException | Error e) {
                // An error answer rather than none: a request the kernel never hears back about
                // hangs its caller for good (TraceFs's callbacks answer EIO the same way).
                header.putInt(OUT_LEN, OUT_HEADER_SIZE);
                header.putInt(OUT_ERROR, Errno.of(e));
                vectors = 1;
            }
        }
        if (ring != null) {
            return ring.reply(out, vectors);
        }
        long written = LibC.INSTANCE.writev(fd, out, vectors);
        if (written >= 0 && ringAgreement != null && request.getInt(IN_OPCODE) == FUSE_INIT) {
            ringAgreement.answered(ringAgreedInReply);
        }
        // ENOENT: the request was interrupted and the kernel has dropped it (libfuse ignores it too).
        return written < 0 ? -LibC.errno() : 0;
    }

    /** The INIT reply's say on io_uring, left to the request workers ({@link RingWorkers}). */
    interface RingAgreement {
        /**
         * Whether io_uring can be served here (asked when the kernel offered it): once agreed, the
         * kernel holds every request until each CPU's queue has an entry.
         */
        boolean usable();

        /** Told once the kernel has taken the INIT reply: whether it agreed to io_uring. */
        void answered(boolean ioUring);
    }

    /**
     * The successful reply {@code iov} (header, body) with depset's changes for its opcode, in place;
     * or, for an INIT whose reply had to grow, a new single vector holding it whole.
     */
    private Pointer adjusted(Pointer iov) {
        Pointer body = Pointer.wrap(LibC.RUNTIME, iov.getAddress(IOVEC_SIZE));
        long length = iov.getLong(IOVEC_SIZE + 8);
        // Only the opcodes channelFor names come here. Under --fast no directory is kept longer:
        // this channel serves its lookups for SymlinkTargets only, and libfuse's own timeouts stand.
        switch (request.getInt(IN_OPCODE)) {
            case FUSE_GETATTR -> {
                if (directories.seconds() > 0) {
                    lengthenAttributes(body, length);
                }
                forgetReplacedLink(request.getLong(IN_NODEID), body, ATTR_OUT_ATTR, length);
            }
            case FUSE_LOOKUP -> {
                if (directories.seconds() > 0) {
                    lengthenEntry(body, length);
                }
                forgetReplacedLink(body.getLong(ENTRY_NODEID), body, ENTRY_ATTR, length);
            }
            case FUSE_OPEN -> passThrough(request.getLong(IN_NODEID), body, length);
            case FUSE_CREATE -> passThrough(body.getLong(ENTRY_NODEID), body, length);
            case FUSE_INIT -> {
                agreeToKillPrivileges(body, length);
                agreeToKeepSymlinks(body, length);
                return lengthenInit(iov, body, length);
            }
            default -> { }
        }
        return iov;
    }

    /**
     * Agrees to FUSE_HANDLE_KILLPRIV_V2 in libfuse's INIT reply when the kernel offered it: the
     * flag is in the part libfuse2 writes.
     */
    private void agreeToKillPrivileges(Pointer init, long length) {
        if (length >= INIT_OUT_FLAGS + 4 && (request.getInt(INIT_IN_FLAGS) & SuidGidKill.HANDLE_KILLPRIV_V2) != 0) {
            init.putInt(INIT_OUT_FLAGS, init.getInt(INIT_OUT_FLAGS) | SuidGidKill.HANDLE_KILLPRIV_V2);
        }
    }

    /**
     * Asks the kernel to keep symbolic links' targets, when that is wanted and the kernel offered
     * it: the flag is in the part libfuse2 writes.
     */
    private void agreeToKeepSymlinks(Pointer init, long length) {
        if (symlinks.wanted() && length >= INIT_OUT_FLAGS + 4
                && (request.getInt(INIT_IN_FLAGS) & FUSE_CACHE_SYMLINKS) != 0) {
            init.putInt(INIT_OUT_FLAGS, init.getInt(INIT_OUT_FLAGS) | FUSE_CACHE_SYMLINKS);
            symlinks.agree();
        }
    }

    /**
     * Before a reply that describes a symbolic link behind {@code node}: when the node stood for
     * another backing link before (replaced behind the mount), tells the kernel to drop what it
     * keeps of the node, its old target included, so that the next follow reads the new one. Sent
     * before the reply, so that no process can follow the new lookup to the old target.
     */
    private void forgetReplacedLink(long node, Pointer body, int attr, long length) {
        if (!symlinks.agreed() || length < attr + FUSE_ATTR_MODE + 4
                || (body.getInt(attr + FUSE_ATTR_MODE) & S_IFMT) != S_IFLNK
                || !symlinks.replaced(node, body.getLong(attr + FUSE_ATTR_INO), body.getLong(attr + FUSE_ATTR_CTIME),
                        body.getInt(attr + FUSE_ATTR_CTIMENSEC))) {
            return;
        }
        if (notice == null) {
            notice = Memory.allocateDirect(LibC.RUNTIME, NOTIFY_INVAL_INODE_SIZE + IOVEC_SIZE, true);
            notice.putInt(0, NOTIFY_INVAL_INODE_SIZE);
            notice.putInt(OUT_ERROR, FUSE_NOTIFY_INVAL_INODE);
            notice.putLong(8, 0); // unique 0: a notification
            notice.putLong(OUT_HEADER_SIZE + 8, 0); // from offset 0
            notice.putLong(OUT_HEADER_SIZE + 16, 0); // to the end
            notice.putAddress(NOTIFY_INVAL_INODE_SIZE, notice.address());
            notice.putLong(NOTIFY_INVAL_INODE_SIZE + 8, NOTIFY_INVAL_INODE_SIZE);
        }
        notice.putLong(OUT_HEADER_SIZE, node);
        // ENOENT: the kernel holds no inode of the node, so nothing of the old link either.
        LibC.INSTANCE.writev(fd, notice.slice(NOTIFY_INVAL_INODE_SIZE), 1);
    }

    /**
     * Asks in the INIT reply for passthrough, when it is wanted, and for a request timeout, when one
     * is set, each when the kernel offered it. libfuse2 answers with the 24 bytes of protocol 7.22,
     * which end before flags2, max_stack_depth and request_timeout: the reply is written again at
     * the full size of struct fuse_init_out, zeros past libfuse's part.
     *
     * @return the iovec array to write: {@code iov} itself, or the longer reply
     */
    private Pointer lengthenInit(Pointer iov, Pointer init, long length) {
        boolean extended = request.getInt(INIT_IN_MINOR) >= MINOR_FLAGS2
                && (request.getInt(INIT_IN_FLAGS) & FUSE_INIT_EXT) != 0;
        int offered = extended ? request.getInt(INIT_IN_FLAGS2) : 0;
        boolean passthroughAgreed = passthrough.wanted() && (offered & FUSE_PASSTHROUGH_FLAGS2) != 0;
        boolean timeoutAgreed = requestTimeoutSeconds > 0 && (offered & FUSE_REQUEST_TIMEOUT_FLAGS2) != 0;
        boolean ringWanted = ringAgreement != null && (offered & FUSE_OVER_IO_URING_FLAGS2) != 0 && ringAgreement.usable();
        if (!passthroughAgreed && !timeoutAgreed && !ringWanted || length > INIT_OUT_SIZE) {
            return iov;
        }
        Pointer header = Pointer.wrap(LibC.RUNTIME, iov.getAddress(0));
        Pointer reply = Memory.allocateDirect(LibC.RUNTIME, OUT_HEADER_SIZE + INIT_OUT_SIZE, true);
        byte[] bytes = new byte[(int) Math.max(length, OUT_HEADER_SIZE)];
        header.get(0, bytes, 0, OUT_HEADER_SIZE);
        reply.put(0, bytes, 0, OUT_HEADER_SIZE);
        init.get(0, bytes, 0, (int) length);
        reply.put(OUT_HEADER_SIZE, bytes, 0, (int) length);
        reply.putInt(0, OUT_HEADER_SIZE + INIT_OUT_SIZE);
        Pointer out = reply.slice(OUT_HEADER_SIZE);
        out.putInt(INIT_OUT_FLAGS, out.getInt(INIT_OUT_FLAGS) | FUSE_INIT_EXT);
        if (passthroughAgreed) {
            out.putInt(INIT_OUT_FLAGS2, out.getInt(INIT_OUT_FLAGS2) | FUSE_PASSTHROUGH_FLAGS2);
            out.putInt(INIT_OUT_MAX_STACK_DEPTH, MAX_STACK_DEPTH);
        }
        if (timeoutAgreed) {
            out.putInt(INIT_OUT_FLAGS2, out.getInt(INIT_OUT_FLAGS2) | FUSE_REQUEST_TIMEOUT_FLAGS2);
            out.putShort(INIT_OUT_REQUEST_TIMEOUT, (short) Math.min(requestTimeoutSeconds, 0xffff));
        }
        if (ringWanted) {
            out.putInt(INIT_OUT_FLAGS2, out.getInt(INIT_OUT_FLAGS2) | FUSE_OVER_IO_URING_FLAGS2);
            ringAgreedInReply = true;
        }
        Pointer whole = Memory.allocateDirect(LibC.RUNTIME, IOVEC_SIZE, true);
        whole.putAddress(0, reply.address());
        whole.putLong(8, OUT_HEADER_SIZE + INIT_OUT_SIZE);
        initReply = reply;
        initVector = whole;
        if (passthroughAgreed) {
            passthrough.enable(fd);
        }
        return whole;
    }

    /** Makes an OPEN's or a CREATE's reply a passthrough open, when {@link PassthroughFiles} settles so. */
    private void passThrough(long node, Pointer body, long length) {
        if (length < OPEN_OUT_SIZE) {
            return;
        }
        long open = length - OPEN_OUT_SIZE;
        int backingId = passthrough.opened(node, body.getLong(open));
        if (backingId > 0) {
            // The kernel refuses keep_cache with passthrough (EIO), and direct_io would send the reads
            // and writes to TraceFs again: the backing file (O_DIRECT itself when the program asked)
            // serves them.
            int flags = body.getInt(open + OPEN_OUT_FLAGS) & ~(FOPEN_KEEP_CACHE | FOPEN_DIRECT_IO);
            body.putInt(open + OPEN_OUT_FLAGS, flags | FOPEN_PASSTHROUGH);
            body.putInt(open + OPEN_OUT_BACKING_ID, backingId);
        }
    }

    private void lengthenEntry(Pointer entry, long length) {
        // Other file systems may be mounted on the root's directories: a walk past a mount point
        // leaves no request below it that would name the directory, so the root's directories are
        // kept only when those mount points are known, and left out of every set (DirectoryCaching).
        if (length >= ENTRY_MODE + 4 && isDirectory(entry.getInt(ENTRY_MODE))
                && (request.getLong(IN_NODEID) != ROOT_NODEID || directories.rootMountsKnown())) {
            entry.putLong(ENTRY_VALID, directories.seconds());
            entry.putInt(ENTRY_VALID_NSEC, 0);
            entry.putLong(ENTRY_ATTR_VALID, directories.seconds());
            entry.putInt(ENTRY_ATTR_VALID_NSEC, 0);
        }
    }

    private void lengthenAttributes(Pointer attr, long length) {
        if (length >= ATTR_MODE + 4 && isDirectory(attr.getInt(ATTR_MODE))) {
            attr.putLong(ATTR_VALID, directories.seconds());
            attr.putInt(ATTR_VALID_NSEC, 0);
        }
    }

    private static boolean isDirectory(int mode) {
        return (mode & S_IFMT) == S_IFDIR;
    }
}
