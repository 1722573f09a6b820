package depset.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Names are bytes: every byte string has one string form, which the trace keeps exactly. */
@Tag("unit")
class FileNamesTest {
    @Test
    void validUtf8IsItsTextAndOtherBytesAreLoneLowSurrogates() {
        assertThat(FileNames.fromBytes("\u00e9t\u00e9/\ud83d\ude00".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("\u00e9t\u00e9/\ud83d\ude00");
        assertThat(FileNames.fromBytes(new byte[] {'a', (byte) 0xff, 'b'})).isEqualTo("a\udcffb");
        // An encoded surrogate and an overlong form are not UTF-8: escaped byte by byte.
        assertThat(FileNames.fromBytes(new byte[] {(byte) 0xed, (byte) 0xb3, (byte) 0xbf}))
                .isEqualTo("\udced\udcb3\udcbf");
        assertThat(FileNames.fromBytes(new byte[] {(byte) 0xc0, (byte) 0xaf})).isEqualTo("\udcc0\udcaf");
        // A sequence cut short by the end of the name.
        assertThat(FileNames.fromBytes(new byte[] {'x', (byte) 0xe2, (byte) 0x82})).isEqualTo("x\udce2\udc82");
    }

    @Test
    void aByteStringIsAsciiWhenEveryCharIsBelow0x80() {
        for (char c = 0; c < 256; c++) {
            assertThat(FileNames.isAsciiByteString("path/" + c + "/x")).as("char %d", (int) c).isEqualTo(c < 0x80);
        }
        assertThat(FileNames.isAsciiByteString("")).isTrue();
        Random r = new Random(80);
        for (int i = 0; i < 20_000; i++) {
            char[] cs = new char[r.nextInt(12)];
            for (int j = 0; j < cs.length; j++) {
                cs[j] = (char) (r.nextInt(8) == 0 ? r.nextInt(256) : r.nextInt(0x80));
            }
            String s = new String(cs);
            assertThat(FileNames.isAsciiByteString(s)).as(s).isEqualTo(s.chars().allMatch(c -> c < 0x80));
            assertThat(FileNames.fromNative(s)).isEqualTo(FileNames.fromBytes(s.getBytes(StandardCharsets.ISO_8859_1)));
        }
    }

    @Test
    void randomByteStringsRoundTripThroughTheStringFormAndTheNativeForm() {
        Random r = new Random(8);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            if (i % 3 == 0) { // mostly-valid UTF-8 with some damage
                b = ("\u00e9\u4e2d" + i).getBytes(StandardCharsets.UTF_8);
                if (b.length > 0 && i % 2 == 0) {
                    b[r.nextInt(b.length)] ^= (byte) 0x40;
                }
            }
            String s = FileNames.fromBytes(b);
            assertThat(FileNames.isValid(s)).isTrue();
            assertThat(FileNames.toBytes(s)).isEqualTo(b);
            String nat = new String(b, StandardCharsets.ISO_8859_1);
            assertThat(FileNames.fromNative(nat)).isEqualTo(s);
            assertThat(FileNames.toNative(s)).isEqualTo(nat);
        }
    }

    @Test
    void stringsThatStandForNoBytesAreRefused() {
        assertThat(FileNames.isValid("a\ud800b")).isFalse();
        assertThat(FileNames.isValid("a\udc7fb")).isFalse();
        assertThatThrownBy(() -> FileNames.toBytes("\ude00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTraceKeepsEveryNameExactlyAndRefusesASurrogateThatIsNoByte() throws Exception {
        Random r = new Random(5);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] b = new byte[1 + r.nextInt(255)];
            r.nextBytes(b);
            for (int k = 0; k < b.length; k++) {
                if (b[k] == 0 || b[k] == '/') {
                    b[k] = 'x'; // one component: a name holds neither
                }
            }
            names.add("/" + FileNames.fromBytes(b));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TraceWriter w = TraceWriter.to(out, new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, "/",
                "2026-01-01T00:00:00Z", "h", "v", List.of()), 1 << 10)) {
            for (String n : names) {
                w.record(seq -> new FileEvent(seq, 1, Op.OPEN, n, n, 1, 1, 1, 1, 0, 0, 0, 0));
            }
            w.finish(0);
        }
        byte[] trace = out.toByteArray();
        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(trace)); // the file is UTF-8 text
        List<String> read = new ArrayList<>();
        try (TraceReader in = TraceReader.of("t", new ByteArrayInputStream(trace))) {
            for (TraceEvent e : in) {
                read.add(((FileEvent) e).path());
                assertThat(((FileEvent) e).path2()).isEqualTo(((FileEvent) e).path());
            }
            assertThat(in.isComplete()).isTrue();
        }
        assertThat(read).isEqualTo(names);

        String bad = new String(trace, StandardCharsets.UTF_8).replaceFirst("\"path\":\"/", "\"path\":\"/\\\\ud800");
        assertThatThrownBy(() -> {
            try (TraceReader in = TraceReader.of("t", new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)))) {
                in.forEach(e -> { });
            }
        }).isInstanceOf(TraceFormatException.class).hasMessageContaining("lone surrogate");
    }
}
