package depset.natives;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * One thread's io_uring, as much of it as FUSE over io_uring needs: one command in flight at a
 * time, in a 128-byte submission entry (a FUSE command carries its arguments in the entry), sent
 * and waited for in one {@code io_uring_enter}. Bound by hand (io_uring_setup, io_uring_enter and
 * the rings' mmap) because liburing is not a Debian 12 base package and jnr-ffi reaches the system
 * calls directly.
 *
 * <p>The ring is the calling thread's alone (single issuer, task work deferred to the wait): the
 * kernel then does a command's completion work when that thread waits, instead of interrupting it.
 * Not thread-safe.
 */
public final class IoUring implements AutoCloseable {
    /** The size of a submission entry in this ring (IORING_SETUP_SQE128). */
    public static final int ENTRY_SIZE = 128;

    private static final long SYS_IO_URING_SETUP = 425;
    private static final long SYS_IO_URING_ENTER = 426;
    private static final int SETUP_SQE128 = 1 << 10;
    private static final int SETUP_SINGLE_ISSUER = 1 << 12;
    private static final int SETUP_DEFER_TASKRUN = 1 << 13;
    private static final int FEAT_SINGLE_MMAP = 1;
    private static final int ENTER_GETEVENTS = 1;
    private static final long OFF_SQES = 0x10000000L;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_SHARED_POPULATE = 0x01 | 0x8000;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int EBUSY = 16;
    private static final long BACK_OFF_NANOS = 1_000_000;

    // struct io_uring_params: sq_entries, cq_entries, flags, …, features at 20, then sq_off at 40
    // (head, tail, ring_mask, ring_entries, flags, dropped, array) and cq_off at 80 (head, tail,
    // ring_mask, ring_entries, overflow, cqes).
    private static final int PARAMS_SIZE = 120;
    private static final int P_SQ_ENTRIES = 0;
    private static final int P_CQ_ENTRIES = 4;
    private static final int P_FLAGS = 8;
    private static final int P_FEATURES = 20;
    private static final int SQ_OFF = 40;
    private static final int CQ_OFF = 80;
    private static final int OFF_HEAD = 0;
    private static final int OFF_TAIL = 4;
    private static final int OFF_RING_MASK = 8;
    private static final int SQ_OFF_ARRAY = 24;
    private static final int CQ_OFF_CQES = 20;
    private static final int CQE_SIZE = 16;
    private static final int CQE_RES = 8;

    private final LibC libc = LibC.INSTANCE;
    private final int fd;
    private final Pointer rings;
    private final long ringsSize;
    private final Pointer entries;
    private final long entriesSize;
    private final int sqTail;
    private final int sqMask;
    private final int sqArray;
    private final int cqHead;
    private final int cqTail;
    private final int cqMask;
    private final int cqes;

    private IoUring(int fd, Pointer params, Pointer rings, long ringsSize, Pointer entries, long entriesSize) {
        this.fd = fd;
        this.rings = rings;
        this.ringsSize = ringsSize;
        this.entries = entries;
        this.entriesSize = entriesSize;
        sqTail = params.getInt(SQ_OFF + OFF_TAIL);
        sqMask = rings.getInt(params.getInt(SQ_OFF + OFF_RING_MASK));
        sqArray = params.getInt(SQ_OFF + SQ_OFF_ARRAY);
        cqHead = params.getInt(CQ_OFF + OFF_HEAD);
        cqTail = params.getInt(CQ_OFF + OFF_TAIL);
        cqMask = rings.getInt(params.getInt(CQ_OFF + OFF_RING_MASK));
        cqes = params.getInt(CQ_OFF + CQ_OFF_CQES);
    }

    /**
     * A ring of {@code size} entries for the calling thread.
     *
     * @throws IOException when the kernel refuses one (no io_uring, or io_uring disabled)
     */
    public static IoUring open(int size) throws IOException {
        LibC libc = LibC.INSTANCE;
        Pointer params = Memory.allocateDirect(LibC.RUNTIME, PARAMS_SIZE, true);
        params.putInt(P_FLAGS, SETUP_SQE128 | SETUP_SINGLE_ISSUER | SETUP_DEFER_TASKRUN);
        int fd = (int) libc.syscall(SYS_IO_URING_SETUP, size, params);
        if (fd < 0) {
            throw new IOException("io_uring_setup: " + libc.strerror(LibC.errno()));
        }
        if ((params.getInt(P_FEATURES) & FEAT_SINGLE_MMAP) == 0) {
            libc.close(fd);
            throw new IOException("io_uring_setup: a kernel older than 5.4 (no single mapping of the rings)");
        }
        int sqEntries = params.getInt(P_SQ_ENTRIES);
        int cqEntries = params.getInt(P_CQ_ENTRIES);
        long ringsSize = Math.max(params.getInt(SQ_OFF + SQ_OFF_ARRAY) + 4L * sqEntries,
                params.getInt(CQ_OFF + CQ_OFF_CQES) + (long) CQE_SIZE * cqEntries);
        long rings = libc.mmap(null, ringsSize, PROT_READ_WRITE, MAP_SHARED_POPULATE, fd, 0);
        if (rings == -1) {
            String why = libc.strerror(LibC.errno());
            libc.close(fd);
            throw new IOException("io_uring: cannot map the rings: " + why);
        }
        long entriesSize = (long) ENTRY_SIZE * sqEntries;
        long entries = libc.mmap(null, entriesSize, PROT_READ_WRITE, MAP_SHARED_POPULATE, fd, OFF_SQES);
        if (entries == -1) {
            String why = libc.strerror(LibC.errno());
            libc.munmap(Pointer.wrap(LibC.RUNTIME, rings), ringsSize);
            libc.close(fd);
            throw new IOException("io_uring: cannot map the submission entries: " + why);
        }
        return new IoUring(fd, params, Pointer.wrap(LibC.RUNTIME, rings, ringsSize), ringsSize,
                Pointer.wrap(LibC.RUNTIME, entries, entriesSize), entriesSize);
    }

    /**
     * Why this process may not make an io_uring (a kernel without it, or io_uring disabled:
     * {@code kernel.io_uring_disabled}, a seccomp filter), or null when it may.
     */
    public static String unusable() {
        try (IoUring ring = open(1)) {
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** The next submission entry, zeroed, for the caller to fill in before {@link #submitAndWait}. */
    public Pointer entry() {
        int index = rings.getInt(sqTail) & sqMask;
        Pointer entry = entries.slice((long) index * ENTRY_SIZE, ENTRY_SIZE);
        entry.setMemory(0, ENTRY_SIZE, (byte) 0);
        return entry;
    }

    /**
     * Submits the entry {@link #entry} gave and waits for a completion; returns its result (the
     * command's, a negative errno on failure).
     *
     * @throws IOException when io_uring_enter itself fails
     */
    public int submitAndWait() throws IOException {
        publish();
        return await(1);
    }

    /**
     * Submits the entry {@link #entry} gave without waiting: a command the kernel keeps (one that
     * completes later) is in place when this returns, and one it refused has completed ({@link #ready}).
     *
     * @throws IOException when io_uring_enter itself fails
     */
    public void submit() throws IOException {
        publish();
        while (libc.syscall(SYS_IO_URING_ENTER, fd, 1, 0, 0, null, 0) < 0) {
            int errno = LibC.errno();
            if (!passing(errno)) {
                throw new IOException("io_uring_enter: " + libc.strerror(errno));
            }
        }
    }

    /** Whether a completion is waiting. */
    public boolean ready() {
        int head = rings.getInt(cqHead);
        int available = rings.getInt(cqTail);
        VarHandle.acquireFence();
        return head != available;
    }

    /**
     * Waits for the next completion; returns its result.
     *
     * @throws IOException when io_uring_enter itself fails
     */
    public int await() throws IOException {
        return await(0);
    }

    private void publish() {
        int tail = rings.getInt(sqTail);
        rings.putInt(sqArray + 4L * (tail & sqMask), tail & sqMask);
        VarHandle.releaseFence(); // the entry before the tail that publishes it
        rings.putInt(sqTail, tail + 1);
    }

    private int await(int toSubmit) throws IOException {
        while (true) {
            int head = rings.getInt(cqHead);
            int available = rings.getInt(cqTail);
            VarHandle.acquireFence();
            if (head != available) {
                int result = rings.getInt(cqes + (long) CQE_SIZE * (head & cqMask) + CQE_RES);
                VarHandle.releaseFence();
                rings.putInt(cqHead, head + 1);
                return result;
            }
            long entered = libc.syscall(SYS_IO_URING_ENTER, fd, toSubmit, 1, ENTER_GETEVENTS, null, 0);
            if (entered < 0) {
                int errno = LibC.errno();
                if (!passing(errno)) {
                    throw new IOException("io_uring_enter: " + libc.strerror(errno));
                }
            } else {
                toSubmit = 0; // submitted: an interrupted wait goes on waiting
            }
        }
    }

    /**
     * An io_uring_enter failure worth trying again: a signal (EINTR), or the kernel short of memory
     * for a moment (EAGAIN) or of room for completions (EBUSY).
     */
    private static boolean passing(int errno) {
        if (errno == EAGAIN || errno == EBUSY) {
            LockSupport.parkNanos(BACK_OFF_NANOS); // not a spin: the shortage may last
        }
        return errno == EINTR || errno == EAGAIN || errno == EBUSY;
    }

    /**
     * Unmaps the rings and closes the ring's descriptor. A FUSE entry waiting for a request is
     * cancelled; one holding a request the caller has not answered keeps it until the connection ends.
     */
    @Override
    public void close() {
        libc.munmap(entries, entriesSize);
        libc.munmap(rings, ringsSize);
        libc.close(fd);
    }
}
