package depset.cli;

import depset.fs.MountOptions;
import depset.hosts.HostTraces;
import depset.sandbox.HostChecks;
import depset.sandbox.PrivateNamespace;
import depset.sandbox.SandboxException;
import depset.vm.eval.TracedSequences;
import depset.vm.guest.GuestBuildException;
import depset.vm.run.SequenceResult;
import depset.vm.run.SequenceRoots;
import depset.vm.run.StepResult;
import depset.vm.sequence.Sequence;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code depset run --sequence FILE}: a test sequence traced in depset's sandbox, its phases recorded. */
final class TracedSequenceRun {
    private TracedSequenceRun() {
    }

    /**
     * Traces {@code sequenceArg} in {@code rootOverride} (or the sequence's own root) into {@code trace},
     * in the private mount namespace bin/depset made, as {@code depset run} does, TraceFs mounted with
     * {@code options}, each session after {@code warmUpRounds} rounds of warm-up.
     */
    static int call(String sequenceArg, Path rootOverride, Path trace, MountOptions options, int warmUpRounds)
            throws IOException {
        Sequence s = SequenceInput.read(sequenceArg);
        Path out = trace.toAbsolutePath().normalize();
        if (s.multiHost() && rootOverride != null) {
            throw new DepsetException(ExitCode.BAD_INPUT, s.name() + " declares hosts, each with its own root: "
                    + "a --source-root would not say whose");
        }
        Path root = s.multiHost() ? null : resolveRoot(s, sequenceArg, rootOverride);
        Map<String, Path> roots = s.multiHost() ? resolveHosts(s, sequenceArg) : Map.of();
        try {
            if (s.multiHost()) {
                for (var h : s.hosts()) {
                    HostChecks.requireWritable(HostTraces.of(out, h.name()));
                }
            } else {
                HostChecks.requireWritable(out);
            }
            PrivateNamespace.require("run");
        } catch (SandboxException e) {
            throw SandboxErrors.forRun(e);
        }
        PrintStream err = System.err;
        SequenceResult r;
        try {
            TracedSequences tracer = new TracedSequences(Main.version(), err).mountedWith(options)
                    .warmingUp(warmUpRounds);
            r = s.multiHost() ? tracer.traceHosts(s, roots, out) : tracer.trace(s, root, out);
        } catch (IOException e) {
            throw new DepsetException(ExitCode.RUN_FAILED, "cannot trace " + s.name() + ": " + e.getMessage());
        }
        for (StepResult step : r.steps()) {
            err.printf(Locale.ROOT, "depset: %-9s line %-3d %s (%.1fs)%s%n", step.outcome(), step.step().line(),
                    step.step().describe(), step.millis() / 1000.0,
                    step.reason().isEmpty() ? "" : ": " + step.reason());
        }
        String traces = !s.multiHost() ? "trace: " + out : "traces: " + s.hosts().stream()
                .map(h -> h.name() + " " + HostTraces.of(out, h.name())).collect(Collectors.joining(", "))
                + "; flows: " + HostTraces.flows(out);
        err.println("depset: " + s.name() + ": " + r.summary() + "; " + traces);
        err.flush();
        return r.passed() ? ExitCode.OK : ExitCode.NEGATIVE;
    }

    private static Map<String, Path> resolveHosts(Sequence s, String sequenceArg) throws IOException {
        try {
            return SequenceRoots.resolveHosts(s, GuestCommand.builder(null, null), SequenceInput.base(sequenceArg));
        } catch (GuestBuildException e) {
            throw new DepsetException(ExitCode.ENVIRONMENT, e.getMessage());
        }
    }

    private static Path resolveRoot(Sequence s, String sequenceArg, Path rootOverride) throws IOException {
        if (rootOverride != null) {
            if (!Files.isDirectory(rootOverride)) {
                throw new DepsetException(ExitCode.BAD_INPUT, "source root " + rootOverride + " is not a directory");
            }
            return rootOverride.toAbsolutePath().normalize();
        }
        try {
            return SequenceRoots.resolve(s, GuestCommand.builder(null, null), SequenceInput.base(sequenceArg));
        } catch (GuestBuildException e) {
            throw new DepsetException(ExitCode.ENVIRONMENT, e.getMessage());
        }
    }
}
