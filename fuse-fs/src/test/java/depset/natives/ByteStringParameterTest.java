package depset.natives;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A byte string reaches C as exactly its bytes, one per char. */
@Tag("unit")
class ByteStringParameterTest {
    @Test
    void everyCharFrom0To255IsThatByte() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 256; c++) {
            all.append(c);
        }
        ByteBuffer b = ByteStringParameter.INSTANCE.toNative(all, null);

        assertThat(b.remaining()).isEqualTo(256);
        for (int i = 0; i < 256; i++) {
            assertThat(b.get(i) & 0xff).as("char %d", i).isEqualTo(i);
        }
    }

    @Test
    void aCharNoByteStringHoldsBecomesAQuestionMarkAsJnrsOwnEncoderMadeIt() {
        ByteBuffer b = ByteStringParameter.INSTANCE.toNative("a\u4e2db", null);

        assertThat(b.array()).containsExactly('a', '?', 'b');
    }

    @Test
    void nullStaysNull() {
        assertThat(ByteStringParameter.INSTANCE.toNative(null, null)).isNull();
    }
}
