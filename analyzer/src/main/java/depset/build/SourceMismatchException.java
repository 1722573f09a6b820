package depset.build;

/** The source root does not hold what the manifest says; the message lists the paths. */
public final class SourceMismatchException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient SourceProblems problems;

    public SourceMismatchException(SourceProblems problems, String hint) {
        super(String.join("; ", problems.lines()) + (hint == null ? "" : " (" + hint + ")"));
        this.problems = problems;
    }

    public SourceProblems problems() {
        return problems;
    }
}
