package depset.closure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import depset.elf.ElfReader;
import depset.explain.Why;
import depset.manifest.Manifest;
import depset.manifest.ManifestEntry;
import depset.manifest.Reason;
import depset.trace.FileType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packages and dirs closures on a constructed Debian root, and composed strategy names. */
/** The elf closure on a constructed root: real ELF files of this machine laid out as merged-/usr Debian has them. */
@Tag("host")
class ElfClosureTest {
    @TempDir
    Path tmp;

    private static Manifest set(Path root, String... paths) {
        return ClosuresTest.set(root, paths);
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
}
