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

    /**
     * Why {@code output} does not show what this check wants, or null when it does (always null for
     * {@link ExitStatus}, which looks at the status). Lines are compared without blanks at their ends.
     */
    default String unmetBy(String output) {
        if (this instanceof OutputContains c) {
            return output.contains(c.text()) ? null : "output lacks '" + c.text() + "'";
        }
        if (this instanceof OutputLacks c) {
            return output.contains(c.text()) ? "output contains '" + c.text() + "'" : null;
        }
        if (this instanceof NoOutput) {
            return output.isBlank() ? null : "output is not empty";
        }
        if (this instanceof Line c) {
            return output.lines().anyMatch(l -> l.stripTrailing().equals(c.text().stripTrailing())) ? null
                    : "no output line is '" + c.text() + "'";
        }
        if (this instanceof Matches c) {
            return c.pattern().matcher(output).find() ? null : "output does not match /" + c.regex() + "/";
        }
        if (this instanceof Lines c) {
            String missing = c.firstMissingIn(output);
            return missing == null ? null
                    : "output lacks the line '" + missing + "' (in the order of line " + c.line() + ")";
        }
        return null; // ExitStatus: the status, not the output
    }

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

        /** The first of {@link #lines} not found in {@code output} after the ones before it; null when all are. */
        String firstMissingIn(String output) {
            List<String> seen = output.lines().map(String::stripTrailing).toList();
            int at = 0;
            for (String w : lines) {
                int found = seen.subList(at, seen.size()).indexOf(w.stripTrailing());
                if (found < 0) {
                    return w;
                }
                at += found + 1;
            }
            return null;
        }
    }
}
