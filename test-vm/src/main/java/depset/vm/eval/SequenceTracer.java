package depset.vm.eval;

import depset.vm.run.SequenceResult;
import depset.vm.sequence.Sequence;
import java.io.IOException;
import java.nio.file.Path;

/** Runs a sequence in a root tree through depset's traced sandbox, writing the trace. */
@FunctionalInterface
public interface SequenceTracer {
    /** Traces {@code sequence} in {@code root} into {@code trace}; returns how the steps went. */
    SequenceResult trace(Sequence sequence, Path root, Path trace) throws IOException;
}
