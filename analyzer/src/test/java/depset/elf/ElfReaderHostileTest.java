package depset.elf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The reader on constructed hostile headers: offsets past the end or past 2^63, tables too large, strings unterminated. */
@Tag("unit")
class ElfReaderHostileTest {
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
}
