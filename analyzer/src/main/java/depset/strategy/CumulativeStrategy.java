package depset.strategy;

import depset.graph.DependencyGraph;
import depset.graph.ProcessNode;
import java.util.List;

/**
 * What every built-in strategy is besides its rule: a name, the strategy it adds to, and one
 * line saying what it adds. Subclasses write only {@link #extend}.
 */
abstract sealed class CumulativeStrategy implements Strategy
        permits StrictStrategy, SystemStrategy, ExecdStrategy, AllAccessedStrategy {
    private final String name;
    private final Strategy base;
    private final String description;

    CumulativeStrategy(String name, Strategy base, String description) {
        this.name = name;
        this.base = base;
        this.description = description;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Strategy base() {
        return base;
    }

    @Override
    public final String description() {
        return description;
    }

    /** The processes of the run (not the tracer's set-up), in the graph's order. */
    static List<ProcessNode> processesInRun(DependencyGraph g) {
        return g.processes().stream().filter(g::inRun).toList();
    }
}
