package depset.meta;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class SecretScannerTest {
    @TempDir
    Path root;

    private final Map<String, String> files = new TreeMap<>();

    private void put(String path, String text) throws Exception {
        Path p = root.resolve(path.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        files.put(path, text);
    }

    private Manifest manifest() {
        SourceRoot r = SourceRoot.of(root);
        List<ManifestEntry> entries = new ArrayList<>();
        for (String p : files.keySet()) {
            entries.add(r.entry(p, List.of(new Reason("strict", 1, "/bin/sh", "open"))));
        }
        return Manifest.of(root.toString(), "strict", List.of(), List.of(), List.of(), entries);
    }

    private static String realPrivateKeyPem() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(g.generateKeyPair().getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    }

    @Test
    void flagsEachKindOfCredentialWithItsReasonAndNothingElse() throws Exception {
        put("/etc/shadow", "root:$y$j9T$abc:19000:0:99999:7:::\n");
        put("/etc/gshadow", "root:*::\n");
        put("/etc/ssh/ssh_host_ed25519_key", "key\n");
        put("/etc/ssh/ssh_host_ed25519_key.pub", "ssh-ed25519 AAAA host\n");
        put("/root/.ssh/id_rsa", "key\n");
        put("/home/u/.ssh/id_ed25519.pub", "ssh-ed25519 AAAA u\n");
        put("/home/u/.ssh/authorized_keys", "ssh-ed25519 AAAA u\n");
        put("/home/u/.netrc", "machine example.org login u password p\n");
        put("/home/u/.pgpass", "localhost:5432:*:u:p\n");
        put("/home/u/.my.cnf", "[client]\n");
        put("/srv/app/.env", "DB_URL=x\n");
        put("/etc/mysql/debian.cnf", "[client]\nuser = root\n");
        put("/srv/app/tls/server.key", realPrivateKeyPem());
        put("/etc/app/db.conf", "# settings\nuser = app\n  db_password = s3cret\n");
        put("/srv/app/settings.yml", "api_key: abcdef\n");
        // not secrets:
        put("/etc/ssh/sshd_config", "PasswordAuthentication no\n# password = commented\n");
        put("/etc/app/empty.conf", "password =\nsecret = yes\n");
        put("/usr/share/doc/app/examples/db.conf", "password = example\n");
        put("/srv/app/README.txt", "password = not a config file\n");
        put("/srv/app/docs.md", "Begin with -----BEGIN PRIVATE KEY----- in the text\n");
        Path bin = root.resolve("usr/bin/ssh-keygen");
        Files.createDirectories(bin.getParent());
        Files.write(bin, ("\u007fELF\0\0\0" + realPrivateKeyPem()).getBytes());
        files.put("/usr/bin/ssh-keygen", "");

        Manifest all = manifest();
        List<SecretFinding> found = SecretScanner.of(root).scan(all);
        Manifest without = SecretScanner.without(all, found);
        assertThat(without.entries()).hasSize(all.entries().size() - found.size());
        assertThat(without.entry("/etc/shadow")).isNull();
        assertThat(without.entry("/etc/ssh/sshd_config")).isNotNull();

        assertThat(found).extracting(SecretFinding::path).containsExactly(
                "/etc/app/db.conf", "/etc/gshadow", "/etc/mysql/debian.cnf", "/etc/shadow",
                "/etc/ssh/ssh_host_ed25519_key", "/home/u/.my.cnf", "/home/u/.netrc", "/home/u/.pgpass",
                "/root/.ssh/id_rsa", "/srv/app/.env", "/srv/app/settings.yml", "/srv/app/tls/server.key");
        Map<String, SecretFinding> byPath = new TreeMap<>();
        found.forEach(f -> byPath.put(f.path(), f));
        assertThat(byPath.get("/srv/app/tls/server.key").kind()).isEqualTo("private-key");
        assertThat(byPath.get("/srv/app/tls/server.key").reason()).isEqualTo("PEM private key header on line 1");
        assertThat(byPath.get("/etc/app/db.conf").reason()).isEqualTo("field \"db_password\" has a value on line 3");
        assertThat(byPath.get("/etc/shadow").kind()).isEqualTo("shadow");
        assertThat(byPath.get("/root/.ssh/id_rsa").reason()).isEqualTo("SSH user private key");
        assertThat(byPath.get("/etc/ssh/ssh_host_ed25519_key").reason()).isEqualTo("SSH host private key");
    }

    @Test
    void symlinksAndDirectoriesAreNeverSecrets() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/shadow"), Path.of("/nowhere"));
        SourceRoot r = SourceRoot.of(root);
        ManifestEntry link = r.entry("/etc/shadow", List.of(new Reason("strict", 0, null, null)));
        assertThat(SecretScanner.of(root).check(link)).isEmpty();
    }
}
