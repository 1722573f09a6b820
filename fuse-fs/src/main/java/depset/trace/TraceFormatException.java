package depset.trace;

/** A trace that cannot be read: the message names the file and line. */
public final class TraceFormatException extends BadInputException {
    private static final long serialVersionUID = 1L;
    private final long line;

    public TraceFormatException(String source, long line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.line = line;
    }

    /** The 1-based line of the problem. */
    public long line() {
        return line;
    }
}
