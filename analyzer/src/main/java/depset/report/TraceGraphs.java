package depset.report;

import depset.graph.DependencyGraph;
import depset.graph.GraphBuilder;
import depset.graph.TraceInfo;
import depset.trace.TraceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Reads a trace into the analyzer's {@link DependencyGraph}, telling a progress callback how far it got:
 * the same graph {@code depset analyze} builds, fed one event at a time.
 */
public final class TraceGraphs {
    /** Events between two progress calls. */
    static final int PROGRESS_EVERY = 1 << 16;

    private TraceGraphs() {
    }

    public static DependencyGraph read(Path trace, LongConsumer progress) throws IOException {
        try (TraceReader r = TraceReader.open(trace)) {
            GraphBuilder b = GraphBuilder.forTrace(r.header());
            long n = 0;
            while (r.hasNext()) {
                b.accept(r.next());
                if ((++n % PROGRESS_EVERY) == 0) {
                    progress.accept(n);
                }
            }
            progress.accept(n);
            return b.build(r.header(), new TraceInfo(r.source(), r.isComplete(), r.eventsRead(), r.footer()));
        }
    }
}
