package depset.vm.sequence;

/** A sequence file that cannot be read; the message names the file and line: {@code lamp.seq:7: …}. */
public final class SequenceFormatException extends depset.trace.BadInputException {
    private static final long serialVersionUID = 1L;
    private final int line;

    public SequenceFormatException(String source, int line, String message) {
        super(line > 0 ? source + ":" + line + ": " + message : source + ": " + message);
        this.line = line;
    }

    /** The offending line, or 0 when the problem is something missing from the whole file. */
    public int line() {
        return line;
    }
}
