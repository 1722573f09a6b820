package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestJson;
import depset.manifest.Reason;
import depset.meta.SourceRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class BuildSecretsTest {
    @TempDir
    Path dir;

    @Test
    void buildWarnsAboutSecretsAndExcludeSecretsLeavesThemOut() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("etc"));
        Files.createDirectories(src.resolve("srv/app"));
        Files.writeString(src.resolve("etc/shadow"), "root:*:19000:0:99999:7:::\n");
        Files.writeString(src.resolve("srv/app/db.conf"), "user = app\npassword = s3cret\n");
        Files.writeString(src.resolve("srv/app/app.py"), "print('hi')\n");
        SourceRoot r = SourceRoot.of(src);
        List<ManifestEntry> entries = new ArrayList<>();
        for (String p : List.of("/etc", "/etc/shadow", "/srv", "/srv/app", "/srv/app/db.conf", "/srv/app/app.py")) {
            entries.add(r.entry(p, List.of(new Reason("strict", 1, "/bin/sh", "open"))));
        }
        Path set = dir.resolve("set.json");
        ManifestJson.write(Manifest.of(src.toString(), "strict", List.of(), List.of("/bin/true"), List.of(), entries), set);

        CliRun warn = CliRun.of("build", set.toString(), "--to", dir.resolve("t1").toString());
        assertThat(warn.exit()).as(warn.err()).isZero();
        assertThat(warn.err()).contains("depset: warning: 2 entries look like credentials (--exclude-secrets leaves them out):")
                .contains("  /etc/shadow  (password hashes (shadow))")
                .contains("  /srv/app/db.conf  (field \"password\" has a value on line 2)");
        assertThat(dir.resolve("t1/etc/shadow")).exists();

        CliRun exclude = CliRun.of("build", set.toString(), "--to", dir.resolve("t2").toString(), "--exclude-secrets");
        assertThat(exclude.exit()).as(exclude.err()).isZero();
        assertThat(exclude.err()).contains("depset: leaving out 2 entries that look like credentials:");
        assertThat(dir.resolve("t2/etc/shadow")).doesNotExist();
        assertThat(dir.resolve("t2/srv/app/db.conf")).doesNotExist();
        assertThat(dir.resolve("t2/srv/app/app.py")).exists();
        assertThat(dir.resolve("t2/etc")).isDirectory();
    }
}
