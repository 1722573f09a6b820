package depset.fs;

import depset.natives.Cpus;
import depset.natives.IoUring;
import depset.natives.LibC;
import depset.natives.LibFuse2;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The kernel's FUSE io_uring queues of one mount (Linux 6.14 and later, when the fuse module's
 * {@code enable_uring} is on): one queue per CPU, each served by workers pinned to that CPU, each
 * worker with an io_uring of its own and one entry registered in its queue.
 *
 * <p>Why: through /dev/fuse a request wakes a worker on whichever CPU it last ran, and its reply
 * wakes the caller back, two wake-ups that cross CPUs more often than not, and on a virtual
 * machine whose idle CPUs halt each costs more than serving the request. The kernel puts a
 * request in the queue of the CPU its caller runs on, so a worker pinned there is woken on the
 * caller's CPU, which the caller has just left for the answer, and the answer wakes the caller
 * where the worker runs.
 *
 * <p>A worker blocked in a request holds its entry, so a queue keeps one idle entry in reserve and
 * gets another worker whenever it is down to it ({@link #serve}). FORGET and INTERRUPT still come
 * through /dev/fuse, whose workers stay.
 */
final class RingQueues {
    private static final byte IORING_OP_URING_CMD = 46;
    private static final int FUSE_IO_URING_CMD_REGISTER = 1;
    private static final int FUSE_IO_URING_CMD_COMMIT_AND_FETCH = 2;
    private static final int FUSE_URING_IOV_SEGS = 2;
    // struct io_uring_sqe: opcode at 0, fd at 4, cmd_op at 8, addr at 16, len at 24; the command's
    // struct fuse_uring_cmd_req (flags, commit_id, qid) at 48.
    private static final int SQE_OPCODE = 0;
    private static final int SQE_FD = 4;
    private static final int SQE_CMD_OP = 8;
    private static final int SQE_ADDR = 16;
    private static final int SQE_LEN = 24;
    private static final int SQE_COMMIT_ID = 48 + 8;
    private static final int SQE_QID = 48 + 16;
    /** A queue number no kernel has: its registration fails, and turns io_uring off. */
    private static final int NO_QUEUE = 0xffff;
    private static final int EINVAL = 22;
    private static final int EOPNOTSUPP = 95;
    private static final int ECONNABORTED = 103;
    private static final int ENOTCONN = 107;
    /** Idle entries a queue keeps for requests that come while the others are busy. */
    private static final int SPARE = 1;

    private final LibFuse2 fuse;
    private final Pointer session;
    private final Pointer channel;
    private final int device;
    private final long bufferSize;
    private final AtomicInteger[] idle;
    private final AtomicInteger[] started;
    private final LongAdder served = new LongAdder();
    private final AtomicBoolean[] registered;
    private final AtomicInteger unregistered;
    private final CountDownLatch settled;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicBoolean givenUp = new AtomicBoolean();

    /**
     * @param settled counted down once every queue has an entry in the kernel (from then on the kernel
     *                sends requests there), or a queue could not be served
     */
    RingQueues(LibFuse2 fuse, Pointer session, Pointer channel, long bufferSize, int queues, CountDownLatch settled) {
        this.settled = settled;
        registered = new AtomicBoolean[queues];
        unregistered = new AtomicInteger(queues);
        this.fuse = fuse;
        this.session = session;
        this.channel = channel;
        this.device = fuse.fuse_chan_fd(channel);
        this.bufferSize = bufferSize;
        idle = new AtomicInteger[queues];
        started = new AtomicInteger[queues];
        for (int q = 0; q < queues; q++) {
            idle[q] = new AtomicInteger();
            started[q] = new AtomicInteger();
            registered[q] = new AtomicBoolean();
        }
    }

    int count() {
        return idle.length;
    }

    long served() {
        return served.sum();
    }

    /** Why a worker could not serve its queue, or null. */
    String failure() {
        return failure.get();
    }

    /** How many workers {@code queue} starts with: two where requests come from, one for an offline CPU. */
    static int firstWorkers(int queue) {
        return Cpus.online(queue) ? 1 + SPARE : 1;
    }

    /** Counts a new worker of {@code queue} in; false when the queue has {@code most} already. */
    boolean reserve(int queue, int most) {
        if (started[queue].incrementAndGet() > most) {
            started[queue].decrementAndGet();
            return false;
        }
        idle[queue].incrementAndGet();
        return true;
    }

    /** Counts out a worker {@link #reserve} counted in (its thread could not start, or it has ended). */
    void release(int queue) {
        started[queue].decrementAndGet();
        idle[queue].decrementAndGet();
    }

    /**
     * Serves {@code queue} on the calling thread until the connection ends: registers the entry,
     * then answers each request the kernel puts there and fetches the next in one step. Runs
     * {@code grow} when the queue is down to its spare entry: the kernel hands a queued request
     * only to an entry that commits, never to one that registers, so a queue whose entries were
     * all busy (one blocked, say) would keep its next request waiting for them.
     */
    void serve(int queue, RingEntry entry, Pointer request, ReplyChannel reply, Scratch scratch, Runnable grow) {
        Pointer buf = Memory.allocateDirect(LibC.RUNTIME, LibFuse2.FUSE_BUF_SIZE, true);
        Cpus.pin(queue);
        try (IoUring ring = IoUring.open(1)) {
            boolean registering = true;
            long commit = 0;
            while (true) {
                int result;
                if (registering) {
                    command(ring, FUSE_IO_URING_CMD_REGISTER, entry.vectors(), 0, queue);
                    ring.submit();
                    if (!ring.ready()) {
                        registered(queue); // the entry waits in the queue for a request
                    }
                    result = ring.await();
                } else {
                    command(ring, FUSE_IO_URING_CMD_COMMIT_AND_FETCH, 0, commit, queue);
                    result = ring.submitAndWait();
                }
                if (result == -ENOTCONN || result == -ECONNABORTED) {
                    return; // the connection has ended
                }
                if (result < 0 && registering) {
                    fail("the kernel refused a queue entry: " + LibC.INSTANCE.strerror(-result));
                    return;
                }
                if (result < 0) {
                    // The kernel did not take the reply (it no longer knew the request): the entry is
                    // lost to the queue, so this worker registers it afresh rather than leave the
                    // queue a worker short.
                    registering = true;
                    continue;
                }
                registering = false;
                commit = entry.unique();
                try {
                    if (idle[queue].decrementAndGet() <= SPARE) {
                        grow.run();
                    }
                    serveOne(entry, request, reply, scratch, buf);
                    served.increment();
                } finally {
                    idle[queue].incrementAndGet();
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            // A request this worker holds stays unanswered (its entry is tied to this ring): a bug,
            // said in --stats; the queue's other workers go on.
            fail(e instanceof IOException ? e.getMessage() : e.toString());
        }
    }

    /** Fills the ring's next entry with a FUSE io_uring command. */
    private void command(IoUring ring, int op, long vectors, long commit, int queue) {
        Pointer sqe = ring.entry();
        sqe.putByte(SQE_OPCODE, IORING_OP_URING_CMD);
        sqe.putInt(SQE_FD, device);
        sqe.putInt(SQE_CMD_OP, op);
        if (vectors != 0) {
            sqe.putLong(SQE_ADDR, vectors);
            sqe.putInt(SQE_LEN, FUSE_URING_IOV_SEGS);
        }
        sqe.putLong(SQE_COMMIT_ID, commit);
        sqe.putShort(SQE_QID, (short) queue);
    }

    /**
     * Serves the request in {@code entry}, its reply written back into the entry. Never leaves it
     * unanswered: an entry without a reply would never come back to the queue, and its caller would
     * wait for good.
     */
    private void serveOne(RingEntry entry, Pointer request, ReplyChannel reply, Scratch scratch, Pointer buf) {
        try {
            int length = entry.request(request, bufferSize);
            if (length < 0) {
                entry.fail(LibC.EIO);
                return;
            }
            LibFuse2.pointBuf(buf, request, length);
            scratch.suidGidKillAsked = SuidGidKill.asked(request);
            fuse.fuse_session_process_buf(session, buf, reply.channelFor(channel));
            if (!entry.replied()) {
                entry.fail(LibC.EIO);
            }
        } catch (RuntimeException | Error e) {
            entry.fail(LibC.EIO);
        }
    }

    private void registered(int queue) {
        if (!registered[queue].getAndSet(true) && unregistered.decrementAndGet() == 0) {
            settled.countDown();
        }
    }

    /**
     * Records why a worker could not serve its queue. While some queue has no entry yet, the kernel
     * holds every request, so io_uring is given up; once every queue has one, the others go on
     * (turning io_uring off then would only make a later change of the kernel's switch refuse the
     * queues' answers).
     */
    void fail(String why) {
        failure.compareAndSet(null, why);
        if (unregistered.get() > 0) {
            giveUp();
        }
        settled.countDown();
    }

    /**
     * Turns io_uring off for the connection (once): a registration for a queue that does not exist
     * makes the kernel drop io_uring and send the requests it holds to /dev/fuse.
     */
    private void giveUp() {
        if (!givenUp.compareAndSet(false, true)) {
            return;
        }
        try (IoUring ring = IoUring.open(1)) {
            command(ring, FUSE_IO_URING_CMD_REGISTER, 0, 0, NO_QUEUE);
            int result = ring.submitAndWait();
            // EINVAL: turned off now; EOPNOTSUPP: off already; ENOTCONN, ECONNABORTED: no connection left.
            if (result != -EINVAL && result != -EOPNOTSUPP && result != -ENOTCONN && result != -ECONNABORTED) {
                failure.set(failure.get() + "; io_uring could not be turned off: " + LibC.INSTANCE.strerror(-result));
            }
        } catch (IOException e) {
            failure.set(failure.get() + "; io_uring could not be turned off: " + e.getMessage());
        }
    }
}
