package depset.vm.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What running a sequence in a root tree showed.
 *
 * @param sequence the sequence's name
 * @param root     the root tree it ran in
 * @param steps    one result per step, in order
 */
public record SequenceResult(String sequence, Path root, List<StepResult> steps) {
    public SequenceResult {
        steps = List.copyOf(steps);
    }

    /**
     * Whether every traced step passed: the root tree is functional for the workload it was traced
     * with ({@code verify} steps are counted apart, by {@link #unseenPassed}).
     */
    public boolean passed() {
        return steps.stream().allMatch(s -> s.passed() || s.step().unseen());
    }

    /** The first traced step that did not pass. */
    public Optional<StepResult> firstFailure() {
        return steps.stream().filter(s -> !s.passed() && !s.step().unseen()).findFirst();
    }

    /** How many {@code verify} steps passed. */
    public int unseenPassed() {
        return (int) steps.stream().filter(s -> s.step().unseen() && s.passed()).count();
    }

    /** How many {@code verify} steps the sequence has. */
    public int unseenTotal() {
        return (int) steps.stream().filter(s -> s.step().unseen()).count();
    }

    /** The first {@code verify} step that did not pass. */
    public Optional<StepResult> firstUnseenFailure() {
        return steps.stream().filter(s -> !s.passed() && s.step().unseen()).findFirst();
    }

    /** One line: PASS, or FAIL with the first failing step, its line, the reason and missing names. */
    public String summary() {
        Optional<StepResult> f = firstFailure();
        if (f.isEmpty()) {
            return "PASS (" + steps.size() + " steps)";
        }
        StepResult r = f.get();
        String missing = r.missing().isEmpty() ? "" : "; missing: " + String.join(", ", r.missing());
        return "FAIL at line " + r.step().line() + " '" + r.step().describe() + "': " + r.reason() + missing;
    }
}
