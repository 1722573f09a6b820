package depset.fsops;

import static org.assertj.core.api.Assertions.assertThat;

import depset.sandbox.CommandResolver;
import depset.trace.FileNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * A name with any bytes is a java.nio path: files made through {@link ExactPaths} have exactly those
 * bytes (as python3 lists them), and the names java.nio lists come back as the same string forms.
 */
@Tag("host")
@EnabledIf(value = "python3Installed", disabledReason = "needs python3 on PATH")
class ExactPathsTest {
    @TempDir
    Path dir;

    static boolean python3Installed() {
        return CommandResolver.onHostPath("python3");
    }

    @Test
    void randomByteNamesAreCreatedListedAndNamedExactly() throws Exception {
        Random random = new Random(8);
        TreeSet<String> expected = new TreeSet<>();
        List<String> forms = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[1 + random.nextInt(i < 5 ? 255 : 12)];
            for (int k = 0; k < b.length; k++) {
                do {
                    b[k] = (byte) random.nextInt(256);
                } while (b[k] == 0 || b[k] == '/');
            }
            String form = FileNames.fromBytes(b);
            if (form.equals(".") || form.equals("..") || !expected.add(HexFormat.of().formatHex(b))) {
                continue;
            }
            forms.add(form);
            // Both ways in: a whole absolute string form, and a base path resolved against a name.
            Path p = i % 2 == 0 ? ExactPaths.of(ExactPaths.name(dir) + "/" + form) : ExactPaths.resolve(dir, form);
            Files.write(p, b);
            assertThat(Files.readAllBytes(ExactPaths.resolve(dir, form))).isEqualTo(b);
        }
        Process ls = new ProcessBuilder("python3", "-c",
                "import os,sys\nfor n in os.listdir(sys.argv[1].encode()): print(n.hex())", dir.toString()).start();
        TreeSet<String> listed = new TreeSet<>(new String(ls.getInputStream().readAllBytes(),
                StandardCharsets.US_ASCII).lines().toList());
        assertThat(ls.waitFor()).isZero();
        assertThat(listed).isEqualTo(expected);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> ExactPaths.name(p.getFileName()))).containsExactlyInAnyOrderElementsOf(forms);
        }
    }

    @Test
    void aRelativeNameAndASymlinkTargetKeepTheirBytes() throws Exception {
        String target = "../" + FileNames.fromBytes(new byte[] {'d', (byte) 0xff}) + "/x\n"
                + FileNames.fromBytes(new byte[] {(byte) 0xe9});
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, ExactPaths.of(target));
        assertThat(ExactPaths.name(Files.readSymbolicLink(link))).isEqualTo(target);
        assertThat(ExactPaths.name(ExactPaths.of(target))).isEqualTo(target);
        assertThat(ExactPaths.of("usr/lib")).isEqualTo(Path.of("usr/lib"));
    }
}
