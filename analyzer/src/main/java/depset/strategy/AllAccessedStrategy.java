package depset.strategy;

import depset.graph.DependencyGraph;
import depset.graph.ProcessNode;

/**
 * {@code all}: every file any process of the run accessed (the seed's sanity test: if even this
 * set fails, tracing missed something).
 */
public final class AllAccessedStrategy implements Strategy {
    public static final String NAME = "all";
    public static final String RULE = "all: accessed by a process of the run";

    private final Strategy base;

    public AllAccessedStrategy(Strategy base) {
        this.base = base;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Strategy base() {
        return base;
    }

    @Override
    public String description() {
        return "every file a process of the run accessed";
    }

    @Override
    public void extend(Selection selection, Analysis analysis) {
        DependencyGraph g = analysis.graph();
        for (ProcessNode p : g.processes()) {
            if (g.inRun(p)) {
                analysis.addTouched(selection, p, RULE);
            }
        }
    }
}
