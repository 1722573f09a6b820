package depset.sandbox;

import java.io.IOException;

/**
 * Traced runs of commands chrooted into a root tree.
 *
 * <pre>{@code
 * SandboxSession s = Sandbox.open(SandboxSpec.of(Path.of("/srv/guest"), Path.of("t.jsonl")));
 * try {
 *     s.run(StepSpec.of("/etc/init.d/apache2", "start").phase(Phase.BOOT, "apache2"));
 *     int status = s.run(StepSpec.of("curl", "-s", "http://localhost/").phase(Phase.WORK, "fetch"));
 *     s.run(StepSpec.of("/etc/init.d/apache2", "stop").phase(Phase.HALT, "apache2"));
 * } finally {
 *     TraceFooter footer = s.close();   // the last step's status in the footer; close(int) to choose
 * }
 * }</pre>
 *
 * <p>A session is, in order: an overlay of the root with a scratch upper layer (or a bind, when
 * writable) on a private tmpfs; TraceFs on top of it, recording into the trace; the process
 * monitor recording fork/exec/exit; the guest's namespaces, whose init has made the mounts of
 * {@link GuestEnvironment#STANDARD} inside the mount (the environment a plain run of a guest has
 * too). Each step enters those namespaces, chrooted into the mount, as a child of {@code nsenter}; its first
 * process is marked with a {@link depset.trace.ProcessEvent.PhaseMark}. Closing ends every process
 * left in the namespace, unmounts everything and finishes the trace.
 *
 * <p>Needs root and a JVM in a private mount namespace ({@link PrivateNamespace}): then
 * nothing can outlive depset, whatever way it dies.
 */
public final class Sandbox {
    private Sandbox() {
    }

    /**
     * Sets a session up.
     *
     * @throws SandboxException with a one-line reason: {@code ENVIRONMENT} (not root, no
     *                          /dev/fuse, no libfuse2, not in a private mount namespace),
     *                          {@code BAD_INPUT} (root missing or not a directory, trace not
     *                          writable), {@code FAILED} (a mount refused); nothing stays mounted
     */
    public static SandboxSession open(SandboxSpec spec) throws SandboxException {
        check(spec);
        if (!PrivateNamespace.active() && PrivateNamespace.sharesHostNamespace()) {
            throw new SandboxException(SandboxException.Kind.ENVIRONMENT,
                    "a sandbox must be opened in a private mount namespace (start depset with bin/depset)");
        }
        try {
            return SandboxSession.open(spec);
        } catch (IOException e) {
            throw new SandboxException(SandboxException.Kind.FAILED, e.getMessage(), e);
        }
    }

    /** The checks {@link #open} makes before mounting anything: machine, source root, trace file. */
    public static void check(SandboxSpec spec) throws SandboxException {
        HostChecks.requireMachine();
        HostChecks.requireSourceRoot(spec.root());
        HostChecks.requireWritable(spec.trace());
    }

    /**
     * The mount points below {@code root} that a sandbox of it leaves out (the kernel's file systems,
     * and what is mounted on /proc, /dev, /sys and /run, which the guest environment mounts afresh):
     * to measure a root as a run sees it, skip these.
     */
    public static java.util.List<String> notLayered(java.nio.file.Path root) throws IOException {
        return RootLayers.notLayered(root);
    }

    /**
     * Looks {@code step}'s command up inside {@code root} as the chrooted process would.
     *
     * @throws SandboxException {@code NOT_FOUND} or {@code NOT_EXECUTABLE}
     */
    public static void requireCommand(java.nio.file.Path root, StepSpec step) throws SandboxException {
        String path = step.env() != null ? step.env().get("PATH") : System.getenv("PATH");
        CommandResolver.Resolution r = CommandResolver.resolve(root, step.argv().get(0), path, step.workdir());
        if (r.outcome() == CommandResolver.Outcome.NOT_FOUND) {
            throw new SandboxException(SandboxException.Kind.NOT_FOUND, step.argv().get(0)
                    + ": command not found in " + root);
        }
        if (r.outcome() == CommandResolver.Outcome.NOT_EXECUTABLE) {
            throw new SandboxException(SandboxException.Kind.NOT_EXECUTABLE, step.argv().get(0)
                    + ": not an executable file in " + root);
        }
    }

}
