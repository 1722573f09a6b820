package depset.closure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.meta.DpkgDatabases;
import depset.meta.MiniDebian;
import depset.meta.SourceRoot;
import depset.trace.FileType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packages and dirs closures on a constructed Debian root, and composed strategy names. */
@Tag("unit")
class ClosuresTest {
    private static final Reason TRACED = new Reason("strict: touched by an important process", 10, "/usr/bin/true",
            "exec");

    @TempDir
    Path tmp;

    static Manifest set(Path root, String... paths) {
        SourceRoot r = SourceRoot.of(root);
        List<ManifestEntry> entries = new ArrayList<>();
        for (String p : paths) {
            entries.add(r.entry(p, List.of(TRACED)));
        }
        return Manifest.of(root.toString(), "strict", List.of(), List.of("/usr/bin/true"), List.of(), entries);
    }

    @Test
    void packagesCompletesTheUsedPackagesOfTheChosenKinds() throws Exception {
        Path root = MiniDebian.build(tmp);
        Manifest start = set(root, "/usr", "/usr/bin", "/usr/bin/ls");
        Closures.Result all = Closures.apply(start, List.of(Closures.named("packages", ClosureOptions.DEFAULT)), root);
        assertThat(all.manifest().entry("/usr/share/doc/coreutils/copyright")).isNull(); // docs are left out
        assertThat(all.manifest().entry("/bin").reasons().get(0)).satisfies(x -> {
            assertThat(x.rule()).isEqualTo(PackageClosure.RULE);
            assertThat(x.operation()).isEqualTo("package coreutils");
            assertThat(x.from()).isEqualTo("/usr/bin/ls");
        });
        assertThat(all.manifest().entry("/usr/bin/vim.basic")).isNull(); // vim is not used
        ClosureOptions docs = new ClosureOptions(List.of("coreutils", "vim"), Set.of(PackageFileKind.DOCS), List.of());
        Closures.Result some = Closures.apply(start, List.of(Closures.named("packages", docs)), root);
        assertThat(some.manifest().entry("/usr/share/doc/coreutils/copyright").reasons().get(0).from())
                .isEqualTo("/usr/bin/ls");
        assertThat(some.warnings()).containsExactly("packages: the set uses no file of vim; not completed");
    }

    @Test
    void severalSetsCompletedWithOneCommandsDatabasesReadTheSourcesDatabaseOnce() throws Exception {
        Path root = MiniDebian.build(tmp);
        List<Closure> packages = List.of(Closures.named("packages", ClosureOptions.DEFAULT));
        Manifest ls = set(root, "/usr", "/usr/bin", "/usr/bin/ls");
        Manifest alone = Closures.apply(ls, packages, root).manifest();

        DpkgDatabases databases = new DpkgDatabases();
        Manifest first = Closures.apply(ls, packages, root, databases).manifest();
        assertThat(first.entries()).isEqualTo(alone.entries());
        // The database changes on disk after the first set: the command's second set is completed
        // from what it read for the first (one database per command), a new command reads it again.
        Files.delete(root.resolve("var/lib/dpkg/info/coreutils.list"));
        Manifest second = Closures.apply(ls, packages, root.resolve("usr/.."), databases).manifest();
        assertThat(second.entries()).as("the same root, spelt otherwise").isEqualTo(alone.entries());
        assertThat(Closures.apply(ls, packages, root).manifest().entry("/bin")).isNull();
    }

    @Test
    void dirsCompletesADirectoryWithoutFollowingLinksOutOfIt() throws Exception {
        Path root = MiniDebian.build(tmp);
        Manifest start = set(root, "/usr", "/usr/bin", "/usr/bin/ls");
        ClosureOptions o = new ClosureOptions(List.of(), Set.of(), List.of("/usr/share/doc", "/nonexistent"));
        Closures.Result r = Closures.apply(start, List.of(Closures.named("dirs", o)), root);
        Manifest m = r.manifest();
        assertThat(m.entry("/usr/share/doc/vim").type()).isEqualTo(FileType.SYMLINK);
        assertThat(m.entry("/usr/share/doc/libc6/copyright").reasons().get(0)).satisfies(x -> {
            assertThat(x.rule()).isEqualTo(DirectoryClosure.RULE);
            assertThat(x.from()).isEqualTo("/usr/share/doc");
        });
        assertThat(m.entry("/usr/share/doc").reasons().get(0).rule()).isEqualTo(DirectoryClosure.RULE_NAMED);
        assertThat(m.entry("/usr/share").reasons().get(0).rule()).isEqualTo("dirs: parent directory");
        assertThat(r.warnings()).containsExactly("dirs: /nonexistent is not a directory in the source root");
        assertThatThrownBy(() -> Closures.named("dirs", ClosureOptions.DEFAULT)).hasMessageContaining("--dirs");
    }

    @Test
    void strategyNamesCompose() {
        assertThat(ComposedStrategy.parse("auto+elf")).isEqualTo(new ComposedStrategy("auto", List.of("elf")));
        assertThat(ComposedStrategy.parse(" strict+elf+dirs ").name()).isEqualTo("strict+elf+dirs");
        assertThat(ComposedStrategy.parse("execd").closures()).isEmpty();
        assertThatThrownBy(() -> ComposedStrategy.parse("auto+zip")).hasMessageContaining("unknown closure \"zip\"")
                .hasMessageContaining("elf, packages, dirs");
        assertThatThrownBy(() -> ComposedStrategy.parse("auto+elf+elf")).hasMessageContaining("twice");
        assertThatThrownBy(() -> ComposedStrategy.parse("+elf")).hasMessageContaining("no strategy");
    }
}
