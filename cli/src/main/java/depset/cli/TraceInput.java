package depset.cli;

import depset.graph.DependencyGraph;
import depset.query.NoSuchProcessException;
import depset.strategy.Analysis;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Reads a trace for the analysing commands, with the cut-trace warning (or refusal) in one place. */
final class TraceInput {
    private TraceInput() {
    }

    /**
     * Reads {@code trace}. A cut trace gives a warning on {@code err}, or, with
     * {@code strictTrace}, a {@link ExitCode#INCOMPLETE_TRACE} failure.
     */
    static DependencyGraph read(Path trace, boolean strictTrace, PrintWriter err) throws IOException {
        DependencyGraph g = DependencyGraph.read(trace);
        if (!g.info().complete()) {
            if (strictTrace) {
                throw new DepsetException(ExitCode.INCOMPLETE_TRACE, trace + " is cut (no footer after "
                        + g.info().events() + " events); --strict-trace refuses it");
            }
            err.println("depset: warning: " + trace + " is cut (no footer after " + g.info().events()
                    + " events): the set may be incomplete");
            err.flush();
        }
        return g;
    }

    /** The analysis with the named important processes; a name that matches nothing is a usage error. */
    static Analysis analysis(DependencyGraph g, List<String> important) {
        try {
            return Analysis.of(g, important);
        } catch (NoSuchProcessException e) {
            throw new DepsetException(ExitCode.USAGE, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new DepsetException(ExitCode.USAGE, "--important: " + e.getMessage());
        }
    }
}
