package depset.cli;

import depset.fs.MountOptions;
import depset.fs.WarmUp;
import depset.sandbox.HostChecks;
import depset.sandbox.PrivateNamespace;
import depset.sandbox.Sandbox;
import depset.sandbox.SandboxException;
import depset.sandbox.SandboxSession;
import depset.sandbox.SandboxSpec;
import depset.sandbox.SignalRelay;
import depset.sandbox.StepSpec;
import depset.trace.Op;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depset run}: one command, traced, chrooted into the root. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs CMD chrooted into a traced view of the source root and writes the trace.",
                "The root is never modified (writes go to a scratch layer) unless --writable.",
                "Exit status: CMD's own (128+signal when killed); 125 when depset fails,"
                        + " 126 when CMD is not executable, 127 when CMD is not found inside the root."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--root", paramLabel = "SRC", description = "the source root to trace (e.g. / or a guest tree)")
    Path root;

    @Option(names = "--sequence", paramLabel = "FILE",
            description = "trace a test sequence (a .seq file, or ls / lamp) instead of one command; its phases"
                    + " (boot, work, halt) are recorded. Exit status: 0 when every step passed, 1 otherwise")
    String sequence;

    @Option(names = "--trace", paramLabel = "FILE", defaultValue = "trace.jsonl",
            description = "the trace to write (default: ${DEFAULT-VALUE}; .gz compresses)")
    Path trace;

    @Option(names = "--writable", description = "write through to SRC (for disposable guests) instead of a scratch layer")
    boolean writable;

    @Mixin
    CacheFlags cache;

    @Mixin
    WarmUpOption warmUp;

    @Option(names = "--stats", description = "at the end, print on stderr how many requests TraceFs served, by kind"
            + " (getattr stands for the kernel's lookups and getattrs: libfuse's high-level API serves both)")
    boolean stats;

    @Parameters(arity = "0..*", paramLabel = "CMD", description = "the command and its arguments (after --)")
    List<String> command;

    /**
     * The warm-up's rounds: none for a command by default, whose whole run it lengthens more than it
     * shortens the command (docs/benchmarks.md); a sequence's services start with their first
     * requests served at full speed, for seconds that the warm-up barely lengthens.
     */
    int warmUpRounds() {
        return warmUp.rounds(sequence != null ? WarmUp.LONG_ROUNDS : 0);
    }

    @Override
    public Integer call() throws Exception {
        int warmUpRounds = warmUpRounds();
        if (sequence != null) {
            if (command != null && !command.isEmpty()) {
                throw new DepsetException(ExitCode.USAGE, "--sequence takes no command: the sequence names its steps");
            }
            return TracedSequenceRun.call(sequence, root, trace, cache.mountOptions(), warmUpRounds);
        }
        MountOptions options = cache.mountOptions();
        if (root == null || command == null || command.isEmpty()) {
            throw new DepsetException(ExitCode.USAGE, root == null ? "--root is required (or --sequence)"
                    : "a command is required: depset run --root SRC -- CMD [ARG…]");
        }
        Path src = root.toAbsolutePath().normalize();
        Path out = trace.toAbsolutePath().normalize();
        StepSpec step = StepSpec.of(command);
        try {
            HostChecks.requireSourceRoot(src);
            HostChecks.requireWritable(out);
            Sandbox.requireCommand(src, step);
            PrivateNamespace.require("run");
        } catch (SandboxException e) {
            throw SandboxErrors.forRun(e);
        }
        SandboxSpec spec = SandboxSpec.of(src, out).writable(writable).warmUp(warmUpRounds).command(command)
                .mountOptions(options).version(Main.version());
        SandboxSession session;
        try {
            session = Sandbox.open(spec);
        } catch (SandboxException e) {
            throw SandboxErrors.forRun(e);
        }
        SignalRelay signals = SignalRelay.handle(session::abort);
        depset.fs.ExitCleanup onExit = depset.fs.ExitCleanup.register("depset-run-cleanup", () -> closeQuietly(session));
        int status = ExitCode.RUN_FAILED;
        SandboxException failure = null;
        try {
            status = session.run(step);
        } catch (SandboxException e) {
            failure = e;
            status = SandboxErrors.forRun(e).exitCode();
        } finally {
            try {
                session.close(session.abortSignal() != 0 ? 128 + session.abortSignal() : status);
            } catch (SandboxException e) {
                failure = failure == null ? e : failure;
            }
            signals.close();
            onExit.close();
        }
        if (stats) {
            System.err.println("depset: " + requestCounts(session) + "; " + session.passthroughSummary()
                    + "; " + session.ringSummary());
        }
        if (failure != null) {
            throw SandboxErrors.forRun(failure);
        }
        return status;
    }

    /** "12345 requests: getattr 8000, open 1200, …", the busiest kind first. */
    static String requestCounts(SandboxSession s) {
        StringBuilder sb = new StringBuilder().append(s.requestsServed()).append(" requests:");
        String sep = " ";
        for (Map.Entry<Op, Long> e : s.requestsByOp().entrySet()) {
            sb.append(sep).append(e.getKey().wireName()).append(' ').append(e.getValue());
            sep = ", ";
        }
        return sb.toString();
    }

    private static void closeQuietly(SandboxSession s) {
        try {
            s.close();
        } catch (SandboxException e) {
            System.err.println("depset: " + e.getMessage());
        }
    }
}
