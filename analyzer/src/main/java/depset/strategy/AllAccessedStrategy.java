package depset.strategy;

import depset.graph.ProcessNode;

/**
 * {@code all}: every file any process of the run accessed (the seed's sanity test: if even this
 * set fails, tracing missed something).
 */
public final class AllAccessedStrategy extends CumulativeStrategy {
    public static final String NAME = "all";
    public static final String RULE = "all: accessed by a process of the run";

    public AllAccessedStrategy(Strategy base) {
        super(NAME, base, "every file a process of the run accessed");
    }

    @Override
    public void extend(Selection selection, Analysis analysis) {
        for (ProcessNode p : processesInRun(analysis.graph())) {
            analysis.addTouched(selection, p, RULE);
        }
    }
}
