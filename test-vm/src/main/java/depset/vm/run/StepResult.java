package depset.vm.run;

import depset.vm.sequence.Step;
import java.util.List;

/**
 * What one step did.
 *
 * @param step     the step
 * @param outcome  passed, failed, timed out, or skipped after an earlier failure
 * @param status   its exit status (-1 when it has none: timed out, skipped, or its shell ended)
 * @param output   what it printed (for {@code get}: the page), possibly shortened
 * @param reason   why it did not pass; empty when it passed
 * @param missing  names of files or programs its output says were missing
 * @param millis   how long it took
 */
public record StepResult(Step step, Outcome outcome, int status, String output, String reason,
                         List<String> missing, long millis) {
    /** How a step ended. */
    public enum Outcome { PASSED, FAILED, TIMED_OUT, SKIPPED }

    /** Output kept per step: enough to see what went wrong. */
    static final int MAX_OUTPUT = 8000;

    public StepResult {
        missing = List.copyOf(missing);
        if (output.length() > MAX_OUTPUT) {
            output = "…" + output.substring(output.length() - MAX_OUTPUT);
        }
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }

    /**
     * Why the step did not pass, for a table's "why not" column: the reason first, then where
     * ({@code … at line 14 'boot mkdir -p -m 1777 /run/lock'}), a long command shortened.
     */
    public String whyNot() {
        String what = step.describe();
        if (what.length() > WHY_NOT_COMMAND) {
            what = what.substring(0, WHY_NOT_COMMAND - 1) + "…";
        }
        return reason + " at line " + step.line() + " '" + what + "'";
    }

    /** How much of a step's command the "why not" column shows. */
    static final int WHY_NOT_COMMAND = 48;

    static StepResult skipped(Step step) {
        return new StepResult(step, Outcome.SKIPPED, -1, "", "not run: an earlier step failed", List.of(), 0);
    }
}
