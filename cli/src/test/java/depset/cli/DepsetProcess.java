package depset.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * depset as a separate process, as a user runs it: {@code bin/depset ARGS} on the test's class
 * path, with stdout and stderr captured in files (the launcher starts the tracing commands in a
 * private mount namespace, so they cannot run inside the test JVM).
 */
final class DepsetProcess {
    static final Path LAUNCHER = launcher();
    /** The tests' own classes, which bin/depset runs unless a test gives another class path. */
    private static final String TESTS_CLASS_PATH = System.getProperty("java.class.path");
    final Process process;
    final Path out;
    final Path err;

    private DepsetProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static DepsetProcess start(Path workdir, String... args) throws IOException {
        return start(workdir, true, TESTS_CLASS_PATH, args);
    }

    /** {@link #start} on the tests' JVM with {@code classPath} instead of the tests' classes. */
    static DepsetProcess startOnClassPath(Path workdir, String classPath, String... args) throws IOException {
        return start(workdir, true, classPath, args);
    }

    /**
     * Runs to the end (at most a minute) on the Java runtime bin/depset picks by itself, as a user
     * without JAVA_HOME gets it, instead of the tests' own.
     */
    static Result runOnItsOwnJava(Path workdir, String... args) throws Exception {
        return start(workdir, false, TESTS_CLASS_PATH, args).await();
    }

    private static DepsetProcess start(Path workdir, boolean testsJava, String classPath, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workdir, "stdout", ".txt");
        Path err = Files.createTempFile(workdir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workdir.toFile())
                .redirectInput(new File("/dev/null")).redirectOutput(out.toFile()).redirectError(err.toFile());
        onClasses(pb, classPath);
        if (!testsJava) {
            pb.environment().remove("JAVA_HOME");
        }
        return new DepsetProcess(pb.start(), out, err);
    }

    /**
     * Makes bin/depset, and the bench scripts that start it, run the tests' classes on the tests'
     * JVM, in whatever {@code pb} starts.
     */
    static ProcessBuilder onTheTestsClasses(ProcessBuilder pb) {
        return onClasses(pb, TESTS_CLASS_PATH);
    }

    private static ProcessBuilder onClasses(ProcessBuilder pb, String classPath) {
        pb.environment().put("DEPSET_CLASSPATH", classPath);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return pb;
    }

    /** bin/depset of the checkout the tests run in (Maven runs them in the module's directory). */
    private static Path launcher() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path l = d.resolve("bin/depset");
            if (Files.isExecutable(l)) {
                return l;
            }
        }
        throw new IllegalStateException("no bin/depset above " + Path.of("").toAbsolutePath());
    }

    /** Runs to the end (at most a minute). */
    static Result run(Path workdir, String... args) throws Exception {
        DepsetProcess d = start(workdir, args);
        return d.await();
    }

    Result await() throws Exception {
        return await(1);
    }

    /** Waits at most {@code minutes}; past that, kills depset and what it started, and fails. */
    Result await(long minutes) throws Exception {
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("depset did not end within " + minutes + " min");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * Waits (at most a minute) until the warm-up serves requests: a request worker runs in a mount
     * namespace other than the JVM's, the warm-up's own.
     */
    void awaitWarmUpServing() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!warmUpServing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no warm-up seen serving: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            Thread.sleep(5);
        }
    }

    private boolean warmUpServing() {
        Path proc = Path.of("/proc/" + process.pid());
        try (var tasks = Files.list(proc.resolve("task"))) {
            String ns = Files.readSymbolicLink(proc.resolve("ns/mnt")).toString();
            for (Path t : tasks.toList()) {
                try {
                    if (Files.readString(t.resolve("comm")).startsWith("depset-fuse-")
                            && !Files.readSymbolicLink(t.resolve("ns/mnt")).toString().equals(ns)) {
                        return true;
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended, or has not yet become the JVM
        }
        return false;
    }

    /** Sends SIGINT, as Ctrl-C does, and waits for the end; the JVM must then be gone, not a zombie. */
    Result ctrlC() throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        Result r = await();
        if (Files.exists(Path.of("/proc/" + process.pid()))) {
            throw new AssertionError("depset's JVM is still there after its end: " + r.stderr());
        }
        return r;
    }

    record Result(int status, String stdout, String stderr) {
    }
}
