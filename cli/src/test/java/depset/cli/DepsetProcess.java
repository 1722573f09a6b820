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
    final Process process;
    final Path out;
    final Path err;

    private DepsetProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static DepsetProcess start(Path workdir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workdir, "stdout", ".txt");
        Path err = Files.createTempFile(workdir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workdir.toFile())
                .redirectInput(new File("/dev/null")).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("DEPSET_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return new DepsetProcess(pb.start(), out, err);
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

    record Result(int status, String stdout, String stderr) {
    }
}
