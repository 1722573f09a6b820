package depset.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import depset.build.RepairLoop;
import depset.build.VerifyResult;
import depset.sandbox.HostChecks;
import depset.sandbox.PrivateNamespace;
import depset.sandbox.SandboxException;
import depset.sandbox.StaleMounts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** What verify and build --repair share: the private namespace they run in, and the JSON result. */
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

    static void writeJson(Path file, VerifyResult last, List<VerifyResult> rounds, String stop, boolean force)
            throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("result", last.pass() ? "PASS" : "FAIL");
        json.put("verify", last);
        if (rounds != null) {
            json.put("rounds", rounds);
            json.put("stop", stop);
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        depset.output.OutputFile.write(file, force, o -> mapper.writeValue(o, json));
    }

    static void writeJson(Path file, RepairLoop.Outcome outcome, boolean force) throws IOException {
        writeJson(file, outcome.result(), outcome.rounds(), outcome.stop(), force);
    }
}
