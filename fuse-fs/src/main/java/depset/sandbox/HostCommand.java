package depset.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a program of the machine, stdin closed, stdout and stderr merged, with a deadline after
 * which it and its descendants are killed: depset's one way to run a program to its end (mount, umount,
 * debootstrap, ip …), and the tests' (a hung program fails at its deadline instead of hanging the build).
 */
public final class HostCommand {
    /** How a run ended. {@code status} is -1 when it was killed at its deadline; {@code pid} the program's. */
    public record Result(int status, String output, boolean timedOut, long pid) {
        public boolean ok() {
            return status == 0 && !timedOut;
        }

        /** The first non-blank line of the output (where mount and umount say what the kernel refused). */
        public String firstLine() {
            return output.strip().lines().findFirst().orElse("").strip();
        }

        /** The last non-blank line of the output, for one-line error messages. */
        public String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines.length == 0 ? "" : lines[lines.length - 1].strip();
        }
    }

    private HostCommand() {
    }

    /**
     * Removes {@code dir} and everything below it with {@code rm -rf --one-file-system}: should an
     * overlay or a bind still be mounted inside, rm leaves it alone instead of emptying what it
     * shows (a guest, the user's root). A {@code dir} already gone is a success.
     */
    public static Result removeTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return new Result(0, "", false, 0);
        }
        return run(List.of("rm", "-rf", "--one-file-system", dir.toString()), Duration.ofMinutes(5));
    }

    /** Runs {@code argv}, keeping its output in memory. */
    public static Result run(List<String> argv, Duration timeout) throws IOException {
        return run(argv, Map.of(), timeout, null);
    }

    /**
     * Runs {@code argv} with extra environment variables; when {@code log} is given the output is
     * appended to it as well.
     */
    public static Result run(List<String> argv, Map<String, String> env, Duration timeout, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        OutputStream logStream = log == null ? OutputStream.nullOutputStream()
                : Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Thread pump = new Thread(() -> copy(p.getInputStream(), buffer, logStream), "host-command-output");
        pump.setDaemon(true);
        pump.start();
        boolean done;
        try {
            done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                killTree(p.toHandle());
                p.waitFor(10, TimeUnit.SECONDS);
            }
            pump.join(5000);
        } catch (InterruptedException e) {
            killTree(p.toHandle());
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv.get(0), e);
        } finally {
            logStream.close();
        }
        String out;
        synchronized (buffer) {
            out = buffer.toString(StandardCharsets.UTF_8);
        }
        return new Result(done ? p.exitValue() : -1, out, !done, p.pid());
    }

    /** Kills a process and everything below it, children first seen before the parent goes. */
    public static void killTree(ProcessHandle handle) {
        List<ProcessHandle> below = handle.descendants().toList();
        handle.destroyForcibly();
        below.forEach(ProcessHandle::destroyForcibly);
    }

    private static void copy(InputStream in, ByteArrayOutputStream buffer, OutputStream log) {
        byte[] chunk = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                synchronized (buffer) {
                    buffer.write(chunk, 0, n);
                }
                log.write(chunk, 0, n);
            }
        } catch (IOException e) {
            // The process is gone or the log cannot be written: what was read so far is kept.
        }
    }
}
