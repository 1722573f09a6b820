package depset.cli;

/**
 * depset's exit codes, documented in README. {@code depset run} passes the traced command's own
 * status through and uses 125–127 for its own failures, as {@code chroot} and {@code env} do.
 */
public final class ExitCode {
    /** Done; for verify: PASS; for diff: equal. */
    public static final int OK = 0;
    /** A negative answer: verify FAIL, diff found differences. */
    public static final int NEGATIVE = 1;
    /** Bad usage: unknown option, missing argument. */
    public static final int USAGE = 2;
    /** Bad input: a file that is missing, malformed or of an unknown version. */
    public static final int BAD_INPUT = depset.trace.BadInputException.EXIT_CODE;
    /**
     * The machine cannot do it: not root, no /dev/fuse, no libfuse2, mount point busy; an output
     * (a file or standard output) that cannot be written: a full or read-only disk.
     */
    public static final int ENVIRONMENT = 4;
    /** The trace is incomplete: cut, or could not be written to the end. */
    public static final int INCOMPLETE_TRACE = 5;
    /** depset itself failed while running a command (run, verify): 125, like chroot(1). */
    public static final int RUN_FAILED = 125;
    /** The command was found inside the root but cannot be executed. */
    public static final int NOT_EXECUTABLE = 126;
    /** The command was not found inside the root. */
    public static final int NOT_FOUND = 127;
    /**
     * Standard output's reader went away (a closed pipe: {@code depset licenses set.json | head}):
     * ended without a word, with the status of a program killed by SIGPIPE, as the shell's tools end.
     */
    public static final int CLOSED_PIPE = 141;
    /** An internal error: a bug in depset. */
    public static final int INTERNAL = 70;

    private ExitCode() {
    }
}
