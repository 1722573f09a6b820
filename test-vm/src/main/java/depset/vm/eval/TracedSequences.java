package depset.vm.eval;

import depset.vm.run.SequenceResult;
import depset.vm.run.SequenceRunner;
import depset.vm.run.TracedSession;
import depset.vm.sequence.Sequence;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** Traces sequences in depset's sandbox (from a JVM in a private mount namespace). */
public final class TracedSequences implements SequenceTracer {
    private final String version;
    private final PrintStream diagnostics;

    public TracedSequences(String version, PrintStream diagnostics) {
        this.version = version;
        this.diagnostics = diagnostics;
    }

    @Override
    public SequenceResult trace(Sequence sequence, Path root, Path trace) throws IOException {
        return new SequenceRunner(TracedSession.factory(trace, List.of("sequence", sequence.name()), version,
                diagnostics)).run(sequence, root);
    }
}
