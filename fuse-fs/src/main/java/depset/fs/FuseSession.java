package depset.fs;

import depset.natives.LibC;
import depset.natives.LibFuse2;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * One libfuse2 mount and the thread that runs its request loop.
 *
 * <p>Runs libfuse's pieces directly ({@code fuse_mount}, {@code fuse_new}, and its request loop
 * on JVM threads, {@link RequestWorkers}) rather than {@code fuse_main}, which would install its
 * own SIGINT/SIGTERM handlers in the JVM and gives no sign of when the mount is live. The loop
 * ends when the kernel ends the connection (the mount is unmounted); the loop thread then
 * releases libfuse's session.
 */
final class FuseSession {
    private final LibFuse2 fuse;
    private final String mountPoint;
    private final Thread loop;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final ReplyRules rules;
    private final boolean ioUring;
    private volatile RequestWorkers workers;

    private FuseSession(LibFuse2 fuse, String mountPoint, Pointer channel, Pointer session,
                        ReplyRules rules, boolean ioUring) {
        this.rules = rules;
        this.ioUring = ioUring;
        this.fuse = fuse;
        this.mountPoint = mountPoint;
        this.loop = new Thread(() -> run(channel, session), "depset-fuse-loop");
        loop.setDaemon(true);
    }

    /**
     * Mounts and starts serving.
     *
     * @param options libfuse2 {@code -o} options (mount and library options together)
     * @param directories which directories' entries the kernel may keep longer ({@link ReplyChannel})
     * @param symlinks    whether the kernel may keep symbolic links' targets ({@link ReplyChannel})
     * @param requestTimeoutSeconds after how long without an answer the kernel ends the connection
     *                    (0: never; {@link ReplyChannel})
     * @param ioUring whether to serve the kernel's io_uring queues where it offers them ({@link RingWorkers})
     * @throws IOException when libfuse cannot mount (it prints its reason on stderr)
     */
    static FuseSession start(LibFuse2 fuse, TraceFs fs, String mountPoint, List<String> options,
                              DirectoryCaching directories, SymlinkTargets symlinks, int requestTimeoutSeconds,
                              boolean ioUring) throws IOException {
        List<Pointer> keep = new ArrayList<>(); // native strings must live until libfuse copied them
        String[] argv = {"depset", "-o", String.join(",", options)};
        Pointer array = Memory.allocateDirect(LibC.RUNTIME, 8L * (argv.length + 1), true);
        for (int i = 0; i < argv.length; i++) {
            byte[] b = argv[i].getBytes(StandardCharsets.UTF_8);
            Pointer s = Memory.allocateDirect(LibC.RUNTIME, b.length + 1, true);
            s.put(0, b, 0, b.length);
            keep.add(s);
            array.putAddress(8L * i, s.address());
        }
        // struct fuse_args { int argc; char **argv; int allocated; }
        Pointer args = Memory.allocateDirect(LibC.RUNTIME, 24, true);
        args.putInt(0, argv.length);
        args.putAddress(8, array.address());
        args.putInt(16, 0);
        Pointer channel = fuse.fuse_mount(mountPoint, args);
        if (channel == null) {
            fuse.fuse_opt_free_args(args);
            throw new IOException("cannot mount FUSE at " + mountPoint);
        }
        long address = LibFuse2.fuseNew(channel, args, fs.operations(), fs.operationsSize());
        fuse.fuse_opt_free_args(args);
        keep.clear();
        Pointer session = address == 0 ? null : Pointer.wrap(LibC.RUNTIME, address);
        if (session == null) {
            fuse.fuse_unmount(mountPoint, channel);
            throw new IOException("cannot start FUSE at " + mountPoint + " (libfuse refused the options)");
        }
        FuseSession s = new FuseSession(fuse, mountPoint, channel, session,
                new ReplyRules(directories, symlinks, fs.passthrough(), requestTimeoutSeconds), ioUring);
        s.loop.start();
        return s;
    }

    private void run(Pointer channel, Pointer session) {
        try {
            RequestWorkers workers = new RequestWorkers(fuse, session, rules, ioUring);
            this.workers = workers;
            workers.start();
            workers.awaitFirstEnd();
            boolean allEnded = workers.awaitAll(2, TimeUnit.SECONDS);
            if (!allEnded) {
                // A worker ended on an error while the others still wait on the device: detaching
                // the mount ends the connection for them once the last user lets go.
                LibC.INSTANCE.umount2(depset.trace.FileNames.toNative(mountPoint), LibC.MNT_DETACH);
                allEnded = workers.awaitAll(5, TimeUnit.SECONDS);
            }
            if (allEnded) {
                // The kernel has ended the connection: this closes the device (no second unmount,
                // libfuse sees the connection is gone) and frees the session. Never while a worker
                // may still be inside libfuse (one stuck in a callback): then the session leaks.
                fuse.fuse_unmount(mountPoint, channel);
                fuse.fuse_destroy(session);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended.countDown();
        }
    }

    /**
     * Where the requests came from, for {@code --stats}: "io_uring: N requests" when the kernel
     * agreed to FUSE over io_uring, "io_uring: off" when not asked for, "io_uring: not usable here (…)"
     * when this process may not make an io_uring, else "io_uring: not offered by the kernel" (older
     * than 6.14, or the fuse module's {@code enable_uring} is off).
     */
    String ringSummary() {
        RequestWorkers w = workers;
        if (!ioUring) {
            return "io_uring: off";
        }
        return w == null ? "io_uring: not offered by the kernel" : w.ring().summary();
    }

    /** Requests read from /dev/fuse other than INIT, FORGET and INTERRUPT ({@link RequestWorkers#deviceRequests}). */
    long deviceRequests() {
        RequestWorkers w = workers;
        return w == null ? 0 : w.deviceRequests();
    }

    /**
     * Waits up to {@code timeout} until the kernel sends requests through the io_uring queues, or
     * it is settled that it will not ({@link RingWorkers#awaitReady}): so that a traced program's
     * first requests do not come through /dev/fuse while the queues are being set up.
     */
    void awaitRing(long timeout, TimeUnit unit) throws InterruptedException {
        RequestWorkers w = workers;
        if (w != null && w.ring() != null) {
            w.ring().awaitReady(timeout, unit);
        }
    }

    boolean isRunning() {
        return ended.getCount() > 0;
    }

    /** Waits for the loop to end; true when it did. */
    boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }
}
