package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine's own root as a sequence's root (the shipped {@code host} sequence, {@code root /}):
 * {@code depset eval} measures the root's own file systems (not /proc, whose /proc/1/map_files even
 * root may not read), replays in it, traces, builds and replays every strategy's tree.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class HostRootEvalTest {
    @Test
    void theHostSequenceEvaluates(@TempDir Path work) throws Exception {
        Path out = work.resolve("eval");
        DepsetProcess.Result eval = DepsetProcess.start(work, "eval", "--no-reprozip", "--no-strace", "--sequences", "host",
                "--out", out.toString()).await(18);
        assertThat(eval.status()).as(eval.stdout() + eval.stderr()).isZero();
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode row : new ObjectMapper().readTree(out.resolve("eval.json").toFile()).get("rows")) {
            rows.put(row.get("strategy").asText(), row);
        }
        JsonNode complete = rows.get("complete guest");
        assertThat(complete.get("functional").asBoolean()).as(complete.toString()).isTrue();
        assertThat(complete.get("files").asLong()).isGreaterThan(1000);
        assertThat(complete.get("compressedBytes").asLong()).isNegative(); // not compressed: a whole disk
        for (String strategy : new String[] {"strict", "all", "auto"}) {
            JsonNode row = rows.get(strategy);
            assertThat(row.get("functional").asBoolean()).as(row.toString()).isTrue();
            // A set is ls and what it needs, not the machine.
            assertThat(row.get("files").asLong()).isLessThan(complete.get("files").asLong() / 10);
        }
    }
}
