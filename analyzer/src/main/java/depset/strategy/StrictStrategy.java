package depset.strategy;

import depset.graph.ProcessNode;

/**
 * {@code strict}: every file touched by an important process, by a process it started (at any
 * depth), or by one of the processes that started it (the chain up to the run's root, as in the
 * seed's figure of ls with its shell above it).
 */
public final class StrictStrategy extends CumulativeStrategy {
    public static final String NAME = "strict";
    public static final String RULE = "strict: touched by an important process, a descendant or an ancestor";

    public StrictStrategy() {
        super(NAME, null, "the files the important processes, their descendants and the chain that started them touched");
    }

    @Override
    public void extend(Selection selection, Analysis analysis) {
        for (ProcessNode p : analysis.importantTree()) {
            analysis.addTouched(selection, p, RULE);
        }
    }
}
