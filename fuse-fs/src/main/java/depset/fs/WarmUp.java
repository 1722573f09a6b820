package depset.fs;

import depset.natives.LibC;
import depset.trace.Op;
import depset.trace.FileNames;
import depset.trace.TraceHeader;
import depset.trace.TraceWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs TraceFs's request path hot before the traced program starts, so that the JIT has compiled
 * it: a fresh JVM serves its first thousands of requests interpreted, three to five times slower
 * (the first python3 start-up in a run took 190 ms, the fifth 80 ms). It mounts a throwaway
 * TraceFs over a temporary directory, its trace discarded, and makes there the requests traced
 * programs make most — lookups found and not, getattrs, opens and reads, readdirs, readlinks,
 * creations, writes, renames, unlinks.
 *
 * <p>The requests come from a child process ({@link #CLIENT}, a shell whose built-ins make most of
 * them), never from a thread of this JVM: a thread waiting for its own process's answer would keep
 * the JVM alive, a zombie, when {@code kill -9} has ended the threads that answer, since the
 * connection ends only when the last thread holding {@code /dev/fuse} is gone. A child's request
 * then fails instead, and the child ends.
 *
 * <p>It runs on a thread of its own, in a mount namespace of that thread's own with a tmpfs over
 * /dev/shm ({@link #hiddenDirectory}), so that the session's set-up (the overlay, the process
 * monitor, the mount of TraceFs) goes on beside it: the throwaway mount and its files are never
 * seen by the rest of the JVM (the overlay of a source root {@code /} would layer every mount
 * below it), nor by the user's namespace that {@code depset mount} runs in; the namespace, its
 * tmpfs and its mount end with the warm-up's threads and its client. A JVM that exits meanwhile
 * (Ctrl-C) first ends the client and lets the warm-up unmount. Nothing of the real source root is
 * touched and nothing reaches the real trace.
 */
public final class WarmUp {
    /**
     * Rounds enough for the whole request path to be compiled (about 7,000 requests): python3's
     * first start-up after 40 rounds was as fast as after the 120 that a client thread of the JVM
     * made, and 80 rounds gave no more (docs/benchmarks.md).
     */
    public static final int LONG_ROUNDS = 40;
    private static final int FILES = 48;

    /** How long a JVM that exits waits for the warm-up to end its client and unmount. */
    private static final long EXIT_WAIT_MILLIS = 10_000;

    /**
     * The warm-up's client, {@code sh -c CLIENT sh DIR ROUNDS}: DIR holds {@code sub/f0…} and the
     * symlink {@code link}. Each round, with the shell's built-ins: a readdir (the glob), a lookup
     * found and one not of each file, an open and a one-byte read (the files start with a newline)
     * of those whose names end in 0, 3, 6 or 9, a creation and a write; every tenth round, in four
     * processes: readlinks ({@code ls -l} of the symlink; the kernel keeps its target after the first,
     * as it does a traced program's), a rename, utimens and unlinks. Exits on
     * the first failure ({@code set -e}), saying on its way out why DIR cannot be reached, if it
     * cannot: the kernel may have ended the connection. Run in the C locale, so that those words
     * are the ones {@link #endedByTheKernel} looks for.
     */
    static final String CLIENT = """
            set -e
            trap '[ $? = 0 ] || ls -d "$1" > /dev/null' EXIT
            cd "$1"
            r=0
            while [ "$r" -lt "$2" ]; do
              for f in sub/*; do
                [ -f "$f" ]
                [ ! -e "$f.missing" ]
              done
              for f in sub/*[0369]; do
                read -r line < "$f"
              done
              echo "$r" > "made$r"
              if [ $((r % 10)) = 9 ]; then
                ls -l link link link link link link link link > /dev/null
                mv "made$r" "moved$r"
                touch made* moved*
                rm made* moved*
              fi
              r=$((r + 1))
            done
            """;

    private static final String NSENTER = "/usr/bin/nsenter";

    private final Thread thread;
    private final boolean ioUring;
    private final ExitCleanup onExit;
    private volatile Process client;
    private volatile boolean stopping;
    private volatile boolean exiting;
    private volatile Map<Op, Long> served = Map.of();
    private volatile IOException failure;

    private WarmUp(int rounds, boolean ioUring) {
        this.ioUring = ioUring;
        thread = new Thread(() -> serve(rounds), "depset-warm-up");
        thread.setDaemon(true);
        // A JVM that exits (Ctrl-C) during the warm-up ends the client and lets the warm-up unmount
        // first, so that neither outlives depset even for a moment.
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

    /**
     * Starts a warm-up of {@code rounds} rounds; returns at once. Its mount takes the kernel's
     * io_uring queues when {@code ioUring} and the kernel offers them, as the traced mount will: the
     * request path it warms is the one the traced program's requests take.
     */
    public static WarmUp start(int rounds, boolean ioUring) {
        WarmUp w = new WarmUp(rounds, ioUring);
        w.thread.start();
        return w;
    }

    /**
     * Waits for the warm-up to end (its mount gone); returns the requests TraceFs served, by kind.
     *
     * @throws IOException when it could not run (no namespace of its own, the mount failed)
     */
    public Map<Op, Long> awaitEnd() throws IOException {
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
        Process c = client;
        if (c != null) {
            c.destroyForcibly();
        }
    }

    /** Runs on the warm-up's own thread, which stays in the namespace it makes and ends afterwards. */
    private Map<Op, Long> runApart(int rounds) throws IOException {
        // jnr's own threads, started at their first need, would otherwise be started from here
        // and stay in this namespace.
        NativeBindings.prepareNow();
        // The client starts here, before this thread has a namespace of its own, and waits for
        // the word to enter it: the JVM's process reaper, started with a first child, would
        // otherwise be started from here and stay in that namespace.
        // It ignores the terminal's Ctrl-C and Ctrl-\ (the JVM's process group gets them): the
        // JVM decides when it ends.
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c",
                "trap '' INT QUIT && IFS= read -r ns && IFS= read -r dir && IFS= read -r rounds"
                        + " && exec " + NSENTER + " --mount=\"$ns\" /bin/sh -c \"$0\" sh \"$dir\" \"$rounds\"",
                CLIENT).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process c = pb.start();
        client = c;
        if (stopping) {
            c.destroyForcibly(); // stop() came before the client was there to end
        }
        try {
            return serveClient(c, rounds);
        } finally {
            end(c);
            client = null;
        }
    }

    /** Ends the client, if it has not ended, and waits for its end. */
    private static void end(Process c) {
        c.destroyForcibly();
        boolean interrupted = false;
        while (true) {
            try {
                c.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<Op, Long> serveClient(Process c, int rounds) throws IOException {
        if (stopping) {
            return Map.of(); // no namespace, files or mount for a warm-up already stopped
        }
        LibC libc = LibC.INSTANCE;
        Path hidden = hiddenDirectory();
        // Private first: the JVM's mounts may be shared with the namespace it was started from
        // (depset mount runs in the user's), and a mount below a shared one would propagate there.
        if (libc.unshare(LibC.CLONE_NEWNS) != 0
                || libc.mount("none", "/", null, LibC.MS_REC | LibC.MS_PRIVATE, null) != 0
                || libc.mount("depset-warmup", FileNames.toNative(hidden.toString()), "tmpfs", 0, "mode=0700") != 0) {
            throw new IOException("cannot give the warm-up a mount namespace of its own: "
                    + libc.strerror(LibC.errno()));
        }
        Path ns = Path.of("/proc").resolve(Files.readSymbolicLink(Path.of("/proc/thread-self"))).resolve("ns/mnt");
        Path dir = Files.createTempDirectory(hidden, "depset-warmup");
        Path backing = Files.createDirectory(dir.resolve("backing"));
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        Path sub = Files.createDirectories(backing.resolve("lib/sub"));
        for (int i = 0; i < FILES; i++) {
            byte[] content = new byte[4096 + i];
            content[0] = '\n';
            Files.write(sub.resolve("f" + i), content);
        }
        Files.createSymbolicLink(backing.resolve("lib/link"), Path.of("sub/f0"));
        TraceHeader header = new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, backing.toString(),
                "1970-01-01T00:00:00Z", "warm-up", "warm-up", List.of());
        TraceWriter writer = TraceWriter.to(OutputStream.nullOutputStream(), header, 1 << 14);
        MountOptions options = ioUring ? MountOptions.defaults() : MountOptions.defaults().withoutIoUring();
        try (TraceMount m = TraceMount.mountInThreadNamespace(backing, mnt, writer, options)) {
            try {
                try (OutputStream go = c.getOutputStream()) {
                    go.write((ns + "\n" + mnt.resolve("lib") + "\n" + rounds + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the client has ended: stopped meanwhile, or failed, as its status says below
                }
                String said = said(c);
                int status = waitFor(c);
                if (status != 0 && !stopping && !endedByTheKernel(said)) {
                    String last = said.isEmpty() ? "" : ": " + said.lines().reduce((x, y) -> y).orElse("");
                    throw new IOException("the warm-up's client ended with status " + status + last);
                }
                // A connection the kernel ended (depset stopped with Ctrl-Z for longer than the
                // request timeout) ends the warm-up early: it only saves time, and the rounds
                // served are enough.
                return Map.copyOf(m.requestsByOp());
            } finally {
                end(c); // its working directory is in the mount: it ends before the unmount
            }
        } finally {
            writer.close();
        }
    }

    /**
     * The directory the warm-up's tmpfs covers in its namespace: /dev/shm, from which no program
     * loads code, rather than the temporary directory, which the JVM's class path may be under (a
     * clone in /tmp). The warm-up's request workers are in its namespace too and load classes the
     * first time they need them, which a tmpfs over them made fail (NoClassDefFoundError). The
     * temporary directory only where there is no /dev/shm.
     */
    static Path hiddenDirectory() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** What the client printed (its errors: the rest goes to /dev/null), once it has ended. */
    private String said(Process c) throws IOException {
        try {
            return new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            if (stopping) {
                return ""; // stop() ended the client and closed its streams
            }
            throw e;
        }
    }

    private static int waitFor(Process c) throws IOException {
        try {
            return c.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while warming TraceFs up");
        }
    }

    /**
     * True when the client says the kernel has ended the mount's connection
     * ({@link TraceMount#mountInThreadNamespace} asks it to after a request unanswered for long):
     * ENOTCONN or ECONNABORTED. The JVM does not look itself: none of its threads makes a request
     * to the warm-up's mount.
     */
    private static boolean endedByTheKernel(String clientSaid) {
        return clientSaid.contains("Transport endpoint is not connected")
                || clientSaid.contains("Software caused connection abort");
    }
}
