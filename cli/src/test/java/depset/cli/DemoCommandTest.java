package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** README's first command ends in {@code depset demo}: it must do the whole job on this machine. */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class DemoCommandTest {
    @Test
    void theDemoTracesBuildsVerifiesAndReports(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        DepsetProcess d = DepsetProcess.start(dir, "demo", "--out", out.toString());
        assertThat(d.process.waitFor(5, TimeUnit.MINUTES)).as("the demo ends").isTrue();
        String stdout = Files.readString(d.out, StandardCharsets.UTF_8);
        String stderr = Files.readString(d.err, StandardCharsets.UTF_8);
        assertThat(d.process.exitValue()).as(stdout + stderr).isZero();

        assertThat(stdout).contains("$ depset run --root / --trace", "$ depset analyze", "$ depset build",
                "$ depset verify", "$ depset why", "$ depset report");
        assertThat(stdout).contains("PASS");
        Manifest auto = ManifestJson.read(out.resolve("set.auto.json"));
        assertThat(auto.entries()).anySatisfy(e -> assertThat(e.path()).endsWith("/ls"));
        assertThat(auto.entries()).allSatisfy(e -> assertThat(e.reasons()).isNotEmpty());
        assertThat(out.resolve("tree/usr/bin/ls")).isRegularFile();
        assertThat(Files.readString(out.resolve("report.html"))).contains("<html");
    }
}
