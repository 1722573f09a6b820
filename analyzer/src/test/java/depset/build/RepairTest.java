package depset.build;

import static org.assertj.core.api.Assertions.assertThat;

import depset.fsops.PosixFiles;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repair adds what a run probed in vain, with parents and link targets, and the loop stops at a fixpoint. */
@Tag("unit")
class RepairTest {
    @TempDir
    Path src;

    @Test
    void addsTheProbedFileItsParentsAndTheChainOfLinksItPointsThrough() throws Exception {
        Files.createDirectories(src.resolve("usr/lib/x"));
        Files.writeString(src.resolve("usr/lib/x/libz.so.1.2"), "z");
        Files.createSymbolicLink(src.resolve("usr/lib/x/libz.so.1"), Path.of("libz.so.1.2"));
        Files.createSymbolicLink(src.resolve("usr/lib/libz.so"), Path.of("../../usr/lib/x/libz.so.1"));
        SourceTree source = new SourceTree(src, PosixFiles.jdkOnly());
        Manifest empty = Manifest.of(src.toString(), "strict", List.of(), List.of("/bin/true"), List.of(), List.of());

        Repair.Step step = Repair.extend(empty, List.of(new MissingFile("/usr/lib/libz.so", 42, "/bin/app", "getattr"),
                new MissingFile("/usr/lib/not-in-source", 42, "/bin/app", "getattr")), source, 3);

        assertThat(step.manifest().entries()).extracting(ManifestEntry::path).containsExactly(
                "/usr", "/usr/lib", "/usr/lib/libz.so", "/usr/lib/x", "/usr/lib/x/libz.so.1", "/usr/lib/x/libz.so.1.2");
        assertThat(step.added()).isEqualTo(6);
        assertThat(step.manifest().entry("/usr/lib/libz.so").reasons().get(0).rule())
                .isEqualTo("repair round 3: process 42 (/bin/app) probed it");
        assertThat(step.manifest().entry("/usr/lib/x/libz.so.1.2").reasons().get(0).rule())
                .isEqualTo("repair round 3: symlink target of /usr/lib/x/libz.so.1");
        assertThat(Repair.resolve("/a/b", "../../../../etc")).isEqualTo("/etc");
    }

    @Test
    void theLoopAddsUntilThePretendRunPassesAndStopsWhenNothingNewTurnsUp() throws Exception {
        for (String f : List.of("lib/one", "lib/two", "lib/three")) {
            Files.createDirectories(src.resolve(f).getParent());
            Files.writeString(src.resolve(f), f);
        }
        SourceTree source = new SourceTree(src, PosixFiles.jdkOnly());
        Manifest start = Manifest.of(src.toString(), "strict", List.of(), List.of("/bin/app"), List.of(), List.of());
        // A program that needs lib/one, then (once it has it) lib/two: each run reveals one more.
        List<String> needs = List.of("/lib/one", "/lib/two");
        RepairLoop.Outcome o = RepairLoop.run(start, source, (set, round) -> {
            List<MissingFile> missing = new ArrayList<>();
            for (String n : needs) {
                if (set.entry(n) == null) {
                    missing.add(new MissingFile(n, 7, "/bin/app", "getattr"));
                    break;
                }
            }
            return VerifyResult.judge(0, missing.isEmpty() ? 0 : 1, null, missing, List.of(), round);
        }, 10);
        assertThat(o.stop()).isEqualTo("pass");
        assertThat(o.rounds()).hasSize(3);
        assertThat(o.manifest().strategy()).isEqualTo("auto");
        Set<String> paths = new TreeSet<>();
        o.manifest().entries().forEach(e -> paths.add(e.path()));
        assertThat(paths).containsExactly("/lib", "/lib/one", "/lib/two");

        RepairLoop.Outcome stuck = RepairLoop.run(start, source, (set, round) ->
                VerifyResult.judge(0, 1, null, List.of(), List.of(), round), 10);
        assertThat(stuck.stop()).isEqualTo("nothing new");
        assertThat(stuck.rounds()).hasSize(1);
        assertThat(stuck.result().lines().get(0)).isEqualTo("FAIL: exit status 1, expected 0");
    }
}
