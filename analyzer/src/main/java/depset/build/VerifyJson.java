package depset.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A verify result as JSON, the form {@code depset verify --json}, {@code build --repair --json} and
 * {@code depset eval}'s auto rounds write and {@code depset report --verify} reads:
 * {@code {"result": "PASS"|"FAIL", "verify": last, "rounds": [...], "repairs": [...], "stop": "PASS"|"NOTHING_NEW"|"ROUNDS",
 * "fallback": false}}, where {@code repairs} says how each round extended the set ({@link RepairLoop.RepairKind}).
 */
public final class VerifyJson {
    private VerifyJson() {
    }

    /** Writes one verification. */
    public static void write(Path file, VerifyResult last) throws IOException {
        write(file, json(last));
    }

    /** The repair loop's outcome: its last result, its rounds, how each repaired the set, and why it stopped. */
    public static void write(Path file, RepairLoop.Outcome outcome) throws IOException {
        Map<String, Object> json = json(outcome.result());
        json.put("rounds", outcome.rounds());
        json.put("repairs", outcome.repairs());
        json.put("stop", outcome.stop());
        json.put("fallback", outcome.fallbackUsed());
        write(file, json);
    }

    private static Map<String, Object> json(VerifyResult last) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("result", last.pass() ? "PASS" : "FAIL");
        json.put("verify", last);
        return json;
    }

    private static void write(Path file, Map<String, Object> json) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        depset.output.OutputFile.write(file, false, o -> mapper.writeValue(o, json));
    }
}
