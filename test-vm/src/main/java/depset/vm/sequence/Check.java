package depset.vm.sequence;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a step must show to pass. Every step expects exit status 0 unless it says otherwise. The
 * output checks look at what the step printed (for {@code get}: the page; for {@code expect-file}:
 * the file; for {@code stop}: what the daemon printed while it ran).
 */
public sealed interface Check {
    /** The line of the sequence file the check was written on (0 for the implicit status check). */
    int line();

    /** {@code expect-status N}: the step's exit status. */
    record ExitStatus(int line, int status) implements Check {
    }

    /** {@code expect-output TEXT}: the output contains TEXT. */
    record OutputContains(int line, String text) implements Check {
    }

    /** {@code expect-no-output TEXT}: the output does not contain TEXT. */
    record OutputLacks(int line, String text) implements Check {
    }

    /** {@code expect-no-output} (without a value): the step printed nothing but blanks. */
    record NoOutput(int line) implements Check {
    }

    /** {@code expect-line TEXT}: one line of the output is TEXT (blanks at its end aside). */
    record Line(int line, String text) implements Check {
    }

    /**
     * {@code expect-match /REGEX/}: REGEX (Java syntax, {@code ^} and {@code $} at line ends) is found
     * in the output.
     */
    record Matches(int line, String regex) implements Check {
        /** The compiled expression. */
        public Pattern pattern() {
            return Pattern.compile(regex, Pattern.MULTILINE);
        }
    }

    /**
     * {@code expect-lines <<WORD} … {@code WORD}: each of {@code lines} is a line of the output, in this
     * order (other lines may come between; blanks at line ends aside).
     */
    record Lines(int line, List<String> lines) implements Check {
        public Lines {
            lines = List.copyOf(lines);
        }
    }
}
