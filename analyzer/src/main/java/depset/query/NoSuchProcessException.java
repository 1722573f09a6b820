package depset.query;

/** A process selector that names no process of the trace; the message lists the names it holds. */
public final class NoSuchProcessException extends depset.trace.BadInputException {
    private static final long serialVersionUID = 1L;

    public NoSuchProcessException(String message) {
        super(message);
    }
}
