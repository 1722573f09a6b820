package depset.cli;

import depset.fs.WarmUp;
import picocli.CommandLine.Option;

/**
 * The warm-up option of {@code depset run} and {@code depset mount}: how many rounds of requests a
 * throwaway mount serves before the traced program's first, so that the JIT has compiled
 * TraceFs's request path by then. Each command has its own default ({@link #rounds(int)}).
 */
final class WarmUpOption {
    @Option(names = "--warm-up", arity = "0..1", paramLabel = "ROUNDS", fallbackValue = "" + WarmUp.LONG_ROUNDS,
            description = "first serve ROUNDS rounds of about 170 requests on a throwaway mount, so that the traced"
                    + " program's first requests are served by compiled code (without ROUNDS: ${FALLBACK-VALUE},"
                    + " the whole request path compiled; 0: none). Default: none for depset run's CMD, whose whole"
                    + " run it lengthens more than it shortens CMD; ${FALLBACK-VALUE} for a --sequence and in depset"
                    + " mount")
    Integer rounds;

    /** The rounds asked for, else {@code otherwise}; a usage error for a negative number. */
    int rounds(int otherwise) {
        if (rounds == null) {
            return otherwise;
        }
        if (rounds < 0) {
            throw new DepsetException(ExitCode.USAGE, "--warm-up takes a number of rounds, 0 or more: " + rounds);
        }
        return rounds;
    }
}
