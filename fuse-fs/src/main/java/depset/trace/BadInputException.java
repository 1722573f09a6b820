package depset.trace;

/**
 * Input depset cannot use: a malformed, lying or out-of-range trace, manifest, sequence or
 * argument. The command line maps every one of them, in one place, to one line on stderr and
 * {@link #EXIT_CODE}, never a stack trace. Readers throw a subclass naming their format.
 */
public class BadInputException extends RuntimeException {
    /** The exit code of bad input, as the exit-code page documents it. */
    public static final int EXIT_CODE = 3;
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The exit code the command line ends with. */
    public int exitCode() {
        return EXIT_CODE;
    }
}
