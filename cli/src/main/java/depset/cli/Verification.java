package depset.cli;

import depset.sandbox.HostChecks;
import depset.sandbox.PrivateNamespace;
import depset.sandbox.SandboxException;
import depset.sandbox.StaleMounts;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What verify and build --repair share: the private namespace they run in, the command they verify. */
final class Verification {
    private Verification() {
    }

    /**
     * Re-runs this depset command in a private mount namespace unless it already is in one;
     * returns its exit status, or null when the caller is in the namespace and should go on.
     */
    static Integer reexecIfNeeded(CommandSpec spec) throws IOException {
        if (PrivateNamespace.active()) {
            return null;
        }
        try {
            HostChecks.requireMachine();
        } catch (SandboxException e) {
            throw new DepsetException(ExitCode.ENVIRONMENT, e.getMessage(), e);
        }
        StaleMounts.clean(System.err);
        List<String> args = spec.root().commandLine().getParseResult().originalArgs();
        return PrivateNamespace.reexec(Main.class.getName(), args);
    }

    /** The command to verify with: the one given, else the manifest's. */
    static List<String> command(List<String> given, List<String> manifest) {
        List<String> cmd = given != null && !given.isEmpty() ? given : manifest;
        if (cmd == null || cmd.isEmpty()) {
            throw new DepsetException(ExitCode.USAGE, "the manifest names no command: give one after --");
        }
        return cmd;
    }
}
