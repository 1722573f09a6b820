package depset.vm.eval;

import depset.fs.MountOptions;
import depset.fs.WarmUp;
import depset.hosts.FlowsFile;
import depset.hosts.HostTraces;
import depset.vm.run.FlowRecorder;
import depset.vm.run.SequenceResult;
import depset.vm.run.SequenceRunner;
import depset.vm.run.TracedSession;
import depset.vm.sequence.Sequence;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Traces sequences in depset's sandbox (from a JVM in a private mount namespace). */
public final class TracedSequences implements SequenceTracer {
    private final String version;
    private final PrintStream diagnostics;
    private final boolean keepGoing;
    private final MountOptions options;
    private final int warmUpRounds;

    public TracedSequences(String version, PrintStream diagnostics) {
        this(version, diagnostics, false, MountOptions.defaults(), WarmUp.LONG_ROUNDS);
    }

    private TracedSequences(String version, PrintStream diagnostics, boolean keepGoing, MountOptions options,
                            int warmUpRounds) {
        this.version = version;
        this.diagnostics = diagnostics;
        this.keepGoing = keepGoing;
        this.options = options;
        this.warmUpRounds = warmUpRounds;
    }

    /** The same tracer, running every step even after a failure (for repair rounds). */
    public TracedSequences keepingGoing() {
        return new TracedSequences(version, diagnostics, true, options, warmUpRounds);
    }

    /** The same tracer with TraceFs mounted with {@code mountOptions} (another kernel cache mode). */
    public TracedSequences mountedWith(MountOptions mountOptions) {
        return new TracedSequences(version, diagnostics, keepGoing, mountOptions, warmUpRounds);
    }

    /** The same tracer warming TraceFs up with {@code rounds} rounds before each host's session (0: none). */
    public TracedSequences warmingUp(int rounds) {
        return new TracedSequences(version, diagnostics, keepGoing, options, rounds);
    }

    /**
     * Traces the multi-host {@code sequence}, each host in its root of {@code roots}: each host's trace
     * goes to {@link HostTraces#of}, the flows between them to {@link HostTraces#flows}.
     */
    public SequenceResult traceHosts(Sequence sequence, Map<String, Path> roots, Path trace) throws IOException {
        List<String> command = List.of("sequence", sequence.name());
        SequenceRunner runner = new SequenceRunner(host -> TracedSession.factory(HostTraces.of(trace, host), command,
                version, diagnostics, options, warmUpRounds), keepGoing);
        try (FlowRecorder flows = new FlowRecorder(sequence)) {
            SequenceResult r = runner.run(sequence, roots, Optional.of(flows));
            Map<String, List<String>> important = new java.util.LinkedHashMap<>();
            sequence.hosts().forEach(h -> important.put(h.name(), h.important()));
            FlowsFile.of(flows.addresses(), important, flows.flows()).write(HostTraces.flows(trace));
            return r;
        }
    }

    @Override
    public SequenceResult trace(Sequence sequence, Path root, Path trace) throws IOException {
        return new SequenceRunner(TracedSession.factory(trace, List.of("sequence", sequence.name()), version,
                diagnostics, options, warmUpRounds), keepGoing).run(sequence, root);
    }
}
