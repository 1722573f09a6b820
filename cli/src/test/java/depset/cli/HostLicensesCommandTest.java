package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestJson;
import depset.manifest.Reason;
import depset.meta.SourceRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** depset licenses on files of this host, read from the host's dpkg database: host tier. */
@Tag("host")
@EnabledIf(value = "debianHost", disabledReason = "not a Debian host (no /var/lib/dpkg/status)")
class HostLicensesCommandTest {
    @TempDir
    Path dir;

    static boolean debianHost() {
        return Files.isRegularFile(Path.of("/var/lib/dpkg/status"));
    }

    @Test
    void printsTheHostsPackagesForASetOfHostFiles() throws Exception {
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
}
