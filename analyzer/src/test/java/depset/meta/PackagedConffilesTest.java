package depset.meta;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian 12's own {@code /etc/ssl/openssl.cnf} (a copy in {@code depset/meta/conffiles}) has two
 * password-like fields that are a prompt and OpenSSL's demo password; the scanner flagged it on every
 * machine with openssl installed. Unchanged from what its package shipped, it is nobody's secret; edited,
 * it is scanned again.
 */
@Tag("unit")
class PackagedConffilesTest {
    private static final String PATH = "/etc/ssl/openssl.cnf";

    @TempDir
    Path root;

    private byte[] shipped;

    @BeforeEach
    void installOpensslCnf() throws IOException {
        try (var in = PackagedConffilesTest.class.getResourceAsStream("/depset/meta/conffiles/openssl.cnf")) {
            shipped = in.readAllBytes();
        }
        write(PATH, shipped);
    }

    private void write(String path, byte[] bytes) throws IOException {
        Path p = root.resolve(path.substring(1));
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    private void status(String conffilesField) throws IOException {
        write("/var/lib/dpkg/status", ("Package: openssl\nStatus: install ok installed\nVersion: 3.0.15-1~deb12u1\n"
                + conffilesField + "\n").getBytes());
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    /**
     * The findings, which must be the same whether the conffiles come from the status alone (the
     * secrets command) or from the whole database a command read anyway (the report).
     */
    private List<SecretFinding> scan() throws IOException {
        ManifestEntry e = SourceRoot.of(root).entry(PATH, List.of(new Reason("strict", 1, "/usr/bin/openssl", "open")));
        Manifest m = Manifest.of(root.toString(), "strict", List.of(), List.of(), List.of(), List.of(e));
        List<SecretFinding> fromStatus = SecretScanner.of(root).scan(m);
        List<SecretFinding> fromDatabase = SecretScanner.of(root, DpkgDatabase.read(root).conffiles()).scan(m);
        assertThat(fromDatabase).as("with the database's conffiles").isEqualTo(fromStatus);
        return fromStatus;
    }

    @Test
    void withoutADpkgDatabaseItsPasswordFieldsAreFlagged() throws IOException {
        assertThat(scan()).singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo("password-field"));
    }

    @Test
    void theTextItsPackageShippedIsNotASecret() throws Exception {
        status("Conffiles:\n " + PATH + " " + md5(shipped) + "\n /etc/ssl/other.cnf newconffile");
        assertThat(scan()).isEmpty();
    }

    @Test
    void anEditedConffileIsScannedAgain() throws Exception {
        status("Conffiles:\n " + PATH + " " + md5(shipped));
        write(PATH, (new String(shipped) + "db_password = hunter2\n").getBytes());
        assertThat(scan()).singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo("password-field"));
    }

    @Test
    void aRemovedPackagesLeftoverConffileStillHasItsShippedText() throws Exception {
        write("/var/lib/dpkg/status", ("Package: openssl\nStatus: deinstall ok config-files\n"
                + "Version: 3.0.15-1~deb12u1\nConffiles:\n " + PATH + " " + md5(shipped) + "\n").getBytes());
        assertThat(scan()).isEmpty();
    }

    @Test
    void aDigestDpkgDidNotRecordVouchesForNothing() throws Exception {
        status("Conffiles:\n " + PATH + " newconffile\n /etc/other.cnf " + md5(shipped));
        assertThat(scan()).hasSize(1);
    }
}
