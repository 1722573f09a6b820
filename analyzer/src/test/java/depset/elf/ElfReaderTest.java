package depset.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The reader on real files of this machine (checked against readelf) and on cut and hostile ones. */
@Tag("unit")
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

    @Test
    void truncatedHeaderSaysSo() {
        byte[] b = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0};
        assertThatThrownBy(() -> ElfReader.parse(b, "t")).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("ELF header").hasMessageContaining("runs past the end");
        assertThatThrownBy(() -> ElfReader.parse(new byte[3], "t")).hasMessageContaining("too short");
    }

    /** A minimal 64-bit little-endian header with one program header at 64, to be spoilt by each test. */
    private static ByteBuffer header(int size) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putShort(16, (short) ElfFile.ET_DYN);
        b.putShort(18, (short) ElfFile.EM_X86_64);
        b.putInt(20, 1);
        b.putLong(32, 64);      // e_phoff
        b.putShort(54, (short) 56);
        b.putShort(56, (short) 1);
        return b;
    }

    @Test
    void hostileOffsetsAndSizesAreErrors() {
        ByteBuffer huge = header(200);
        huge.putLong(32, Long.MAX_VALUE - 10);
        assertThatThrownBy(() -> ElfReader.parse(huge.array(), "h")).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("program header table");

        ByteBuffer negative = header(200);
        negative.putLong(32, -64);
        assertThatThrownBy(() -> ElfReader.parse(negative.array(), "h")).hasMessageContaining("e_phoff");

        ByteBuffer small = header(200);
        small.putShort(54, (short) 8);
        assertThatThrownBy(() -> ElfReader.parse(small.array(), "h")).hasMessageContaining("program header entries");

        ByteBuffer many = header(200);
        many.putShort(56, (short) 0xfffe);
        assertThatThrownBy(() -> ElfReader.parse(many.array(), "h")).hasMessageContaining("program header table");

        ByteBuffer xnum = header(200);
        xnum.putShort(56, (short) 0xffff); // PN_XNUM without section headers
        assertThatThrownBy(() -> ElfReader.parse(xnum.array(), "h")).hasMessageContaining("PN_XNUM");
    }

    @Test
    void hostileDynamicSectionIsAnError() {
        // PT_DYNAMIC at 120 with DT_NEEDED 5 and DT_STRTAB in no loaded segment
        ByteBuffer b = header(200);
        b.putInt(64, 2);           // p_type PT_DYNAMIC
        b.putLong(72, 120);        // p_offset
        b.putLong(96, 48);         // p_filesz
        b.putLong(120, 1).putLong(128, 5);   // DT_NEEDED
        b.putLong(136, 5).putLong(144, 0x4000); // DT_STRTAB
        assertThatThrownBy(() -> ElfReader.parse(b.array(), "d")).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("DT_STRTAB");

        ByteBuffer noStrtab = header(200);
        noStrtab.putInt(64, 2).putLong(72, 120).putLong(96, 16);
        noStrtab.putLong(120, 1).putLong(128, 5);
        assertThatThrownBy(() -> ElfReader.parse(noStrtab.array(), "d")).hasMessageContaining("no DT_STRTAB");

        ByteBuffer interp = header(200);
        interp.putInt(64, 3).putLong(72, 150).putLong(96, 10); // PT_INTERP without its NUL
        Arrays.fill(interp.array(), 150, 160, (byte) 'a');
        assertThatThrownBy(() -> ElfReader.parse(interp.array(), "i")).hasMessageContaining("PT_INTERP");
    }

    @Test
    void unknownClassOrByteOrderIsAnError() {
        ByteBuffer cls = header(100);
        cls.put(4, (byte) 7);
        assertThatThrownBy(() -> ElfReader.parse(cls.array(), "c")).hasMessageContaining("class");
        ByteBuffer order = header(100);
        order.put(5, (byte) 0);
        assertThatThrownBy(() -> ElfReader.parse(order.array(), "c")).hasMessageContaining("byte order");
    }

    static byte[] realProgram() throws IOException {
        Path p = Path.of("/usr/bin/true");
        return Files.readAllBytes(Files.isRegularFile(p) ? p : Path.of("/bin/sh"));
    }
}
