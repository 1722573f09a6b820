package depset.cli;

/** A failure the user can act on: one line on stderr and an {@link ExitCode}, no stack trace. */
public class DepsetException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public DepsetException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public DepsetException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
