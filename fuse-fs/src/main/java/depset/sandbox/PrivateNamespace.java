package depset.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs depset again in a private mount namespace of its own, for the whole tracing session:
 * {@code setpriv --pdeathsig TERM unshare --mount --propagation private java … MAIN ARGS}. Every
 * mount the session makes lives there, so when depset dies, however it dies, the kernel drops
 * them. The pid namespace stays the initial one: the process-events connector listens only there,
 * and FUSE reports callers' pids as seen from the mounter's namespace.
 */
public final class PrivateNamespace {
    /** Set for the re-executed depset: the mount namespace of the one that started it. */
    static final String PARENT_NS = "DEPSET_PARENT_MNT_NS";

    private PrivateNamespace() {
    }

    /** True when this JVM runs in the private mount namespace {@link #reexec} made for it. */
    public static boolean active() {
        String parent = System.getenv(PARENT_NS);
        return parent != null && !parent.equals(currentNamespace());
    }

    /**
     * Runs {@code mainClass} with {@code args} in a new JVM in a private mount namespace, with
     * this process's stdin, stdout and stderr, and returns its exit status (128+signal when
     * killed). SIGINT, SIGTERM and SIGHUP sent to this process are passed on; it dies with this
     * process (parent-death signal).
     */
    public static int reexec(String mainClass, List<String> args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--pdeathsig", "TERM", "--",
                "unshare", "--mount", "--propagation", "private", "--", java));
        String opts = System.getenv("DEPSET_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(List.of(opts.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put(PARENT_NS, currentNamespace());
        Process p = pb.start();
        SignalRelay relay = SignalRelay.forward(p);
        try {
            while (true) {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    // keep waiting: the child decides when the session is over
                }
            }
        } finally {
            relay.close();
        }
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
