package depset.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The private mount namespace a tracing session runs in. The launcher ({@code bin/depset}) makes
 * it around the one JVM for the commands that mount ({@code unshare --mount --propagation private
 * java …}), so every mount the session makes lives there and the kernel drops them when depset
 * dies, however it dies. The pid namespace stays the initial one: the process-events connector
 * listens only there, and FUSE reports callers' pids as seen from the mounter's namespace.
 */
public final class PrivateNamespace {
    /** Set by whoever made the namespace: the mount namespace it was made from. */
    static final String PARENT_NS = "DEPSET_PARENT_MNT_NS";

    private PrivateNamespace() {
    }

    /** True when this JVM runs in a private mount namespace made for it ({@link #command}, bin/depset). */
    public static boolean active() {
        String parent = System.getenv(PARENT_NS);
        return parent != null && !parent.equals(currentNamespace());
    }

    /**
     * What a command that mounts checks first: the machine ({@link HostChecks#requireMachine}), then
     * that it runs in its own private mount namespace; then removes the scratch directories a killed
     * depset left. (Stale FUSE mounts of a killed {@code depset mount} live in the caller's namespace,
     * out of reach from here: {@code depset mount} removes those.)
     *
     * @throws SandboxException {@code ENVIRONMENT}, with the way to start depset right
     */
    public static void require(String command) throws SandboxException {
        HostChecks.requireMachine();
        if (!active()) {
            throw new SandboxException(SandboxException.Kind.ENVIRONMENT, "depset " + command
                    + " must run in a private mount namespace of its own: start it with bin/depset (which runs"
                    + " it under unshare --mount --propagation private)");
        }
        StaleMounts.removeEmptyScratchDirectories();
    }

    /**
     * {@code argv} (a JVM of depset's, usually) to start in a new private mount namespace, as
     * bin/depset starts depset: for the harnesses (tests, benchmarks) that run a session from a
     * JVM that is not in one.
     */
    public static ProcessBuilder command(List<String> argv) {
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--"));
        cmd.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put(PARENT_NS, currentNamespace());
        return pb;
    }

    /**
     * A JVM like this one (same java, same class path, UTF-8 file names) running {@code mainClass}
     * with {@code args} in a new private mount namespace ({@link #command}).
     */
    public static ProcessBuilder jvm(String mainClass, List<String> args) {
        List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dfile.encoding=UTF-8", "-Dsun.jnu.encoding=UTF-8", "-cp", System.getProperty("java.class.path"),
                mainClass));
        argv.addAll(args);
        return command(argv);
    }

    static String currentNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** True when this process shares the mount namespace of pid 1 (the host's, usually). */
    static boolean sharesHostNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/1/ns/mnt")).toString().equals(currentNamespace());
        } catch (IOException e) {
            return false;
        }
    }
}
