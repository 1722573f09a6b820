package depset.fs;

import depset.natives.LibC;
import depset.trace.FileNames;
import depset.trace.TraceHeader;
import depset.trace.TraceWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;

/**
 * Runs TraceFs's request path hot before the traced program starts, so that the JIT has compiled
 * it: a fresh JVM serves its first thousands of requests interpreted, three to five times slower
 * (the first python3 start-up in a run took 190 ms, the fifth 80 ms). It mounts a throwaway
 * TraceFs over a temporary directory, its trace discarded, and makes there the requests traced
 * programs make most — lookups found and not, getattrs, opens and reads, readdirs, readlinks,
 * creations, writes, renames, unlinks.
 *
 * <p>It runs on a thread of its own, in a mount namespace of that thread's own with a tmpfs over
 * the temporary directory, so that the session's set-up (the overlay, the process monitor, the
 * mount of TraceFs) goes on beside it: the throwaway mount and its files are never seen by the
 * rest of the JVM (the overlay of a source root {@code /} would layer every mount below it), nor
 * by the user's namespace that {@code depset mount} runs in; the namespace, its tmpfs and its
 * mount end with the warm-up's threads. A JVM that exits meanwhile (Ctrl-C) first lets the
 * warm-up end its round and unmount. Nothing of the real source root is touched and nothing
 * reaches the real trace.
 */
public final class WarmUp {
    /** Rounds enough for C2 to compile the callbacks (about 20,000 requests; half a second). */
    public static final int DEFAULT_ROUNDS = 120;
    private static final int FILES = 24;

    /** How long a JVM that exits waits for the warm-up to end its round and unmount. */
    private static final long EXIT_WAIT_MILLIS = 10_000;

    private final Thread thread;
    private final ExitCleanup onExit;
    private volatile boolean stopping;
    private volatile boolean exiting;
    private volatile long served;
    private volatile IOException failure;

    private WarmUp(int rounds) {
        thread = new Thread(() -> serve(rounds), "depset-warm-up");
        thread.setDaemon(true);
        // A JVM that exits (Ctrl-C) during the warm-up must let it end its round and unmount first:
        // killed in the middle of a request to its own mount, the warm-up's thread would wait
        // for a reply forever, and the JVM with it. No other thread can reach the mount.
        onExit = ExitCleanup.register("depset-warm-up-exit", () -> {
            exiting = true;
            stop();
            try {
                thread.join(EXIT_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void serve(int rounds) {
        try {
            served = runApart(rounds);
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException | LinkageError e) {
            failure = new IOException(String.valueOf(e.getMessage()), e);
        } finally {
            if (!onExit.remove()) {
                // The JVM is exiting, and this thread may have ended before the exit hook marked
                // it: say so before ending, so that awaitEnd waits for the halt instead of
                // returning to a set-up, or reporting a failure the exit caused.
                exiting = true;
            }
        }
    }

    /** Starts a warm-up of {@code rounds} rounds; returns at once. */
    public static WarmUp start(int rounds) {
        WarmUp w = new WarmUp(rounds);
        w.thread.start();
        return w;
    }

    /**
     * Waits for the warm-up to end (its mount gone); returns the number of requests TraceFs served.
     *
     * @throws IOException when it could not run (no namespace of its own, the mount failed)
     */
    public long awaitEnd() throws IOException {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while warming TraceFs up");
        }
        while (exiting) {
            // The JVM halts once its exit hooks are done: the caller has nothing left to set up,
            // nor a message to print about a Ctrl-C.
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (stopping) {
            throw new IOException("the warm-up was stopped");
        }
        return served;
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Ends the warm-up after its current round (for a set-up that failed, or the JVM's exit); does
     * not wait. {@link #awaitEnd} then fails.
     */
    public void stop() {
        stopping = true;
    }

    /** Runs on the warm-up's own thread, which stays in the namespace it makes and ends afterwards. */
    private long runApart(int rounds) throws IOException {
        // jnr's own threads, started at their first need, would otherwise be started from here
        // and stay in this namespace.
        NativeBindings.prepareNow();
        LibC libc = LibC.INSTANCE;
        String tmp = FileNames.toNative(System.getProperty("java.io.tmpdir"));
        // Private first: the JVM's mounts may be shared with the namespace it was started from
        // (depset mount runs in the user's), and a mount below a shared one would propagate there.
        if (libc.unshare(LibC.CLONE_NEWNS) != 0
                || libc.mount("none", "/", null, LibC.MS_REC | LibC.MS_PRIVATE, null) != 0
                || libc.mount("depset-warmup", tmp, "tmpfs", 0, "mode=0700") != 0) {
            throw new IOException("cannot give the warm-up a mount namespace of its own: "
                    + libc.strerror(LibC.errno()));
        }
        Path dir = Files.createTempDirectory("depset-warmup");
        Path backing = Files.createDirectory(dir.resolve("backing"));
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        Path sub = Files.createDirectories(backing.resolve("lib/sub"));
        for (int i = 0; i < FILES; i++) {
            Files.write(sub.resolve("f" + i), new byte[4096 + i]);
        }
        Files.createSymbolicLink(backing.resolve("lib/link"), Path.of("sub/f0"));
        TraceHeader header = new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, backing.toString(),
                "1970-01-01T00:00:00Z", "warm-up", "warm-up", List.of());
        TraceWriter writer = TraceWriter.to(OutputStream.nullOutputStream(), header, 1 << 14);
        try (TraceMount m = TraceMount.mountInThreadNamespace(backing, mnt, writer, MountOptions.defaults())) {
            for (int r = 0; r < rounds && !stopping; r++) {
                try {
                    round(mnt.resolve("lib"), r);
                } catch (IOException | java.nio.file.DirectoryIteratorException e) {
                    if (!endedByTheKernel(e)) {
                        throw e;
                    }
                    // The kernel's request timeout ended the connection: depset was stopped (Ctrl-Z)
                    // longer than the timeout. The warm-up only saves time; the rounds served are enough.
                    break;
                }
            }
            return m.requestsServed();
        } finally {
            writer.close();
        }
    }

    /**
     * ENOTCONN or ECONNABORTED, also from a directory's iterator, which wraps it: the connection
     * ended ({@link TraceMount#mountInThreadNamespace}).
     */
    private static boolean endedByTheKernel(Exception e) {
        Throwable t = e instanceof java.nio.file.DirectoryIteratorException ? e.getCause() : e;
        return t instanceof java.nio.file.FileSystemException f
                && ("Transport endpoint is not connected".equals(f.getReason())
                || "Software caused connection abort".equals(f.getReason()));
    }

    private static void round(Path lib, int r) throws IOException {
        Path sub = lib.resolve("sub");
        for (int i = 0; i < FILES; i++) {
            Path f = sub.resolve("f" + i);
            Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Files.exists(sub.resolve("missing" + i));
            if (i % 3 == 0) {
                Files.readAllBytes(f);
            }
        }
        Files.readSymbolicLink(lib.resolve("link"));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(sub)) {
            entries.forEach(e -> { });
        }
        Path made = lib.resolve("made" + r);
        Files.write(made, new byte[512]);
        Path moved = lib.resolve("moved" + r);
        Files.move(made, moved, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(moved, Files.getLastModifiedTime(moved));
        Files.delete(moved);
    }
}
