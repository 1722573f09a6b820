package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import depset.manifest.Reason;
import depset.meta.SourceRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LicensesCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheHostsPackagesForASetOfHostFiles() throws Exception {
        assumeTrue(Files.isRegularFile(Path.of("/var/lib/dpkg/status")), "not a Debian host");
        Files.writeString(dir.resolve("mine.conf"), "x=1\n");
        SourceRoot root = SourceRoot.of(Path.of("/"));
        List<Reason> why = List.of(new Reason("strict", 1, "/bin/sh", "open"));
        Manifest m = Manifest.of("/", "strict", List.of(), List.of(), List.of(),
                List.of(root.entry("/usr/bin/ls", why), root.entry("/usr/bin/dpkg", why),
                        root.entry(dir.resolve("mine.conf").toString(), why)));
        Path set = dir.resolve("set.json");
        ManifestJson.write(m, set);

        CliRun run = CliRun.of("licenses", set.toString(), "--from", "/");
        assertThat(run.exit()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).containsPattern("(?m)^PACKAGE +VERSION +LICENSES +FILES +BYTES$")
                .containsPattern("(?m)^coreutils +\\S+ +GPL-3\\+.* +1 +")
                .containsPattern("(?m)^dpkg +\\S+ ")
                .contains("2 packages; 1 files owned by no package (4 B):")
                .contains("  " + dir.resolve("mine.conf"));

        CliRun json = CliRun.of("licenses", set.toString(), "--json");
        assertThat(json.out()).contains("\"package\" : \"coreutils\"").contains("\"unowned\"");
    }

    @Test
    void aMissingRootIsBadInput() throws Exception {
        Path set = dir.resolve("set.json");
        ManifestJson.write(Manifest.of("/nonexistent-root", "strict", List.of(), List.of(), List.of(), List.of()), set);
        CliRun run = CliRun.of("licenses", set.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).isEqualTo("depset: /nonexistent-root: no such source root (give it with --from)\n");
    }
}
