package depset.fs;

import depset.natives.LibC;
import depset.natives.LibFuse2;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Serves one libfuse2 session's requests on threads the JVM started: a pool that grows by one
 * whenever every worker is busy (as libfuse's own loop does, so a request that blocks, such as
 * the open of a FIFO waiting for its writer, never stalls the others) and never shrinks.
 *
 * <p>Why not {@code fuse_loop_mt}: its threads are libfuse's, so each one's first callback has
 * to attach it to the JVM (a {@code java.lang.Thread} made, and detached again when it ends),
 * and libfuse ends a thread whenever more than ten are idle. A bursty workload therefore paid an
 * attach and a detach every few requests: 6,000 thread starts in 19 s of python3 start-ups.
 */
final class RequestWorkers {
    /** The most workers: libfuse2 has no limit, but 64 requests blocked at once is a stuck program. */
    static final int MAX_WORKERS = 64;
    private static final int EINTR = 4;
    private static final int IN_OPCODE = 4;
    private static final int FUSE_FORGET = 2;
    private static final int FUSE_INIT = 26;
    private static final int FUSE_INTERRUPT = 36;
    private static final int FUSE_BATCH_FORGET = 42;

    private final LibFuse2 fuse;
    private final Pointer session;
    private final Pointer channel;
    private final long bufferSize;
    private final ReplyRules rules;
    private final AtomicInteger idle = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final Object lock = new Object();
    private int live;
    private boolean anyEnded;
    /** Serves the kernel's io_uring queues once it agrees; null when io_uring is not wanted. */
    private final RingWorkers ring;
    private final LongAdder deviceRequests = new LongAdder();

    /**
     * @param rules     what the replies are changed by ({@link ReplyChannel})
     * @param ringWanted whether to serve the kernel's io_uring queues where it offers them ({@link RingWorkers})
     */
    RequestWorkers(LibFuse2 fuse, Pointer fuseHandle, ReplyRules rules, boolean ringWanted) {
        this.rules = rules;
        this.fuse = fuse;
        this.session = fuse.fuse_get_session(fuseHandle);
        this.channel = fuse.fuse_session_next_chan(session, null);
        this.bufferSize = fuse.fuse_chan_bufsize(channel);
        this.ring = ringWanted
                ? new RingWorkers(fuse, session, channel, bufferSize, rules, this::workerStarted, this::workerEnded)
                : null;
    }

    /** Starts the first worker; more start as needed. */
    void start() {
        startWorker();
    }


    private void startWorker() {
        int n = started.incrementAndGet();
        if (n > MAX_WORKERS) {
            return;
        }
        synchronized (lock) {
            live++;
        }
        idle.incrementAndGet();
        Thread t = new Thread(this::serve, "depset-fuse-" + n);
        t.setDaemon(true);
        t.start();
    }

    private void serve() {
        Pointer mem = Memory.allocateDirect(LibC.RUNTIME, bufferSize);
        Pointer buf = Memory.allocateDirect(LibC.RUNTIME, LibFuse2.FUSE_BUF_SIZE, true);
        Pointer channelPointer = Memory.allocateDirect(LibC.RUNTIME, 8, true);
        Scratch scratch = Scratch.get();
        ReplyChannel reply = new ReplyChannel(fuse, channel, bufferSize, mem, rules, null, ring);
        try {
            while (fuse.fuse_session_exited(session) == 0) {
                LibFuse2.pointBuf(buf, mem, bufferSize);
                channelPointer.putAddress(0, channel.address());
                int res = fuse.fuse_session_receive_buf(session, buf, channelPointer);
                if (res == -EINTR) {
                    continue;
                }
                if (res <= 0) {
                    if (res < 0) {
                        fuse.fuse_session_exit(session);
                    }
                    break;
                }
                if (idle.decrementAndGet() == 0) {
                    startWorker();
                }
                try {
                    // The session has one channel, so receive leaves it in place: no Pointer read back
                    // (and allocated) per request.
                    scratch.suidGidKillAsked = SuidGidKill.asked(mem);
                    int opcode = mem.getInt(IN_OPCODE);
                    if (opcode != FUSE_FORGET && opcode != FUSE_BATCH_FORGET && opcode != FUSE_INTERRUPT
                            && opcode != FUSE_INIT) {
                        deviceRequests.increment();
                    }
                    fuse.fuse_session_process_buf(session, buf, reply.channelFor(channel));
                } finally {
                    idle.incrementAndGet();
                }
            }
        } finally {
            reply.close();
            idle.decrementAndGet();
            synchronized (lock) {
                live--;
                anyEnded = true;
                lock.notifyAll();
            }
        }
    }

    /** The io_uring side, or null when io_uring is not wanted. */
    RingWorkers ring() {
        return ring;
    }

    /** Requests read from /dev/fuse other than INIT, FORGET and INTERRUPT (which never come through io_uring). */
    long deviceRequests() {
        return deviceRequests.sum();
    }

    private void workerStarted() {
        synchronized (lock) {
            live++;
        }
    }

    private void workerEnded() {
        synchronized (lock) {
            live--;
            lock.notifyAll();
        }
    }

    /** Waits until a worker has seen the connection end (or failed). */
    void awaitFirstEnd() throws InterruptedException {
        synchronized (lock) {
            while (!anyEnded) {
                lock.wait();
            }
        }
    }

    /** Waits up to {@code timeout} for every worker to end; true when they all did. */
    boolean awaitAll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            while (live > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }
}
