package depset.vm.run;

import depset.fs.MountOptions;
import depset.fs.WarmUp;
import depset.sandbox.GuestEnvironment;
import depset.sandbox.Sandbox;
import depset.sandbox.SandboxException;
import depset.sandbox.SandboxSession;
import depset.sandbox.SandboxSpec;
import depset.sandbox.StepSpec;
import depset.trace.Phase;
import depset.trace.TraceFooter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A session in depset's traced sandbox: the root under TraceFs (over an overlay, so the guest is never
 * written), every step's first process marked with its phase and step in the trace, every process
 * of the run recorded by the process monitor. Must be opened from a JVM in a private mount namespace
 * ({@link depset.sandbox.PrivateNamespace}: bin/depset makes one).
 */
public final class TracedSession implements GuestSession {
    private final SandboxSession session;
    private TraceFooter footer;
    private boolean closed;

    private TracedSession(SandboxSession session) {
        this.session = session;
    }

    /**
     * Sessions that write their trace to {@code trace}; {@code command} names the run in the trace's
     * header (e.g. {@code [sequence, lamp.seq]}).
     */
    public static GuestSessionFactory factory(Path trace, List<String> command, String version,
                                              PrintStream diagnostics) {
        return factory(trace, command, version, diagnostics, MountOptions.defaults());
    }

    /** {@link #factory(Path, List, String, PrintStream)} with TraceFs mounted with {@code options} (e.g. another kernel cache mode). */
    public static GuestSessionFactory factory(Path trace, List<String> command, String version,
                                              PrintStream diagnostics, MountOptions options) {
        return factory(trace, command, version, diagnostics, options, WarmUp.LONG_ROUNDS);
    }

    /**
     * {@link #factory(Path, List, String, PrintStream, MountOptions)} with {@code warmUpRounds} rounds
     * of warm-up before each session ({@link SandboxSpec#warmUpRounds}; 0 for none).
     */
    public static GuestSessionFactory factory(Path trace, List<String> command, String version,
                                              PrintStream diagnostics, MountOptions options, int warmUpRounds) {
        return (root, netns, hostname) -> {
            SandboxSpec spec = SandboxSpec.of(root, trace).warmUp(warmUpRounds).command(command).version(version)
                    .diagnostics(diagnostics).mountOptions(options).netns(netns).hostname(hostname);
            try {
                return new TracedSession(Sandbox.open(spec));
            } catch (SandboxException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
    }

    @Override
    public int run(Phase phase, String step, List<String> argv, Redirect in, Redirect out, Duration timeout)
            throws IOException {
        List<String> command = argv;
        if (!argv.get(0).equals("/bin/sh")) {
            // Started by the guest's own shell (which execs it, keeping the pid the phase mark names), so
            // that a program missing from a built tree is a failed lookup in the trace, which repair reads,
            // rather than a refusal before anything ran.
            command = new java.util.ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\"", "sh"));
            command.addAll(argv);
        }
        StepSpec spec = StepSpec.of(command).phase(phase, step).env(GuestEnvironment.STANDARD.env())
                .stdio(in, out, out).timeout(timeout);
        try {
            return session.run(spec);
        } catch (SandboxException e) {
            if (e.kind() == SandboxException.Kind.NOT_FOUND) {
                return 127;
            }
            if (e.kind() == SandboxException.Kind.NOT_EXECUTABLE) {
                return 126;
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public Process start(Phase phase, String step, List<String> argv, Redirect out) throws IOException {
        StepSpec spec = StepSpec.of(argv).phase(phase, step).env(GuestEnvironment.STANDARD.env())
                .stdio(Redirect.from(new java.io.File("/dev/null")), out, out);
        try {
            return session.start(spec);
        } catch (SandboxException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public Optional<Path> outside(String guestPath) {
        return Optional.ofNullable(session.outside(guestPath));
    }

    /**
     * Requests TraceFs served, counted apart from the trace (after {@link #close}: all of them; each
     * must be a file event of the trace).
     */
    public long requestsServed() {
        return session.requestsServed();
    }

    /** Requests served but not recorded because the trace could not be written (0 unless it failed). */
    public long requestsUnrecorded() {
        return session.requestsUnrecorded();
    }

    /** The trace's footer once closed (null when the trace could not be finished). */
    public TraceFooter footer() {
        return footer;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            footer = session.close();
        } catch (SandboxException e) {
            footer = null;
        }
    }
}
