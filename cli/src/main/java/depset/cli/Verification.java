package depset.cli;

import depset.sandbox.PrivateNamespace;
import depset.sandbox.SandboxException;
import java.io.IOException;
import java.util.List;

/** What verify and build --repair share: the private namespace they need, the command they verify. */
final class Verification {
    private Verification() {
    }

    /** Checks the machine and that {@code command} runs in the private mount namespace bin/depset makes. */
    static void requireNamespace(String command) {
        try {
            PrivateNamespace.require(command);
        } catch (SandboxException e) {
            throw new DepsetException(ExitCode.ENVIRONMENT, e.getMessage(), e);
        }
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
