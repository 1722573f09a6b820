package depset.sandbox;

/** A sandbox that cannot be set up or a step that cannot be started, with a one-line reason. */
public final class SandboxException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, so that a command line can choose its exit code. */
    public enum Kind {
        /** The machine cannot do it: not root, no /dev/fuse, no libfuse2, mount point busy. */
        ENVIRONMENT,
        /** The user's input is wrong: source root missing or not a directory, trace not writable. */
        BAD_INPUT,
        /** The command was not found inside the root. */
        NOT_FOUND,
        /** The command was found inside the root but cannot be executed. */
        NOT_EXECUTABLE,
        /** Setting up or tearing down failed (a mount refused, a helper died). */
        FAILED
    }

    private final Kind kind;

    public SandboxException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SandboxException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
