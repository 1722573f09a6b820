package depset.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depset.manifest.ManifestJson.ManifestFormatException;
import depset.trace.FileType;
import depset.trace.Phase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property test: whatever a file holds, reading it as a manifest either gives a manifest or
 * throws {@link ManifestFormatException}; never another exception. Inputs are mutations of a real
 * manifest: bit flips and byte changes (invalid UTF-8 included), truncations, removed and
 * duplicated lines, and values of the wrong JSON type. A few seconds, fixed seed.
 */
@Tag("unit")
class ManifestReaderFuzzTest {
    private static final long BUDGET_NANOS = 4_000_000_000L;
    private static final String[] WRONG_VALUES = {"null", "true", "\"x\"", "[]", "{}", "-1", "1e400",
            "99999999999999999999999", "\"\\ud800\"", "[null]", "{\"k\":1}", "0.5", "\"\"", "[1,2]", "\"/\""};

    @TempDir
    Path dir;

    @Test
    void mutatedManifestsReadOrFailWithAManifestFormatException() throws IOException {
        byte[] real = (ManifestJson.toJson(realManifest()) + "\n").getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("set.json");
        Files.write(file, real);
        assertThat(ManifestJson.read(file)).isEqualTo(realManifest());
        List<String> lines = List.of(new String(real, StandardCharsets.UTF_8).split("\n"));
        Random seeds = new Random(20261125);
        long end = System.nanoTime() + BUDGET_NANOS;
        int runs = 0;
        int rejected = 0;
        while (System.nanoTime() < end || runs < 200) {
            long seed = seeds.nextLong();
            Random r = new Random(seed);
            byte[] input = switch (r.nextInt(4)) {
                case 0 -> flipBits(real, r);
                case 1 -> Arrays.copyOf(real, r.nextInt(real.length + 1));
                case 2 -> editLines(lines, r);
                default -> wrongTypes(lines, r);
            };
            Files.write(file, input);
            try {
                ManifestJson.read(file);
            } catch (ManifestFormatException e) {
                rejected++;
                assertThat(e.getMessage()).doesNotContain("\n");
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ": " + t + " for input "
                        + new String(input, StandardCharsets.ISO_8859_1), t);
            }
            runs++;
        }
        System.out.printf("manifest reader fuzz: %d inputs, %d rejected with ManifestFormatException%n", runs,
                rejected);
        assertThat(rejected).isPositive();
    }

    @Test
    void aProcessPhaseIsWrittenAsItsLabelAndAnyOtherIsRefused() {
        String json = ManifestJson.toJson(realManifest());
        assertThat(json).contains("\"phase\" : \"run\"");
        for (Phase p : Phase.values()) {
            assertThat(ManifestJson.parse("m", json.replace("\"phase\" : \"run\"", "\"phase\" : \"" + p.label() + "\""))
                    .processes().get(0).phase()).isEqualTo(p);
        }
        for (String bad : List.of("\"RUN\"", "\"end\"", "\"\"", "1")) {
            assertThatThrownBy(() -> ManifestJson.parse("m", json.replace("\"phase\" : \"run\"", "\"phase\" : " + bad)))
                    .as(bad).isInstanceOf(ManifestFormatException.class).hasMessageStartingWith("m: malformed manifest:")
                    .hasMessageNotContaining("\n");
        }
        assertThatThrownBy(() -> ManifestJson.parse("m", json.replace("\"phase\" : \"run\"", "\"phase\" : \"end\"")))
                .hasMessageContaining("unknown phase \"end\"");
    }

    static Manifest realManifest() {
        List<ManifestEntry> entries = List.of(
                new ManifestEntry("/usr/bin/ls", FileType.FILE, 0755, 0, 0, 138208, 1_000L, null, "7:42",
                        List.of(new Reason("exec", 101, "/usr/bin/ls", "open", "run"))),
                new ManifestEntry("/usr", FileType.DIRECTORY, 0755, 0, 0, 4096, 1_000L, null, null,
                        List.of(new Reason("parent-directory", 0, null, null, null))),
                new ManifestEntry("/lib64", FileType.SYMLINK, 0777, 0, 0, 9, 1_000L, "usr/lib64", null,
                        List.of(new Reason("symlink-on-path", 101, "/usr/bin/ls", "readlink", "run"))),
                new ManifestEntry("/srv/bad\udcff\n\u00e9", FileType.FILE, 0644, 33, 33, 3, 1_000L, null, null,
                        List.of(new Reason("strict", 102, "/bin/cat", "open", "run"))));
        return Manifest.of("/srv/root", "strict", List.of("ls"), List.of("/usr/bin/ls"), List.of("t.jsonl"), entries)
                .withProcesses(List.of(new ManifestProcess(101, 100, "/usr/bin/ls", List.of("ls", "-l"), Phase.RUN)));
    }

    private static byte[] flipBits(byte[] in, Random r) {
        byte[] b = in.clone();
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(b.length);
            if (r.nextBoolean()) {
                b[at] ^= (byte) (1 << r.nextInt(8));
            } else {
                b[at] = (byte) r.nextInt(256);
            }
        }
        return b;
    }

    private static byte[] editLines(List<String> lines, Random r) {
        List<String> l = new ArrayList<>(lines);
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n && !l.isEmpty(); i++) {
            int at = r.nextInt(l.size());
            switch (r.nextInt(3)) {
                case 0 -> l.remove(at);
                case 1 -> l.add(at, l.get(r.nextInt(l.size())));
                default -> l.set(at, l.get(at).substring(0, r.nextInt(l.get(at).length() + 1)));
            }
        }
        return String.join("\n", l).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] wrongTypes(List<String> lines, Random r) {
        List<String> l = new ArrayList<>(lines);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i).contains("\" : ")) {
                candidates.add(i);
            }
        }
        int at = candidates.get(r.nextInt(candidates.size()));
        Matcher m = Pattern.compile("\" : (.*?)(,?)$").matcher(l.get(at));
        if (m.find()) {
            String value = m.group(1);
            String replacement = WRONG_VALUES[r.nextInt(WRONG_VALUES.length)];
            if (value.equals("{") || value.equals("[")) {
                // an object or list opens here: keep the structure balanced by replacing the opener only
                replacement = value.equals("{") ? "[" : "{";
            }
            l.set(at, l.get(at).substring(0, m.start(1)) + replacement + m.group(2));
        }
        return String.join("\n", l).getBytes(StandardCharsets.UTF_8);
    }
}
