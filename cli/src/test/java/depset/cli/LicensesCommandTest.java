package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** depset licenses on input it must refuse (the host's own packages: {@code HostLicensesCommandTest}). */
@Tag("unit")
class LicensesCommandTest {
    @TempDir
    Path dir;

    @Test
    void aMissingRootIsBadInput() throws Exception {
        Path set = dir.resolve("set.json");
        ManifestJson.write(Manifest.of("/nonexistent-root", "strict", List.of(), List.of(), List.of(), List.of()), set);
        CliRun run = CliRun.of("licenses", set.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).isEqualTo("depset: /nonexistent-root: no such source root (give it with --from)\n");
    }
}
