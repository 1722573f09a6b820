package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestJson;
import depset.manifest.Reason;
import depset.meta.LicenseFiles;
import depset.meta.LicenseTable;
import depset.meta.SecretFinding;
import depset.meta.SecretScanner;
import depset.meta.SourceRoot;
import depset.vm.guest.Guest;
import depset.vm.guest.GuestBuilder;
import depset.vm.guest.GuestRecipes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packages, licenses and secrets read from the real debootstrapped LAMP guest's own dpkg database,
 * for the files a LAMP run touches (the binaries, PHP's module, the configuration, the loader).
 */
@Tag("guest")
@EnabledIf(value = "depset.vm.guest.GuestBuilder#canBuildGuests",
        disabledReason = "the guest tier needs root, /dev/fuse, libfuse2 and debootstrap")
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class LampLicensesGuestTest {
    @TempDir
    Path dir;

    private static final List<String> LAMP_FILES = List.of("/usr/sbin/apache2", "/usr/sbin/apache2ctl",
            "/etc/apache2/apache2.conf", "/usr/lib/apache2/modules/libphp8.2.so", "/etc/php/8.2/apache2/php.ini",
            "/usr/lib/php/20220829/mysqli.so", "/usr/lib/php/20220829/calendar.so",
            "/usr/sbin/mariadbd", "/etc/mysql/mariadb.cnf", "/usr/lib/x86_64-linux-gnu/libc.so.6",
            "/usr/lib64/ld-linux-x86-64.so.2", "/var/www/html/row.php", "/etc/ld.so.cache", "/etc/shadow");

    private static Manifest lampSet(Path root) {
        SourceRoot r = SourceRoot.of(root);
        List<ManifestEntry> entries = new ArrayList<>();
        for (String p : LAMP_FILES) {
            ManifestEntry e = r.entry(p, List.of(new Reason("strict", 1, "/usr/sbin/apache2", "open")));
            assertThat(e).as(p).isNotNull();
            entries.add(e);
        }
        return Manifest.of(root.toString(), "strict", List.of("apache2"), List.of(), List.of(), entries);
    }

    @Test
    void theLampGuestsPackagesHaveTheirVersionsAndLicensesAndCopyrightFilesJoinTheSet() throws Exception {
        Guest lamp = GuestBuilder.fromEnvironment().obtain(GuestRecipes.lamp());
        Manifest m = lampSet(lamp.root());
        LicenseTable t = LicenseTable.of(m, lamp.root());

        assertThat(t.rows()).extracting(LicenseTable.Row::pkg)
                .contains("apache2", "apache2-bin", "mariadb-server-core", "libapache2-mod-php8.2", "php8.2-common",
                        "php8.2-mysql", "libc6");
        assertThat(t.row("apache2").copyright().licenses()).contains("Apache-2.0");
        assertThat(t.row("mariadb-server-core").copyright().licenses()).anyMatch(l -> l.contains("GPL-2"));
        assertThat(t.row("libapache2-mod-php8.2").copyright().path()).isEqualTo("/usr/share/doc/php8.2-common/copyright");
        assertThat(t.row("libc6").copyright().summary()).isNotEmpty();
        assertThat(t.row("libc6").version()).startsWith("2.36");
        // php.ini is written by ucf at install time: dpkg lists it nowhere, like ld.so.cache
        assertThat(t.unowned()).extracting(ManifestEntry::path).contains("/var/www/html/row.php", "/etc/ld.so.cache",
                "/etc/php/8.2/apache2/php.ini");

        Path set = dir.resolve("lamp.json");
        ManifestJson.write(m, set);
        CliRun run = CliRun.of("licenses", set.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).containsPattern("(?m)^apache2 +2\\.4\\.\\S+ +.*Apache-2\\.0")
                .containsPattern("(?m)^mariadb-server-core +1:10\\.11\\.")
                .containsPattern("(?m)^php8\\.2-\\S+ +8\\.2\\.")
                .containsPattern("(?m)^libc6 +2\\.36");

        Manifest withLicenses = LicenseFiles.withLicenses(m, lamp.root());
        for (String p : List.of("/usr/share/doc/apache2/copyright", "/usr/share/doc/mariadb-server-core/copyright",
                "/usr/share/doc/libapache2-mod-php8.2", "/usr/share/doc/php8.2-common/copyright",
                "/usr/share/doc/libc6/copyright")) {
            assertThat(withLicenses.entry(p)).as(p).isNotNull();
        }

        List<SecretFinding> secrets = SecretScanner.of(lamp.root()).scan(m);
        assertThat(secrets).extracting(SecretFinding::path).containsExactly("/etc/shadow");
    }
}
