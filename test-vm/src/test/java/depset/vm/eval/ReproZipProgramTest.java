package depset.vm.eval;

import static org.assertj.core.api.Assertions.assertThat;

import depset.sandbox.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * ReproZip started as depset starts it leaves nothing in the machine's temporary directory, even
 * when it dies, and the programs it traces keep the machine's environment.
 */
@Tag("host")
@EnabledIf(value = "depset.vm.eval.ReproZip#installed", disabledReason = "needs reprozip and reprounzip")
class ReproZipProgramTest {
    @TempDir
    Path machineTmp;

    @TempDir
    Path own;

    @TempDir
    Path work;

    @Test
    void aReproZipKilledWhileTracingLeavesItsFilesInItsOwnDirectoryOnly() throws IOException {
        // The traced shell kills its parent, ReproZip's tracer, so that no exit handler of ReproZip runs.
        HostCommand.Result r = trace("echo \"TMPDIR=$TMPDIR\"; kill -9 $PPID");

        assertThat(r.status()).as(r.output()).isEqualTo(137);
        assertThat(r.output()).contains("TMPDIR=" + machineTmp);
        assertThat(names(machineTmp)).isEmpty();
        assertThat(names(own)).as("what ReproZip left behind, which the caller removes")
                .anySatisfy(n -> assertThat(n).startsWith("rpz_stats_ca_").endsWith(".pem"));
    }

    @Test
    void aTraceThatEndsWellRecordsTheMachinesEnvironmentNotReproZipsDirectory() throws IOException {
        HostCommand.Result r = trace("true");

        assertThat(r.ok()).as(r.output()).isTrue();
        assertThat(names(machineTmp)).isEmpty();
        String config = Files.readString(work.resolve("trace/config.yml"));
        assertThat(config).contains(machineTmp.toString()).doesNotContain(own.toString());
    }

    /** {@code reprozip trace sh -c SCRIPT} with {@code machineTmp} as the machine's TMPDIR. */
    private HostCommand.Result trace(String script) throws IOException {
        List<String> argv = ReproZipProgram.argv(own, "reprozip", List.of("trace", "--dont-identify-packages",
                "-d", work.resolve("trace").toString(), "/bin/sh", "-c", script));
        return HostCommand.run(argv, Map.of("TMPDIR", machineTmp.toString()), Duration.ofMinutes(2),
                work.resolve("trace.log"));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
