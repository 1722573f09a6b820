package depset.meta;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 16: the secret scanner flagged {@code /etc/nsswitch.conf} ("field \"passwd\" has a value"
 * for {@code passwd: files}), so users learn to ignore it. The corpus in {@code depset/meta/policy-corpus}
 * holds real Debian 12 configuration files of the formats the scanner must recognise (nsswitch, PAM,
 * login.defs, adduser): each, at its own path, must give no finding, while a private key pasted into one is
 * still found. A corpus file's name is its path below /etc with the first '/' written '-'
 * ({@code pam.d-common-auth} is {@code /etc/pam.d/common-auth}).
 */
@Tag("unit")
class PolicyCorpusTest {
    @TempDir
    Path root;

    /** Corpus name → its text, every file of the corpus directory. */
    private final Map<String, String> corpus = new TreeMap<>();

    @BeforeEach
    void readCorpus() throws IOException, URISyntaxException {
        Path dir = Path.of(PolicyCorpusTest.class.getResource("/depset/meta/policy-corpus").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                corpus.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        assertThat(corpus).as("the corpus").isNotEmpty();
    }

    private static String pathOf(String corpusName) {
        return "/etc/" + corpusName.replaceFirst("-", "/");
    }

    /** Writes {@code files} (path → text) into the source root and scans a set of them. */
    private List<SecretFinding> scan(Map<String, String> files) throws IOException {
        SourceRoot r = SourceRoot.of(root);
        List<ManifestEntry> entries = new ArrayList<>();
        for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
            Path p = root.resolve(f.getKey().substring(1));
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
            entries.add(r.entry(f.getKey(), List.of(new Reason("strict", 1, "/bin/sh", "open"))));
        }
        return SecretScanner.of(root).scan(Manifest.of(root.toString(), "strict", List.of(), List.of(), List.of(),
                entries));
    }

    @Test
    void noCorpusFileIsFlaggedAtItsOwnPath() throws IOException {
        Map<String, String> files = new TreeMap<>();
        corpus.forEach((name, text) -> files.put(pathOf(name), text));
        assertThat(scan(files)).isEmpty();
    }

    @Test
    void theCorpusHoldsWhatThePasswordFieldRuleMatchesElsewhere() throws IOException {
        // The same texts at paths of no known format: the lines that made the false positives are in the
        // corpus (so the test above can fail), and it is the format, not the text, that keeps them unflagged.
        Map<String, String> files = new TreeMap<>();
        corpus.forEach((name, text) -> files.put("/etc/app/" + name + ".conf", text));
        List<SecretFinding> found = scan(files);
        assertThat(found).extracting(SecretFinding::path).contains("/etc/app/nsswitch.conf.conf");
        assertThat(found).allSatisfy(f -> assertThat(f.kind()).isEqualTo("password-field"));
    }

    @Test
    void aPrivateKeyInAPolicyFileIsStillFound() throws Exception {
        KeyPairGenerator g = keys();
        Map<String, String> files = new TreeMap<>();
        for (Map.Entry<String, String> c : corpus.entrySet()) {
            String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(g.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
            files.put(pathOf(c.getKey()), c.getValue() + pem);
        }
        List<SecretFinding> found = scan(files);
        assertThat(found).extracting(SecretFinding::path).containsExactlyElementsOf(files.keySet());
        assertThat(found).allSatisfy(f -> assertThat(f.kind()).isEqualTo("private-key"));
    }

    private static KeyPairGenerator keys() throws NoSuchAlgorithmException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g;
    }
}
