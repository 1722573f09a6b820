package depset.build;

import java.nio.file.Path;
import java.util.List;

/**
 * A run of the traced command (or of a sequence's steps) inside the tree of a set, as the repair
 * loop receives it before judging it against the original run.
 *
 * @param expectedStatus  the original run's exit status (0 for a sequence: every step passed)
 * @param status          the status in the tree (for a sequence: 0 when every step passed, else 1)
 * @param outputSame      whether the output was the same; null when not compared
 * @param trace           the run's trace, read by the loop
 * @param failingSteps    the step marks (as the trace names steps) of the steps that failed; empty
 *                        when the run passed, or failed as a whole (then every process counts)
 * @param commandNotFound the command's path when it could not even be started in the tree, else null
 */
public record TreeRun(int expectedStatus, int status, Boolean outputSame, Path trace, List<String> failingSteps,
                      String commandNotFound) {
    public TreeRun {
        failingSteps = List.copyOf(failingSteps);
    }

    /** True when the status (and the output, when compared) are those of the original run. */
    public boolean passed() {
        return status == expectedStatus && (outputSame == null || outputSame);
    }
}
