package depset.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import depset.manifest.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The parser against the real dpkg database of this machine (Debian): what dpkg-query says, depset says. */
@Tag("host")
class HostDpkgTest {

    private static String dpkgQuery(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "dpkg-query";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out;
    }

    @Test
    void theHostsCoreutilsAndLibcAreFoundWithTheirVersionsAndLicenses() throws Exception {
        assumeTrue(DpkgDatabase.exists(Path.of("/")), "not a Debian host");
        String libc = "/usr/lib/x86_64-linux-gnu/libc.so.6";
        assumeTrue(Files.exists(Path.of(libc)), "not x86_64");
        DpkgDatabase db = DpkgDatabase.read(Path.of("/"));
        assertThat(db.packages()).hasSizeGreaterThan(50);
        assertThat(db.owners("/usr/bin/ls")).extracting(Owner::pkg).containsExactly("coreutils");
        assertThat(db.owners(libc)).extracting(Owner::pkg).containsExactly("libc6");
        assertThat(db.pkg("coreutils").version()).isEqualTo(dpkgQuery("-W", "-f=${Version}", "coreutils"));

        Manifest m = LicenseTableTest.manifestOf(Path.of("/"), "/usr/bin/ls", libc);
        LicenseTable t = LicenseTable.of(m, Path.of("/"));
        assertThat(t.row("coreutils").copyright().licenses()).contains("GPL-3+");
        assertThat(t.row("libc6").copyright().path()).isEqualTo("/usr/share/doc/libc6/copyright");
        assertThat(t.unowned()).isEmpty();
    }

    @Test
    void everyInstalledPackageMatchesDpkgQuery() throws Exception {
        assumeTrue(DpkgDatabase.exists(Path.of("/")), "not a Debian host");
        // apt may be installing something meanwhile (other work on this machine): compare one stable state
        Path status = Path.of("/var/lib/dpkg/status");
        DpkgDatabase db;
        String[] lines;
        int tries = 0;
        while (true) {
            java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(status);
            db = DpkgDatabase.read(Path.of("/"));
            lines = dpkgQuery("-W", "-f=${db:Status-Status} ${Package} ${Version}\\n").split("\n");
            if (Files.getLastModifiedTime(status).equals(before) || ++tries == 5) {
                break;
            }
            Thread.sleep(2000);
        }
        int installed = 0;
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length == 3 && f[0].equals("installed")) {
                installed++;
                assertThat(db.pkg(f[1])).as(f[1]).isNotNull();
                assertThat(db.pkg(f[1]).version()).as(f[1]).isEqualTo(f[2]);
            }
        }
        assertThat(db.packages()).hasSize(installed);
    }
}
