package depset.fs;

import depset.natives.IoUring;
import depset.natives.LibC;
import depset.natives.LibFuse2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>A worker blocked in a request (a FIFO's open waiting for its writer) holds its entry: as on
 * /dev/fuse, a queue gets another worker whenever all of its workers are busy. FORGET and
 * INTERRUPT still come through /dev/fuse, whose workers stay.
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
    private static final int EAGAIN = 11;
    private static final int EIO = 5;
    private static final int ECONNABORTED = 103;
    private static final int ENOTCONN = 107;
    private static final int CPU_MASK_BYTES = 128;

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
    private volatile String failure;

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

    /** The kernel's number of queues: one per possible CPU ({@code /sys/devices/system/cpu/possible}). */
    static int possibleCpus() {
        try {
            String range = Files.readString(Path.of("/sys/devices/system/cpu/possible")).trim();
            int highest = 0;
            for (String part : range.split(",")) {
                String last = part.substring(part.indexOf('-') + 1);
                highest = Math.max(highest, Integer.parseInt(last));
            }
            return highest + 1;
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    int count() {
        return idle.length;
    }

    long served() {
        return served.sum();
    }

    /** Why a worker could not serve its queue (then every request still comes through /dev/fuse), or null. */
    String failure() {
        return failure;
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

    /**
     * Serves {@code queue} on the calling thread until the connection ends: registers the entry,
     * then answers each request the kernel puts there and fetches the next in one step. Runs
     * {@code busy} when every worker of the queue is serving a request.
     */
    void serve(int queue, RingEntry entry, Pointer request, ReplyChannel reply, Scratch scratch, Runnable busy) {
        Pointer buf = Memory.allocateDirect(LibC.RUNTIME, LibFuse2.FUSE_BUF_SIZE, true);
        pin(queue);
        try (IoUring ring = IoUring.open(1)) {
            int command = FUSE_IO_URING_CMD_REGISTER;
            long commit = 0;
            while (true) {
                Pointer sqe = ring.entry();
                sqe.putByte(SQE_OPCODE, IORING_OP_URING_CMD);
                sqe.putInt(SQE_FD, device);
                sqe.putInt(SQE_CMD_OP, command);
                if (command == FUSE_IO_URING_CMD_REGISTER) {
                    sqe.putLong(SQE_ADDR, entry.vectors());
                    sqe.putInt(SQE_LEN, FUSE_URING_IOV_SEGS);
                }
                sqe.putLong(SQE_COMMIT_ID, commit);
                sqe.putShort(SQE_QID, (short) queue);
                int result;
                if (command == FUSE_IO_URING_CMD_REGISTER) {
                    ring.submit();
                    if (!ring.ready()) {
                        registered(queue); // the entry waits in the queue for a request
                    }
                    result = ring.await();
                } else {
                    result = ring.submitAndWait();
                }
                if (result == -EAGAIN && command == FUSE_IO_URING_CMD_REGISTER) {
                    Thread.sleep(1); // the kernel has not finished taking the INIT reply
                    continue;
                }
                if (result == -ENOTCONN || result == -ECONNABORTED) {
                    return; // the connection has ended
                }
                if (result < 0 && command == FUSE_IO_URING_CMD_REGISTER) {
                    fail("the kernel refused a queue entry: " + LibC.INSTANCE.strerror(-result));
                    return;
                }
                if (result < 0) {
                    // The kernel did not take the reply (it no longer knew the request): the entry is
                    // lost to the queue, so this worker registers it afresh rather than leave the
                    // queue a worker short.
                    command = FUSE_IO_URING_CMD_REGISTER;
                    continue;
                }
                if (idle[queue].decrementAndGet() == 0) {
                    busy.run();
                }
                try {
                    commit = entry.unique();
                    serveOne(entry, request, reply, scratch, buf);
                    served.increment();
                } finally {
                    idle[queue].incrementAndGet();
                }
                command = FUSE_IO_URING_CMD_COMMIT_AND_FETCH;
            }
        } catch (IOException e) {
            fail(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            idle[queue].decrementAndGet();
        }
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
                entry.fail(EIO);
                return;
            }
            buf.putLong(0, length);
            buf.putInt(LibFuse2.FUSE_BUF_FLAGS, 0);
            buf.putAddress(LibFuse2.FUSE_BUF_MEM, request.address());
            buf.putInt(LibFuse2.FUSE_BUF_FD, -1);
            buf.putLong(LibFuse2.FUSE_BUF_POS, 0);
            scratch.suidGidKillAsked = SuidGidKill.asked(request);
            fuse.fuse_session_process_buf(session, buf, reply.channelFor(channel));
            if (!entry.replied()) {
                entry.fail(EIO);
            }
        } catch (RuntimeException | Error e) {
            entry.fail(EIO);
        }
    }

    private void registered(int queue) {
        if (!registered[queue].getAndSet(true) && unregistered.decrementAndGet() == 0) {
            settled.countDown();
        }
    }

    private void fail(String why) {
        failure = why;
        if (unregistered.get() > 0) {
            giveUp(why);
        }
        settled.countDown();
    }

    /**
     * Turns io_uring off for the connection while not every queue has an entry: the kernel holds
     * every request until each has one, so a queue that cannot get one would hang the mount. A
     * registration for a queue that does not exist makes the kernel drop io_uring and let the
     * held requests go to /dev/fuse.
     */
    void giveUp(String why) {
        if (failure == null) {
            failure = why;
        }
        try (IoUring ring = IoUring.open(1)) {
            Pointer sqe = ring.entry();
            sqe.putByte(SQE_OPCODE, IORING_OP_URING_CMD);
            sqe.putInt(SQE_FD, device);
            sqe.putInt(SQE_CMD_OP, FUSE_IO_URING_CMD_REGISTER);
            sqe.putShort(SQE_QID, (short) 0xffff);
            ring.submitAndWait();
        } catch (IOException e) {
            failure = why + "; and io_uring could not be turned off (" + e.getMessage() + ")";
        }
    }

    /** Keeps the calling thread on {@code cpu}, where the queue's requests come from; best effort. */
    private static void pin(int cpu) {
        Pointer mask = Memory.allocateDirect(LibC.RUNTIME, CPU_MASK_BYTES, true);
        mask.putByte(cpu / 8, (byte) (1 << (cpu % 8)));
        LibC.INSTANCE.sched_setaffinity(0, CPU_MASK_BYTES, mask);
    }
}
