package depset.closure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import depset.elf.ElfReader;
import depset.explain.Why;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
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

/** The closures on constructed roots: real ELF files of this machine in a tree laid out as Debian's. */
@Tag("unit")
class ClosuresTest {
    private static final Reason TRACED = new Reason("strict: touched by an important process", 10, "/usr/bin/true",
            "exec");

    @TempDir
    Path tmp;

    private static Manifest set(Path root, String... paths) {
        SourceRoot r = SourceRoot.of(root);
        List<ManifestEntry> entries = new ArrayList<>();
        for (String p : paths) {
            entries.add(r.entry(p, List.of(TRACED)));
        }
        return Manifest.of(root.toString(), "strict", List.of(), List.of("/usr/bin/true"), List.of(), entries);
    }

    /** /usr/bin/true, libc and the loader of this machine, laid out as merged-/usr Debian has them. */
    private Path debianLikeRoot() throws Exception {
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        Path ld = Path.of("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
        assumeTrue(Files.isRegularFile(Path.of("/usr/bin/true")) && Files.isRegularFile(libc) && Files.isRegularFile(ld)
                && ElfReader.read(Path.of("/usr/bin/true")).needed().equals(List.of("libc.so.6")),
                "this machine is not an x86-64 Debian-like system");
        Path lib = tmp.resolve("usr/lib/x86_64-linux-gnu");
        Files.createDirectories(lib);
        Files.createDirectories(tmp.resolve("usr/bin"));
        Files.createDirectories(tmp.resolve("lib64"));
        Files.createSymbolicLink(tmp.resolve("lib"), Path.of("usr/lib"));
        Files.copy(Path.of("/usr/bin/true"), tmp.resolve("usr/bin/true"));
        Files.copy(libc.toRealPath(), lib.resolve("libc.so.6"));
        Files.copy(ld.toRealPath(), lib.resolve("ld-linux-x86-64.so.2"));
        Files.createSymbolicLink(tmp.resolve("lib64/ld-linux-x86-64.so.2"),
                Path.of("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
        Path passwd = ElfClosureFixtures.firstSetuid();
        if (passwd != null) {
            Files.copy(passwd, tmp.resolve("usr/bin/passwd"));
        }
        return tmp;
    }

    @Test
    void elfAddsTheLoaderAndLibrariesWithTheirLinksEachNamingWhoNeededIt() throws Exception {
        Path root = debianLikeRoot();
        boolean passwd = Files.exists(root.resolve("usr/bin/passwd"));
        Manifest start = passwd ? set(root, "/usr", "/usr/bin", "/usr/bin/true", "/usr/bin/passwd")
                : set(root, "/usr", "/usr/bin", "/usr/bin/true");
        Closures.Result r = Closures.apply(start, List.of(new ElfClosure()), root);
        Manifest m = r.manifest();
        assertThat(m.strategy()).isEqualTo("strict+elf");
        assertThat(m.entry("/usr/lib/x86_64-linux-gnu/libc.so.6").reasons()).first().satisfies(x -> {
            assertThat(x.rule()).isEqualTo(ElfClosure.RULE_NEEDED);
            assertThat(x.from()).isIn("/usr/bin/true", "/usr/bin/passwd");
            assertThat(x.operation()).contains("libc.so.6").contains("default path");
        });
        assertThat(m.entry("/lib").type()).isEqualTo(FileType.SYMLINK);
        assertThat(m.entry("/lib64/ld-linux-x86-64.so.2").type()).isEqualTo(FileType.SYMLINK);
        assertThat(m.entry("/lib64").reasons()).first().extracting(Reason::rule).isEqualTo("elf: parent directory");
        assertThat(m.entry("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2").reasons().get(0).rule())
                .isEqualTo(ElfClosure.RULE_INTERPRETER);
        // Every added entry names the closure and an entry of the set that needed it.
        for (ManifestEntry e : m.entries()) {
            if (start.entry(e.path()) == null) {
                assertThat(e.reasons()).allSatisfy(x -> {
                    assertThat(x.rule()).startsWith("elf: ");
                    assertThat(x.from()).isNotNull();
                    assertThat(m.entry(x.from())).as(x.from()).isNotNull();
                });
            } else {
                assertThat(e).isEqualTo(start.entry(e.path()));
            }
        }
        if (passwd) {
            assertThat(r.warnings()).anyMatch(w -> w.contains("/usr/bin/passwd needs") && w.contains("would not find"));
        }
        assertThat(ClosureCost.of(m)).singleElement().satisfies(c -> {
            assertThat(c.closure()).isEqualTo("elf");
            assertThat(c.files()).isEqualTo(m.entries().size() - start.entries().size());
            assertThat(c.bytes()).isEqualTo(Files.size(root.resolve("usr/lib/x86_64-linux-gnu/libc.so.6"))
                    + Files.size(root.resolve("usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")));
        });
        // why prints the chain down to the traced reason
        List<String> why = Why.explainEntry(m, "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
        assertThat(String.join("\n", why)).contains("rule elf: interpreter").containsPattern("needed by /usr/bin/"
                + "(true|passwd), in the set by rule strict");
        List<String> whyLib = Why.explainEntry(m, "/lib64");
        assertThat(String.join("\n", whyLib)).contains("elf: parent directory")
                .contains("needed by /lib64/ld-linux-x86-64.so.2, in the set by rule elf: interpreter")
                .containsPattern("\n +needed by /usr/bin/(true|passwd), in the set by rule strict");
    }

    @Test
    void elfWarnsAboutABrokenElfFileAndAMissingInterpreter() throws Exception {
        Path root = debianLikeRoot();
        byte[] prog = Files.readAllBytes(root.resolve("usr/bin/true"));
        Files.write(root.resolve("usr/bin/cut"), java.util.Arrays.copyOf(prog, 70));
        Files.delete(root.resolve("lib64/ld-linux-x86-64.so.2"));
        Closures.Result r = Closures.apply(set(root, "/usr", "/usr/bin", "/usr/bin/true", "/usr/bin/cut"),
                List.of(new ElfClosure()), root);
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("elf: /usr/bin/cut cannot be read as ELF"))
                .anyMatch(w -> w.contains("needs the interpreter /lib64/ld-linux-x86-64.so.2"));
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
