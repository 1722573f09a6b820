package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
    @EnabledIf(value = "fuseTracepoints", disabledReason = "needs perf and the kernel's fuse tracepoints")
    void roundTrips() throws Exception {
        String out = BenchScriptsTest.run(dir, Map.of(), "round-trips.sh", "1");
        // `date` cannot start without looking up and opening its libraries: those requests are
        // found, sent by the workload and waited for.
        assertThat(out).containsPattern("\\| requests waited for \\| [1-9]\\d* \\|")
                .containsPattern("\\| workload wall time, first exec to last exit \\| [0-9.]+ ms \\|")
                .containsPattern("(?m)^\\| LOOKUP \\| [1-9]\\d* \\| [1-9]\\d* \\|( \\d+ \\|){4}$")
                .containsPattern("(?m)^\\| OPEN \\| [1-9]\\d* \\|");
    }

    @Test
    @EnabledIf(value = "pjdfstestGiven", disabledReason = "DEPSET_PJDFSTEST names no built pjdfstest (see bench/conformance.sh)")
    void conformance() throws Exception {
        BenchScriptsTest.run(dir, Map.of(), "conformance.sh", System.getenv("DEPSET_PJDFSTEST"), dir.toString());
    }

    static boolean tracersInstalled() {
        return BenchScriptsTest.onPath("strace") && BenchScriptsTest.onPath("reprozip") && BenchScriptsTest.onPath("python3");
    }

    /** perf, and a kernel with the fuse tracepoints; perf mounts the tracing file system where it is not. */
    static boolean fuseTracepoints() throws InterruptedException {
        if (!BenchScriptsTest.onPath("perf") || !BenchScriptsTest.onPath("python3")) {
            return false;
        }
        try {
            return SampleSource.run("perf", "list", "fuse:fuse_request_send").contains("fuse_request_send");
        } catch (IOException e) {
            return false; // perf could not list the kernel's tracepoints
        }
    }

    static boolean pjdfstestGiven() {
        String d = System.getenv("DEPSET_PJDFSTEST");
        return d != null && Files.isExecutable(Path.of(d, "pjdfstest"));
    }
}
