package depset.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The reader on real files of this machine, checked against readelf, and on every cut of one. */
@Tag("host")
class ElfReaderTest {
    /** Libraries Debian ships with a DT_RUNPATH, and a program with $ORIGIN in its DT_RPATH. */
    static final List<String> WITH_RUNPATH = List.of("/usr/lib/x86_64-linux-gnu/libpulse.so.0",
            "/usr/lib/x86_64-linux-gnu/libLLVM-15.so.1", "/usr/lib/x86_64-linux-gnu/libLLVM-14.so.1");
    static final List<String> WITH_RPATH = List.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    static final List<String> SETUID = List.of("/usr/bin/passwd", "/usr/bin/su", "/usr/bin/mount", "/bin/su");

    static Path first(List<String> candidates) {
        for (String c : candidates) {
            if (Files.isRegularFile(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }

    private static void matchesReadelf(Path file) throws Exception {
        assumeTrue(Readelf.available(), "readelf (binutils) is not installed");
        Readelf.Facts r = Readelf.of(file);
        ElfFile e = ElfReader.read(file);
        assertThat(e.needed()).isEqualTo(r.needed());
        assertThat(e.soname()).isEqualTo(r.soname());
        assertThat(e.rpath().isEmpty() ? null : String.join(":", e.rpath())).isEqualTo(r.rpath());
        assertThat(e.runpath().isEmpty() ? null : String.join(":", e.runpath())).isEqualTo(r.runpath());
        assertThat(e.interpreter()).isEqualTo(r.interpreter());
        assertThat(e.dynamic()).isEqualTo(r.dynamic());
    }

    @Test
    void libraryWithRunpath() throws Exception {
        Path lib = first(WITH_RUNPATH);
        assumeTrue(lib != null, "no library with a RUNPATH among " + WITH_RUNPATH);
        matchesReadelf(lib);
        ElfFile e = ElfReader.read(lib);
        assertThat(e.runpath()).isNotEmpty();
        assertThat(e.type()).isEqualTo(ElfFile.ET_DYN);
        assertThat(e.interpreter()).isNull();
    }

    @Test
    void programWithOriginRpath() throws Exception {
        Path java = first(WITH_RPATH);
        assumeTrue(java != null, "no program with an $ORIGIN RPATH among " + WITH_RPATH);
        matchesReadelf(java);
        assertThat(ElfReader.read(java).rpath()).anyMatch(p -> p.contains("$ORIGIN"));
    }

    @Test
    void setuidProgram() throws Exception {
        Path su = first(SETUID);
        assumeTrue(su != null && Files.getPosixFilePermissions(su).contains(PosixFilePermission.OWNER_EXECUTE),
                "no setuid program among " + SETUID);
        assumeTrue(Files.isReadable(su), su + " is not readable");
        matchesReadelf(su);
        ElfFile e = ElfReader.read(su);
        assertThat(e.interpreter()).startsWith("/");
        assertThat(e.needed()).contains("libc.so.6");
        assertThat(e.is64()).isTrue();
    }

    @Test
    void staticProgram() throws Exception {
        Path bb = Path.of("/bin/busybox");
        assumeTrue(Files.isRegularFile(bb), "busybox-static is not installed");
        matchesReadelf(bb);
        ElfFile e = ElfReader.read(bb);
        assertThat(e.needed()).isEmpty();
        assertThat(e.interpreter()).isNull();
    }

    @Test
    void everyProgramInUsrBinMatchesReadelf() throws Exception {
        assumeTrue(Readelf.available(), "readelf (binutils) is not installed");
        try (Stream<Path> s = Files.list(Path.of("/usr/bin"))) {
            List<Path> elves = s.filter(Files::isRegularFile).filter(Files::isReadable).filter(ElfReader::isElf)
                    .sorted().limit(40).toList();
            assumeTrue(!elves.isEmpty(), "no ELF program in /usr/bin");
            for (Path p : elves) {
                matchesReadelf(p);
            }
        }
    }

    @Test
    void nonElfFileIsToldApart() throws Exception {
        Path text = Path.of("/etc/hostname").toFile().exists() ? Path.of("/etc/hostname") : Path.of("/etc/passwd");
        assertThat(ElfReader.isElf(text)).isFalse();
        assertThatThrownBy(() -> ElfReader.read(text)).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining(text.toString());
        assertThat(ElfReader.isElf(Path.of("/nonexistent/depset"))).isFalse();
    }

    @Test
    void everyCutOfARealProgramIsAnErrorOrAResultNeverACrash() throws Exception {
        Path su = first(SETUID);
        Path prog = su != null && Files.isReadable(su) ? su : Path.of("/bin/sh");
        byte[] all = Files.readAllBytes(prog);
        ElfFile whole = ElfReader.parse(all, "whole");
        int errors = 0;
        for (int len = 0; len < all.length; len += len < 8192 ? 1 : 997) {
            try {
                ElfFile e = ElfReader.parse(Arrays.copyOf(all, len), "cut");
                // What parses from a prefix is what the whole file says, or nothing of the dynamic part yet.
                assertThat(e.needed()).isSubsetOf(whole.needed());
            } catch (ElfFormatException e) {
                errors++;
                assertThat(e.getMessage()).startsWith("cut: ");
            }
        }
        assertThat(errors).isPositive();
    }

    static byte[] realProgram() throws IOException {
        Path p = Path.of("/usr/bin/true");
        return Files.readAllBytes(Files.isRegularFile(p) ? p : Path.of("/bin/sh"));
    }
}
