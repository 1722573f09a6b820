package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.meta.SourceRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closures from the command line: composed strategy names in analyze, --close in build, and their usage errors. */
@Tag("unit")
class ClosureCommandsTest {
    private static final Path SEQUENCE = Path.of("../analyzer/src/test/resources/traces/sequence-constructed.jsonl");

    @TempDir
    Path dir;

    @Test
    void badClosureNamesAndMissingChoicesAreUsageErrors() {
        String out = dir.resolve("s.json").toString();
        CliRun zip = CliRun.of("analyze", SEQUENCE.toString(), "-s", "strict+zip", "--important", "ls", "-o", out);
        assertThat(zip.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(zip.err()).contains("unknown closure \"zip\"").doesNotContain("Exception");
        CliRun dirs = CliRun.of("analyze", SEQUENCE.toString(), "-s", "strict+dirs", "--important", "ls", "-o", out);
        assertThat(dirs.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(dirs.err()).contains("--dirs");
        CliRun auto = CliRun.of("analyze", SEQUENCE.toString(), "-s", "auto+elf", "--important", "ls", "-o", out);
        assertThat(auto.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(auto.err()).contains("depset build --repair --close elf");
        CliRun kind = CliRun.of("analyze", SEQUENCE.toString(), "-s", "strict+packages", "--package-files", "fonts",
                "--important", "ls", "-o", out);
        assertThat(kind.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(kind.err()).contains("unknown kind of package file \"fonts\"");
        assertThat(Files.exists(Path.of(out))).isFalse();
    }

    @Test
    void aClosureNeedsTheSourceRoot() {
        // The recorded trace's source root is not on this machine.
        CliRun run = CliRun.of("analyze", SEQUENCE.toString(), "-s", "strict+elf", "--important", "ls", "-o",
                dir.resolve("s.json").toString());
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("closures read the source root").doesNotContain("Exception");
    }
}
