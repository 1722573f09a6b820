package depset.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A verify result as JSON, the form {@code depset verify --json}, {@code build --repair --json} and
 * {@code depset eval}'s auto rounds write and {@code depset report --verify} reads:
 * {@code {"result": "PASS"|"FAIL", "verify": last, "rounds": [...], "stop": "..."}}.
 */
public final class VerifyJson {
    private VerifyJson() {
    }

    /** Writes {@code last} and, when not null, every round and why the loop stopped. */
    public static void write(Path file, VerifyResult last, List<VerifyResult> rounds, String stop) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("result", last.pass() ? "PASS" : "FAIL");
        json.put("verify", last);
        if (rounds != null) {
            json.put("rounds", rounds);
            json.put("stop", stop);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    /** The repair loop's outcome: its last result, its rounds and why it stopped. */
    public static void write(Path file, RepairLoop.Outcome outcome) throws IOException {
        write(file, outcome.result(), outcome.rounds(), outcome.stop());
    }
}
