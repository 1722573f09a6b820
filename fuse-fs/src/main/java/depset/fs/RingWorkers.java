package depset.fs;

import depset.natives.Cpus;
import depset.natives.IoUring;
import depset.natives.LibC;
import depset.natives.LibFuse2;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The io_uring side of a session's request workers: says in the INIT reply whether to take FUSE
 * over io_uring, and once the kernel has agreed starts the workers of each CPU's queue
 * ({@link RingQueues}) and more as they are needed. Its threads count among the session's
 * workers ({@code started}, {@code ended}), so that the session ends only after them.
 */
final class RingWorkers implements ReplyChannel.RingAgreement {
    private final LibFuse2 fuse;
    private final Pointer session;
    private final Pointer channel;
    private final long bufferSize;
    private final ReplyRules rules;
    private final Runnable started;
    private final Runnable ended;
    private final AtomicBoolean agreed = new AtomicBoolean();
    private final CountDownLatch settled = new CountDownLatch(1);
    private volatile RingQueues queues;
    /** Why io_uring could not be used though the kernel offered it, or null. */
    private volatile String unusable;

    RingWorkers(LibFuse2 fuse, Pointer session, Pointer channel, long bufferSize, ReplyRules rules,
                Runnable started, Runnable ended) {
        this.fuse = fuse;
        this.session = session;
        this.channel = channel;
        this.bufferSize = bufferSize;
        this.rules = rules;
        this.started = started;
        this.ended = ended;
    }

    @Override
    public boolean usable() {
        unusable = IoUring.unusable();
        return unusable == null;
    }

    @Override
    public void answered(boolean ioUring) {
        if (!ioUring) {
            settled.countDown();
        } else if (agreed.compareAndSet(false, true)) {
            RingQueues q = new RingQueues(fuse, session, channel, bufferSize, Cpus.possible(), settled);
            queues = q;
            for (int queue = 0; queue < q.count(); queue++) {
                for (int i = RingQueues.firstWorkers(queue); i > 0; i--) {
                    startWorker(q, queue);
                }
            }
        }
    }

    /**
     * Waits until the INIT reply said no to io_uring, or every CPU's queue has an entry, or one
     * could not get one. Past {@code timeout} it turns io_uring off for the connection
     * ({@link RingQueues#fail}): the kernel would hold every request until the queues are set up.
     */
    void awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        if (!settled.await(timeout, unit)) {
            RingQueues q = queues;
            if (q != null) {
                q.fail("the queues were not all set up within " + unit.toSeconds(timeout) + " s");
            }
        }
    }

    /** Where the requests came from ({@link FuseSession#ringSummary()}). */
    String summary() {
        RingQueues q = queues;
        if (unusable != null) {
            return "io_uring: not usable here (" + unusable + ")";
        }
        if (q == null) {
            return "io_uring: not offered by the kernel";
        }
        String failure = q.failure();
        return "io_uring: " + q.served() + " requests" + (failure == null ? "" : " (" + failure + ")");
    }

    private void startWorker(RingQueues q, int queue) {
        if (!q.reserve(queue, RequestWorkers.MAX_WORKERS)) {
            return;
        }
        started.run();
        try {
            Thread t = new Thread(() -> serve(q, queue), "depset-fuse-ring-" + queue);
            t.setDaemon(true);
            t.start();
        } catch (RuntimeException | Error e) {
            // No thread: the queue keeps the workers it has, and grows again when they are busy; a
            // queue that has none yet gives io_uring up (RingQueues.fail).
            q.release(queue);
            ended.run();
            q.fail("no thread for queue " + queue + ": " + e);
        }
    }

    private void serve(RingQueues q, int queue) {
        try {
            RingEntry entry = new RingEntry(bufferSize);
            Pointer request = Memory.allocateDirect(LibC.RUNTIME, bufferSize, true);
            ReplyChannel reply = new ReplyChannel(fuse, channel, bufferSize, request, rules, entry, null);
            try {
                q.serve(queue, entry, request, reply, Scratch.get(), () -> startWorker(q, queue));
            } finally {
                reply.close();
            }
        } catch (RuntimeException | Error e) {
            q.fail("queue " + queue + "'s worker could not start: " + e);
        } finally {
            q.release(queue);
            ended.run();
        }
    }
}
