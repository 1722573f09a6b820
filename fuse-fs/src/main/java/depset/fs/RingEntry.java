package depset.fs;

import depset.natives.LibC;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * One entry of a FUSE io_uring queue: the two buffers a worker registers with the kernel (the
 * headers, {@code struct fuse_uring_req_header}, and the payload), the request found there made
 * into the form libfuse2 reads from /dev/fuse, and the reply written back into them.
 *
 * <p>The kernel splits a request three ways: its {@code fuse_in_header} and the operation's own
 * header (the first argument: {@code fuse_open_in}, {@code fuse_read_in} …) in the headers buffer,
 * the rest (names, data) in the payload. libfuse2 wants them end to end, as /dev/fuse gives them.
 * The operation's header has no length of its own there, but the in header's length counts all
 * three, and the entry says how long the payload is. A reply goes the other way: its
 * {@code fuse_out_header} into the headers buffer, everything after it into the payload.
 */
final class RingEntry {
    private static final int IN_HEADER_SIZE = 40;
    private static final int OUT_HEADER_SIZE = 16;
    private static final int IOVEC_SIZE = 16;
    /** struct fuse_uring_req_header: in_out[128], op_in[128], struct fuse_uring_ent_in_out. */
    private static final int OP_IN = 128;
    private static final int OP_IN_SIZE = 128;
    private static final int ENT_IN_OUT = 256;
    private static final int ENT_PAYLOAD_SIZE = ENT_IN_OUT + 16;
    static final int HEADERS_SIZE = ENT_IN_OUT + 32;
    private static final int IN_LEN = 0;
    private static final int IN_UNIQUE = 8;
    private static final int OUT_ERROR = 4;
    private static final int OUT_UNIQUE = 8;
    private static final int EOVERFLOW = 75;

    private final Pointer headers;
    private final Pointer payload;
    private final long payloadSize;
    /** The iovec pair (headers, payload) a registration names. */
    private final Pointer vectors;
    private boolean replied;

    RingEntry(long payloadSize) {
        this.payloadSize = payloadSize;
        headers = Memory.allocateDirect(LibC.RUNTIME, HEADERS_SIZE, true);
        payload = Memory.allocateDirect(LibC.RUNTIME, payloadSize, true);
        vectors = Memory.allocateDirect(LibC.RUNTIME, 2L * IOVEC_SIZE, true);
        vectors.putAddress(0, headers.address());
        vectors.putLong(8, HEADERS_SIZE);
        vectors.putAddress(IOVEC_SIZE, payload.address());
        vectors.putLong(IOVEC_SIZE + 8, payloadSize);
    }

    /** The address of the iovec pair to register. */
    long vectors() {
        return vectors.address();
    }

    /** The unique id of the request in the entry: the commit id of its reply. */
    long unique() {
        return headers.getLong(IN_UNIQUE);
    }

    /**
     * Copies the request in the entry to {@code request} as /dev/fuse would have given it; returns
     * its length, or -1 when the entry's lengths do not add up (then only its in header is copied).
     */
    int request(Pointer request, long capacity) {
        replied = false;
        long length = headers.getInt(IN_LEN) & 0xffffffffL;
        long fromPayload = headers.getInt(ENT_PAYLOAD_SIZE) & 0xffffffffL;
        long opHeader = length - IN_HEADER_SIZE - fromPayload;
        headers.transferTo(0, request, 0, IN_HEADER_SIZE);
        if (opHeader < 0 || opHeader > OP_IN_SIZE || fromPayload > payloadSize || length > capacity) {
            return -1;
        }
        headers.transferTo(OP_IN, request, IN_HEADER_SIZE, opHeader);
        payload.transferTo(0, request, IN_HEADER_SIZE + opHeader, fromPayload);
        return (int) length;
    }

    /**
     * Writes a reply given as {@code count} iovecs (the out header first) into the entry; 0, or
     * -EOVERFLOW when it does not fit.
     */
    int reply(Pointer iov, int count) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += iov.getLong((long) i * IOVEC_SIZE + 8);
        }
        if (total < OUT_HEADER_SIZE || total - OUT_HEADER_SIZE > payloadSize) {
            return -EOVERFLOW;
        }
        long at = 0; // offset in the reply as one stream of bytes
        for (int i = 0; i < count; i++) {
            Pointer base = Pointer.wrap(LibC.RUNTIME, iov.getAddress((long) i * IOVEC_SIZE));
            long length = iov.getLong((long) i * IOVEC_SIZE + 8);
            long inHeader = Math.max(0, Math.min(length, OUT_HEADER_SIZE - at));
            if (inHeader > 0) {
                base.transferTo(0, headers, at, inHeader);
            }
            if (length > inHeader) {
                base.transferTo(inHeader, payload, at + inHeader - OUT_HEADER_SIZE, length - inHeader);
            }
            at += length;
        }
        headers.putInt(ENT_PAYLOAD_SIZE, (int) (total - OUT_HEADER_SIZE));
        replied = true;
        return 0;
    }

    /** Whether {@link #reply} wrote a reply for the request last copied out. */
    boolean replied() {
        return replied;
    }

    /** Writes an error reply for the request in the entry (one libfuse left unanswered, or could not read). */
    void fail(int errno) {
        headers.putInt(0, OUT_HEADER_SIZE);
        headers.putInt(OUT_ERROR, -errno);
        headers.putLong(OUT_UNIQUE, unique());
        headers.putInt(ENT_PAYLOAD_SIZE, 0);
        replied = true;
    }
}
