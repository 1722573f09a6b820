package depset.meta;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.trace.Phase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class LicenseTableTest {
    @TempDir
    Path tmp;

    static Manifest manifestOf(Path root, String... paths) {
        SourceRoot r = SourceRoot.of(root);
        List<ManifestEntry> entries = new ArrayList<>();
        for (String p : paths) {
            ManifestEntry e = r.entry(p, List.of(new Reason("strict", 1, "/bin/sh", "open")));
            assertThat(e).as(p).isNotNull();
            entries.add(e);
        }
        return Manifest.of(root.toString(), "strict", List.of(), List.of(), List.of(), entries);
    }

    @Test
    void tablesPackagesVersionsLicensesFilesAndBytesAndListsUnownedApart() throws Exception {
        Path root = MiniDebian.build(tmp);
        Manifest m = manifestOf(root, "/usr", "/usr/bin", "/bin", "/usr/bin/ls", "/usr/lib/x86_64-linux-gnu/libc.so.6",
                "/usr/bin/editor", "/etc/alternatives/editor", "/usr/bin/vim.basic", "/etc/ld.so.cache",
                "/srv/app/app.py");
        LicenseTable t = LicenseTable.of(m, root);

        assertThat(t.rows()).extracting(LicenseTable.Row::pkg).containsExactly("coreutils", "libc6", "vim");
        LicenseTable.Row core = t.row("coreutils");
        assertThat(core.version()).isEqualTo("9.1-1");
        assertThat(core.copyright().licenses()).containsExactly("GPL-3+", "GPL-3+ and BSD-4-clause-UC");
        assertThat(core.files()).isEqualTo(1);
        assertThat(core.bytes()).isEqualTo("ELF ls".length());
        assertThat(t.row("libc6").copyright().summary()).isEqualTo(CopyrightFile.NOT_MACHINE_READABLE);
        LicenseTable.Row vim = t.row("vim");
        assertThat(vim.files()).isEqualTo(3); // the binary and both alternative symlinks
        assertThat(vim.copyright().summary()).isEqualTo("Vim, Vim or GPL-2+");
        assertThat(vim.copyright().path()).isEqualTo("/usr/share/doc/vim-common/copyright");
        assertThat(t.unowned()).extracting(ManifestEntry::path).containsExactly("/bin", "/etc/ld.so.cache",
                "/srv/app/app.py");
    }

    @Test
    void withLicensesAddsEachShippedPackagesCopyrightWithTheLinksAndDirectoriesOnTheWay() throws Exception {
        Path root = MiniDebian.build(tmp);
        Manifest m = manifestOf(root, "/usr/bin/ls", "/usr/bin/vim.basic", "/usr/lib/x86_64-linux-gnu/libc.so.6",
                "/srv/app/app.py");
        m = m.withProcesses(List.of(new depset.manifest.ManifestProcess(1, 0, "/bin/sh", List.of("sh"), Phase.RUN)));
        Manifest withLicenses = LicenseFiles.withLicenses(m, root);
        assertThat(withLicenses.processes()).isEqualTo(m.processes());

        for (String p : List.of("/usr/share/doc/coreutils/copyright", "/usr/share/doc/libc6/copyright",
                "/usr/share/doc/vim", "/usr/share/doc/vim-common/copyright")) {
            assertThat(withLicenses.entry(p)).as(p).isNotNull();
            assertThat(withLicenses.entry(p).reasons()).extracting(Reason::rule).contains(LicenseFiles.RULE);
        }
        assertThat(withLicenses.entry("/usr/share/doc/vim").target()).isEqualTo("/usr/share/doc/vim-common");
        assertThat(withLicenses.entry("/usr/share/doc/vim-common").reasons()).extracting(Reason::rule)
                .containsExactly(LicenseFiles.PARENT_RULE);
        assertThat(withLicenses.entry("/usr/share/doc")).isNotNull();
        // dash ships nothing here, so its license is not added; the original entries are untouched
        assertThat(withLicenses.entry("/usr/share/doc/dash/copyright")).isNull();
        assertThat(withLicenses.entry("/usr/bin/ls")).isEqualTo(m.entry("/usr/bin/ls"));
        // adding twice changes nothing
        assertThat(LicenseFiles.withLicenses(withLicenses, root)).isEqualTo(withLicenses);
    }
}
