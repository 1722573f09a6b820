package depset.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class DpkgDatabaseTest {
    @TempDir
    Path tmp;

    @Test
    void readsInstalledPackagesOnly() throws Exception {
        DpkgDatabase db = DpkgDatabase.read(MiniDebian.build(tmp));
        assertThat(db.packages()).containsOnlyKeys("coreutils", "libc6", "dash", "manpages", "vim");
        assertThat(db.pkg("libc6")).isEqualTo(new InstalledPackage("libc6", "amd64", "2.36-9+deb12u4", "glibc"));
        assertThat(db.pkg("vim").source()).isEqualTo("vim");
    }

    @Test
    void findsOwnersThroughUsrmergeDiversionsAndAlternatives() throws Exception {
        DpkgDatabase db = DpkgDatabase.read(MiniDebian.build(tmp));
        // usrmerge: listed as /bin/ls, traced as /usr/bin/ls; multi-arch list file name
        assertThat(db.owners("/usr/bin/ls")).containsExactly(new Owner("coreutils", "usrmerge alias of /bin/ls"));
        assertThat(db.owners("/bin/ls")).containsExactly(new Owner("coreutils", null));
        assertThat(db.owners("/usr/lib/x86_64-linux-gnu/libc.so.6"))
                .containsExactly(new Owner("libc6", "usrmerge alias of /lib/x86_64-linux-gnu/libc.so.6"));
        // diversion: dash's file sits at the original name, manpages' at the diverted one
        assertThat(db.owners("/usr/share/man/man1/sh.1.gz")).containsExactly(new Owner("dash", null));
        assertThat(db.owners("/usr/share/man/man1/sh.distrib.1.gz"))
                .containsExactly(new Owner("manpages", "diversion of /usr/share/man/man1/sh.1.gz"));
        // alternative: both symlinks belong to the package of the current choice
        assertThat(db.owners("/usr/bin/editor"))
                .containsExactly(new Owner("vim", "alternative editor -> /usr/bin/vim.basic"));
        assertThat(db.owners("/etc/alternatives/editor"))
                .containsExactly(new Owner("vim", "alternative editor -> /usr/bin/vim.basic"));
        // shared directories have several owners; generated and removed packages' files have none
        assertThat(db.owners("/")).extracting(Owner::pkg).contains("coreutils", "libc6", "dash", "vim");
        assertThat(db.owners("/etc/ld.so.cache")).isEmpty();
        // coreutils lists /bin as its directory; in this root it is merged-/usr's symlink, which no package ships
        assertThat(db.owners("/bin")).isEmpty();
        assertThat(db.owners("/srv/app/app.py")).isEmpty();
    }

    @Test
    void aRootWithoutDpkgOwnsNothing() throws Exception {
        DpkgDatabase db = DpkgDatabase.read(tmp);
        assertThat(db.packages()).isEmpty();
        assertThat(db.owners("/usr/bin/ls")).isEmpty();
    }
}
