package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** The {@code bench/} scripts that trace on real FUSE mounts, run once at a tiny size (see {@link BenchScriptsTest}). */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace", disabledReason = "needs root, /dev/fuse and libfuse2")
class BenchTracingScriptsTest {
    @TempDir
    Path dir;

    @Test
    @EnabledIf(value = "tracersInstalled", disabledReason = "needs strace, reprozip and python3 beside depset")
    void overhead() throws Exception {
        String out = BenchScriptsTest.run(dir, Map.of("ONLY", "true"), "overhead.sh", "1");
        assertThat(out).contains("| workload | native s | depset s |").contains("| empty workload: true |")
                .containsPattern("\\| empty workload: true \\| --no-cache \\| \\d+ requests: ")
                .contains("Medians of the same runs")
                .containsPattern("(?m)^\\| empty workload: true( \\| [0-9.]+){4}( \\| ([0-9.]+|–)){2} \\|$");
    }

    @Test
    @EnabledIf(value = "pjdfstestGiven", disabledReason = "DEPSET_PJDFSTEST names no built pjdfstest (see bench/conformance.sh)")
    void conformance() throws Exception {
        BenchScriptsTest.run(dir, Map.of(), "conformance.sh", System.getenv("DEPSET_PJDFSTEST"), dir.toString());
    }

    static boolean tracersInstalled() {
        return BenchScriptsTest.onPath("strace") && BenchScriptsTest.onPath("reprozip") && BenchScriptsTest.onPath("python3");
    }

    static boolean pjdfstestGiven() {
        String d = System.getenv("DEPSET_PJDFSTEST");
        return d != null && Files.isExecutable(Path.of(d, "pjdfstest"));
    }
}
