package depset.build;

import static org.assertj.core.api.Assertions.assertThat;

import depset.fsops.PosixFiles;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repair adds what a run probed in vain, with parents and link targets. */
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
}
