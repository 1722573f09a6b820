package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import depset.natives.LibC;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The names libfuse hands the callbacks become byte strings, one char per byte, exactly. */
@Tag("fuse") // native memory (jnr), no mount
class ByteNameCallbacksTest {
    /** The native buffers, kept reachable: jnr frees one whose object is collected. */
    private final List<Pointer> buffers = new ArrayList<>();

    @Test
    void aCStringBecomesItsBytesUpToTheNul() {
        Pointer p = inNativeMemory(new byte[] {'/', 'a', (byte) 0xff, (byte) 0xc3, (byte) 0xa9, 0x01, 0, 'z'});

        assertThat(ByteNameCallbacks.name(p)).isEqualTo("/a\u00ff\u00c3\u00a9\u0001");
    }

    @Test
    void theEmptyNameAndNoNameAtAll() {
        assertThat(ByteNameCallbacks.name(inNativeMemory(new byte[0]))).isEmpty();
        assertThat(ByteNameCallbacks.name(null)).isNull();
    }

    @Test
    void aNameWithoutNulStopsAtPathMax() {
        byte[] x = new byte[5000];
        java.util.Arrays.fill(x, (byte) 'x');

        assertThat(ByteNameCallbacks.name(inNativeMemory(x))).hasSize(4096).matches("x+");
    }

    /**
     * The bytes in zeroed native memory with room to spare, as the unbounded pointer a callback
     * gets (a bounded one refuses a search that may run past its end).
     */
    private Pointer inNativeMemory(byte[] bytes) {
        Pointer m = Memory.allocateDirect(LibC.RUNTIME, bytes.length + 4097, true);
        m.put(0, bytes, 0, bytes.length);
        buffers.add(m);
        return Pointer.wrap(LibC.RUNTIME, m.address());
    }
}
