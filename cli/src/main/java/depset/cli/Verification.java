package depset.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import depset.build.RepairLoop;
import depset.build.VerifyResult;
import depset.sandbox.PrivateNamespace;
import depset.sandbox.SandboxException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What verify and build --repair share: the private namespace they need, and the JSON result. */
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

    static void writeJson(Path file, VerifyResult last, List<VerifyResult> rounds, String stop) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("result", last.pass() ? "PASS" : "FAIL");
        json.put("verify", last);
        if (rounds != null) {
            json.put("rounds", rounds);
            json.put("stop", stop);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    static void writeJson(Path file, RepairLoop.Outcome outcome) throws IOException {
        writeJson(file, outcome.result(), outcome.rounds(), outcome.stop());
    }
}
