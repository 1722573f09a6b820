package depset.vm.sequence;

/** What a step must show to pass. Every step expects exit status 0 unless it says otherwise. */
public sealed interface Check {
    /** The line of the sequence file the check was written on (0 for the implicit status check). */
    int line();

    /** {@code expect-status N}: the step's exit status. */
    record ExitStatus(int line, int status) implements Check {
    }

    /** {@code expect-output TEXT}: the step's output (or the page, for {@code get}) contains TEXT. */
    record OutputContains(int line, String text) implements Check {
    }

    /** {@code expect-no-output TEXT}: the step's output does not contain TEXT. */
    record OutputLacks(int line, String text) implements Check {
    }
}
