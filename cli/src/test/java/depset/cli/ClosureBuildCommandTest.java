package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.ManifestJson;
import depset.manifest.Reason;
import depset.meta.SourceRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** depset build --close elf on a root holding this machine's /usr/bin/true and libc, then depset why on the result. */
@Tag("host")
class ClosureBuildCommandTest {
    @TempDir
    Path dir;

    @Test
    void buildCloseWritesTheCompletedSetAndWhatEachClosureAdded() throws Exception {
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        assumeTrue(Files.isRegularFile(Path.of("/usr/bin/true")) && Files.isRegularFile(libc),
                "this machine is not an x86-64 Debian-like system");
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.copy(Path.of("/usr/bin/true"), root.resolve("usr/bin/true"));
        Files.copy(libc.toRealPath(), root.resolve("usr/lib/x86_64-linux-gnu/libc.so.6"));
        SourceRoot r = SourceRoot.of(root);
        Reason traced = new Reason("strict: touched", 5, "/usr/bin/true", "exec");
        List<ManifestEntry> entries = new ArrayList<>();
        for (String p : List.of("/usr", "/usr/bin", "/usr/bin/true")) {
            entries.add(r.entry(p, List.of(traced)));
        }
        Path set = dir.resolve("set.strict.json");
        ManifestJson.write(Manifest.of(root.toString(), "strict", List.of(), List.of("/usr/bin/true"), List.of(),
                entries), set);
        CliRun run = CliRun.of("build", set.toString(), "--close", "elf");
        assertThat(run.exit()).as(run.err()).isZero();
        Path closed = dir.resolve("set.strict+elf.json");
        assertThat(run.out()).contains("closures: ").contains(closed.toString()).contains("elf: ");
        Manifest m = ManifestJson.read(closed);
        assertThat(m.strategy()).isEqualTo("strict+elf");
        assertThat(m.entry("/usr/lib/x86_64-linux-gnu/libc.so.6").reasons().get(0).from()).isEqualTo("/usr/bin/true");
        // the loader itself is not in this root: a warning, not a failure
        assertThat(run.err()).contains("depset: warning: elf: /usr/bin/true needs the interpreter");
        CliRun why = CliRun.of("why", closed.toString(), "/usr/lib/x86_64-linux-gnu/libc.so.6");
        assertThat(why.out()).contains("rule elf: needed library").contains("needed by /usr/bin/true, in the set by rule"
                + " strict: touched").contains("by process 5");
    }
}
