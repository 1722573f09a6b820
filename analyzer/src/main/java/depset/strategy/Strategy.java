package depset.strategy;

/**
 * A rule that chooses files of a trace for a deployment set. Strategies are cumulative: each one
 * starts from its {@link #base()}'s choice and adds the files its own rule picks, so
 * {@code strict ⊆ system ⊆ execd ⊆ all}. The rules every set shares (parent directories,
 * symlinks on the way, directories files were created in, never /proc, /sys, /dev, created files
 * or the tracer's set-up) are applied afterwards by {@link SetCompletion}, not by strategies.
 */
public interface Strategy {
    /** The name users type ("strict"). */
    String name();

    /** The strategy this one adds to, or null for the first. */
    Strategy base();

    /** One line saying what the strategy adds to its base. */
    String description();

    /**
     * Adds the files this strategy's own rule picks to {@code selection}, which already holds the
     * base's choice. Each added file gets a reason naming the rule, process and operation.
     */
    void extend(Selection selection, Analysis analysis);
}
