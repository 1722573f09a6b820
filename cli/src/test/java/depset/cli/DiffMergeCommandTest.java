package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestJson;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class DiffMergeCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, ManifestEntry... entries) throws Exception {
        Path p = dir.resolve(name);
        ManifestJson.write(Manifest.of("/root", "strict", List.of(), List.of("/bin/true"), List.of(), List.of(entries)), p);
        return p;
    }

    private static ManifestEntry file(String path, long size) {
        return new ManifestEntry(path, FileType.FILE, 0644, 0, 0, size, 0, null, null,
                List.of(new Reason("strict", 1, "/bin/sh", "open")));
    }

    @Test
    void diffExitsZeroWhenEqualAndOneWhenDifferent() throws Exception {
        Path a = write("a.json", file("/x", 1));
        Path a2 = write("a2.json", file("/x", 1));
        Path b = write("b.json", file("/x", 1), file("/y", 5));
        CliRun same = CliRun.of("diff", a.toString(), a2.toString());
        assertThat(same.exit()).isEqualTo(ExitCode.OK);
        assertThat(same.out()).contains("equal");
        CliRun differ = CliRun.of("diff", a.toString(), b.toString());
        assertThat(differ.exit()).isEqualTo(ExitCode.NEGATIVE);
        assertThat(differ.out()).contains("+ /y  file 0644 0:0 5 B").contains("1 added, 0 removed, 0 changed");
        CliRun json = CliRun.of("diff", "--json", a.toString(), b.toString());
        assertThat(json.exit()).isEqualTo(ExitCode.NEGATIVE);
        assertThat(json.out()).contains("\"added\"").contains("\"/y\"").contains("\"bytesGained\" : 5");
    }

    @Test
    void diffOfAMissingOrBrokenFileIsOneLineAndBadInput() throws Exception {
        Path a = write("a.json", file("/x", 1));
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{ nope");
        CliRun missing = CliRun.of("diff", a.toString(), dir.resolve("none.json").toString());
        assertThat(missing.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missing.err()).startsWith("depset: ").contains("none.json").hasLineCount(1);
        CliRun bad = CliRun.of("diff", a.toString(), broken.toString());
        assertThat(bad.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("broken.json").hasLineCount(1);
    }

    @Test
    void mergeWritesTheUnionAndRefusesConflicts() throws Exception {
        Path a = write("a.json", file("/x", 1));
        Path b = write("b.json", file("/x", 1), file("/y", 5));
        Path c = write("c.json", file("/y", 6));
        Path out = dir.resolve("m.json");
        CliRun ok = CliRun.of("merge", a.toString(), b.toString(), "-o", out.toString());
        assertThat(ok.exit()).isEqualTo(ExitCode.OK);
        Manifest m = ManifestJson.read(out);
        assertThat(m.entries()).extracting(ManifestEntry::path).containsExactly("/x", "/y");
        assertThat(m.entry("/x").reasons()).extracting(Reason::run).containsExactly("a.json", "b.json");

        CliRun conflict = CliRun.of("merge", b.toString(), c.toString(), "-o", dir.resolve("n.json").toString());
        assertThat(conflict.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(conflict.err()).isEqualTo("depset: /y: b.json and c.json disagree (size 5 vs 6)\n");
        assertThat(dir.resolve("n.json")).doesNotExist();
    }
}
