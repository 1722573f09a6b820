package depset.diff;

/**
 * Two sets given to a merge disagree about one path (or about the root they come from); the
 * message names the path, the inputs and the fields.
 */
public final class MergeConflictException extends depset.trace.BadInputException {
    private static final long serialVersionUID = 1L;
    private final String path;

    public MergeConflictException(String path, String message) {
        super(message);
        this.path = path;
    }

    /** The path the inputs disagree on, or null when they disagree on the root. */
    public String path() {
        return path;
    }
}
