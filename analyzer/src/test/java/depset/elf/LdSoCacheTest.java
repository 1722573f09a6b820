package depset.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The cache parser on constructed caches: broken ones, and the new table after an old one. */
@Tag("unit")
class LdSoCacheTest {
    @Test
    void brokenCachesAreClearErrors() {
        assertThatThrownBy(() -> LdSoCache.parse("hello".getBytes(StandardCharsets.US_ASCII), "c"))
                .isInstanceOf(ElfFormatException.class).hasMessageContaining("not an ld.so.cache");
        ByteBuffer b = ByteBuffer.allocate(48 + 24).order(ByteOrder.LITTLE_ENDIAN);
        b.put(LdSoCache.MAGIC_NEW.getBytes(StandardCharsets.US_ASCII));
        b.putInt(20, 1_000_000);
        assertThatThrownBy(() -> LdSoCache.parse(b.array(), "c")).hasMessageContaining("entries announced");
        b.putInt(20, 1);
        b.putInt(48, 0x0303).putInt(52, 9999).putInt(56, 0);
        assertThatThrownBy(() -> LdSoCache.parse(b.array(), "c")).hasMessageContaining("past the end");
    }

    @Test
    void readsTheNewTableAfterAnOldOne() throws Exception {
        // Old header with one 12-byte entry (16 + 12 = 28, aligned to 32), then a new table of one entry.
        ByteBuffer b = ByteBuffer.allocate(32 + 48 + 24 + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(LdSoCache.MAGIC_OLD.getBytes(StandardCharsets.US_ASCII));
        b.putInt(12, 1);
        b.position(32);
        b.put(LdSoCache.MAGIC_NEW.getBytes(StandardCharsets.US_ASCII));
        b.putInt(32 + 20, 1);
        b.put(32 + 28, (byte) 2);
        int strings = 48 + 24; // offsets count from the new header
        b.putInt(32 + 48, 0x0303).putInt(32 + 52, strings).putInt(32 + 56, strings + 10);
        b.put(32 + strings, "libz.so.1\0/lib/libz.so.1\0".getBytes(StandardCharsets.US_ASCII));
        LdSoCache c = LdSoCache.parse(b.array(), "c");
        assertThat(c.lookup("libz.so.1")).containsExactly(new LdSoCache.Entry("libz.so.1", "/lib/libz.so.1", 0x0303, 0));
    }
}
