package depset.cli;

import depset.sandbox.SandboxException;

/** How the tracing commands turn a sandbox failure into an exit code. */
final class SandboxErrors {
    private SandboxErrors() {
    }

    /** For {@code depset run}: 127/126 for the command, 125 for depset's own failures. */
    static DepsetException forRun(SandboxException e) {
        int code;
        switch (e.kind()) {
            case NOT_FOUND:
                code = ExitCode.NOT_FOUND;
                break;
            case NOT_EXECUTABLE:
                code = ExitCode.NOT_EXECUTABLE;
                break;
            default:
                code = ExitCode.RUN_FAILED;
        }
        return new DepsetException(code, e.getMessage(), e);
    }

    /** For {@code depset mount}: 4 for the machine, 3 for the input. */
    static DepsetException forMount(SandboxException e) {
        int code = e.kind() == SandboxException.Kind.BAD_INPUT ? ExitCode.BAD_INPUT : ExitCode.ENVIRONMENT;
        return new DepsetException(code, e.getMessage(), e);
    }
}
