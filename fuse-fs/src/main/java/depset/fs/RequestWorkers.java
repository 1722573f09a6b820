package depset.fs;

import depset.natives.IoUring;
import depset.natives.LibC;
import depset.natives.LibFuse2;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

    private final LibFuse2 fuse;
    private final Pointer session;
    private final Pointer channel;
    private final long bufferSize;
    private final DirectoryCaching directories;
    private final SymlinkTargets symlinks;
    private final PassthroughFiles passthrough;
    private final int requestTimeoutSeconds;
    private final AtomicInteger idle = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final Object lock = new Object();
    private int live;
    private boolean anyEnded;
    /** Whether to serve requests from the kernel's io_uring queues once the kernel agrees. */
    private final boolean ringWanted;
    private final AtomicBoolean ringStarted = new AtomicBoolean();
    private final CountDownLatch ringSettled = new CountDownLatch(1);
    private volatile RingQueues ring;
    /** Why io_uring could not be used though the kernel offered it, or null. */
    private volatile String ringUnusable;

    /**
     * @param directories which directories the kernel may keep longer ({@link ReplyChannel})
     * @param symlinks    whether the kernel may keep symbolic links' targets ({@link ReplyChannel})
     * @param passthrough the mount's passthrough registrations ({@link ReplyChannel})
     * @param requestTimeoutSeconds the kernel's request timeout to ask for, 0 for none ({@link ReplyChannel})
     */
    RequestWorkers(LibFuse2 fuse, Pointer fuseHandle, DirectoryCaching directories, SymlinkTargets symlinks,
                   PassthroughFiles passthrough, int requestTimeoutSeconds, boolean ringWanted) {
        this.requestTimeoutSeconds = requestTimeoutSeconds;
        this.ringWanted = ringWanted;
        this.directories = directories;
        this.symlinks = symlinks;
        this.passthrough = passthrough;
        this.fuse = fuse;
        this.session = fuse.fuse_get_session(fuseHandle);
        this.channel = fuse.fuse_session_next_chan(session, null);
        this.bufferSize = fuse.fuse_chan_bufsize(channel);
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
        ReplyChannel reply = new ReplyChannel(fuse, channel, bufferSize, mem, directories, symlinks,
                passthrough, requestTimeoutSeconds, null, ringWanted ? agreement : null);
        try {
            while (fuse.fuse_session_exited(session) == 0) {
                buf.putLong(0, bufferSize);
                buf.putInt(LibFuse2.FUSE_BUF_FLAGS, 0);
                buf.putAddress(LibFuse2.FUSE_BUF_MEM, mem.address());
                buf.putInt(LibFuse2.FUSE_BUF_FD, -1);
                buf.putLong(LibFuse2.FUSE_BUF_POS, 0);
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

    /**
     * Starts the io_uring workers, one per CPU to begin with (the kernel has agreed to io_uring in
     * its INIT reply, which a /dev/fuse worker has just written): from the moment every CPU's queue has
     * an entry, the kernel sends requests there instead of to /dev/fuse.
     */
    private final ReplyChannel.RingAgreement agreement = new ReplyChannel.RingAgreement() {
        @Override
        public boolean usable() {
            ringUnusable = IoUring.unusable();
            return ringUnusable == null;
        }

        @Override
        public void answered(boolean ioUring) {
            if (!ioUring) {
                ringSettled.countDown();
            } else if (ringStarted.compareAndSet(false, true)) {
                startRing();
            }
        }
    };

    private void startRing() {
        RingQueues r = new RingQueues(fuse, session, channel, bufferSize, RingQueues.possibleCpus(), ringSettled);
        ring = r;
        for (int q = 0; q < r.count(); q++) {
            startRingWorker(r, q);
        }
    }

    private void startRingWorker(RingQueues r, int queue) {
        if (!r.reserve(queue, MAX_WORKERS)) {
            return;
        }
        synchronized (lock) {
            live++;
        }
        Thread t = new Thread(() -> serveRing(r, queue), "depset-fuse-ring-" + queue);
        t.setDaemon(true);
        t.start();
    }

    private void serveRing(RingQueues r, int queue) {
        RingEntry entry = new RingEntry(bufferSize);
        Pointer mem = Memory.allocateDirect(LibC.RUNTIME, bufferSize, true);
        ReplyChannel reply = new ReplyChannel(fuse, channel, bufferSize, mem, directories, symlinks, passthrough,
                requestTimeoutSeconds, entry, null);
        try {
            r.serve(queue, entry, mem, reply, Scratch.get(), () -> startRingWorker(r, queue));
        } finally {
            reply.close();
            synchronized (lock) {
                live--;
                lock.notifyAll();
            }
        }
    }

    /**
     * Waits until the INIT reply said no to io_uring, or every CPU's queue has an entry, or one
     * could not get one; false when that took longer than {@code timeout}. Immediately true when
     * io_uring is not wanted.
     */
    boolean awaitRing(long timeout, TimeUnit unit) throws InterruptedException {
        if (!ringWanted || ringSettled.await(timeout, unit)) {
            return true;
        }
        RingQueues r = ring;
        if (r != null) {
            r.giveUp("the queues were not all set up within " + unit.toSeconds(timeout) + " s");
        }
        return false;
    }

    /** Whether the kernel agreed to FUSE over io_uring. */
    boolean ringAgreed() {
        return ringStarted.get();
    }

    /** The requests served through io_uring so far, 0 when the kernel never agreed to it. */
    long ringRequests() {
        RingQueues r = ring;
        return r == null ? 0 : r.served();
    }

    /** Why io_uring was not used though the kernel offered it, or null. */
    String ringUnusable() {
        return ringUnusable;
    }

    /** Why the io_uring queues could not be served, or null. */
    String ringFailure() {
        RingQueues r = ring;
        return r == null ? null : r.failure();
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
