package depset.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code guest-init.sh}: the pid 1 that holds a guest's namespaces (or, without a pid
 * namespace, just a network namespace), reaps the orphans reparented to it and ends when its stdin
 * closes. Its stdin is a pipe from this JVM, so however depset ends, the init ends, and with it
 * (through {@code unshare --kill-child} and the pid namespace) every process of the guest and its
 * mounts.
 */
public final class GuestInit implements AutoCloseable {
    private static final String SCRIPT = load();
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final Process process;
    private final long innerPid;
    private boolean closed;

    private GuestInit(Process process, long innerPid) {
        this.process = process;
        this.innerPid = innerPid;
    }

    /** {@code /bin/sh -c guest-init.sh depset-init ARGS…} (arguments as the script documents them). */
    static List<String> script(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "depset-init"));
        argv.addAll(args);
        return argv;
    }

    /** The argv of an init that holds a new network namespace only (no mounts, no pid namespace). */
    public static List<String> networkHolder() {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/unshare", "--net", "--fork", "--kill-child", "--"));
        argv.addAll(script(List.of("-")));
        return argv;
    }

    /**
     * Starts {@code argv} (an {@code unshare --fork …} whose child is the init, from
     * {@link GuestEnvironment#init} or {@link #networkHolder}) and waits until the init says it is ready.
     *
     * @param what what is set up, for the error message ("the guest's network namespace")
     * @throws IOException with the init's last words when it ends before it is ready
     */
    public static GuestInit start(List<String> argv, String what) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(argv)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> said = new ArrayList<>();
        String line;
        try {
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                said.add(line.strip());
            }
        } catch (IOException e) {
            kill(p);
            throw e;
        }
        if (line == null) {
            kill(p);
            throw new IOException("cannot set up " + what + ": "
                    + (said.isEmpty() ? "its init ended" : said.get(said.size() - 1)));
        }
        // unshare --fork has one child: the init (pid 1 of a new pid namespace).
        long inner = p.toHandle().children().findFirst().map(ProcessHandle::pid).orElse(-1L);
        if (inner < 0) {
            kill(p);
            throw new IOException("cannot set up " + what + ": its init is gone");
        }
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(Writer.nullWriter());
            } catch (IOException e) {
                // the init is gone
            }
        }, "guest-init-drain");
        drain.setDaemon(true);
        drain.start();
        return new GuestInit(p, inner);
    }

    /** The init's pid as the machine numbers it: the target for {@code nsenter --target}. */
    public long pid() {
        return innerPid;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Kills the init at once (the kernel then kills the rest of its pid namespace). Safe from any thread. */
    public void kill() {
        kill(process);
    }

    /** Closes the init's stdin and waits for it to end, killing it after a grace period. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (OutputStream lifeline = process.getOutputStream()) {
            lifeline.flush();
        } catch (IOException e) {
            // already closed: the init ends all the same
        }
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String load() {
        try (InputStream in = GuestInit.class.getResourceAsStream("guest-init.sh")) {
            if (in == null) {
                throw new IllegalStateException("guest-init.sh is missing from depset's classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
