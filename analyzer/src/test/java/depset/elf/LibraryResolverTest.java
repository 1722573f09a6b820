package depset.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import depset.meta.SourceRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver on this machine's root, checked against where the real loader maps each library
 * ({@code ldd}: the test's oracle, never the product's way), and on a constructed root.
 */
@Tag("host")
class LibraryResolverTest {
    @TempDir
    Path tmp;

    private static Map<String, String> ldd(Path file) throws Exception {
        Process p = new ProcessBuilder("ldd", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] parts = line.strip().split(" => ");
            if (parts.length == 2 && parts[1].startsWith("/")) {
                m.put(parts[0], parts[1].substring(0, parts[1].indexOf(" (")));
            }
        }
        return m;
    }

    private static void resolvesAsTheLoader(Path file) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ldd")), "ldd is not installed");
        SourceRoot root = SourceRoot.of(Path.of("/"));
        LibraryResolver r = new LibraryResolver(root, LdSoCache.parse(Files.readAllBytes(Path.of("/etc/ld.so.cache")),
                "cache"));
        ElfFile elf = ElfReader.read(file);
        LibraryResolver.Loaded self = new LibraryResolver.Loaded(file.toString(), file.toRealPath().toString(), elf,
                null, false);
        Map<String, String> loader = ldd(file);
        assertThat(loader).isNotEmpty();
        for (String needed : elf.needed()) {
            List<String> searched = new ArrayList<>();
            LibraryResolver.Found f = r.resolve(needed, self, searched);
            assertThat(f).as(needed + " (searched " + searched + ")").isNotNull();
            assertThat(Path.of(f.real())).as(needed).isEqualTo(Path.of(loader.get(needed)).toRealPath());
        }
    }

    @Test
    void libraryFoundThroughItsRunpath() throws Exception {
        Path lib = ElfReaderTest.first(ElfReaderTest.WITH_RUNPATH);
        assumeTrue(lib != null, "no library with a RUNPATH among " + ElfReaderTest.WITH_RUNPATH);
        resolvesAsTheLoader(lib);
    }

    @Test
    void libraryFoundThroughOriginRpath() throws Exception {
        Path java = ElfReaderTest.first(ElfReaderTest.WITH_RPATH);
        assumeTrue(java != null, "no program with an $ORIGIN RPATH");
        resolvesAsTheLoader(java);
    }

    @Test
    void setuidProgramsLibraries() throws Exception {
        Path su = ElfReaderTest.first(ElfReaderTest.SETUID);
        assumeTrue(su != null && Files.isReadable(su), "no readable setuid program");
        resolvesAsTheLoader(su);
    }

    @Test
    void defaultPathsAndOriginInAConstructedRoot() throws Exception {
        Path java = ElfReaderTest.first(ElfReaderTest.WITH_RPATH);
        assumeTrue(java != null, "no program with an $ORIGIN RPATH");
        Files.createDirectories(tmp.resolve("opt/j/bin"));
        Files.createDirectories(tmp.resolve("opt/j/lib"));
        Files.createDirectories(tmp.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createSymbolicLink(tmp.resolve("lib"), Path.of("usr/lib"));
        Files.copy(java, tmp.resolve("opt/j/bin/java"));
        Files.copy(java.getParent().resolve("../lib/libjli.so"), tmp.resolve("opt/j/lib/libjli.so"));
        Files.copy(Path.of("/lib/x86_64-linux-gnu/libc.so.6"), tmp.resolve("usr/lib/x86_64-linux-gnu/libc.so.6"));
        // a file of the right name but not ELF, earlier on the path: the loader passes over it
        Files.writeString(tmp.resolve("opt/j/bin/libc.so.6"), "not ELF");
        LibraryResolver r = new LibraryResolver(SourceRoot.of(tmp), LdSoCache.empty());
        ElfFile elf = ElfReader.read(tmp.resolve("opt/j/bin/java"));
        LibraryResolver.Loaded self = new LibraryResolver.Loaded("/opt/j/bin/java", "/opt/j/bin/java", elf, null, false);
        List<String> searched = new ArrayList<>();
        LibraryResolver.Found jli = r.resolve("libjli.so", self, searched);
        assertThat(jli.path()).isEqualTo("/opt/j/bin/../lib/libjli.so");
        assertThat(jli.real()).isEqualTo("/opt/j/lib/libjli.so");
        assertThat(jli.via()).isEqualTo("RPATH");
        LibraryResolver.Found libc = r.resolve("libc.so.6", self, searched);
        assertThat(libc.path()).isEqualTo("/lib/x86_64-linux-gnu/libc.so.6");
        assertThat(libc.links()).containsExactly("/lib");
        assertThat(libc.via()).isEqualTo("default path");
        // setuid: $ORIGIN is not expanded, so libjli is not found
        LibraryResolver.Loaded secure = new LibraryResolver.Loaded("/opt/j/bin/java", "/opt/j/bin/java", elf, null, true);
        searched.clear();
        assertThat(r.resolve("libjli.so", secure, searched)).isNull();
        assertThat(searched).contains("/lib/x86_64-linux-gnu", "/usr/lib");
    }
}
