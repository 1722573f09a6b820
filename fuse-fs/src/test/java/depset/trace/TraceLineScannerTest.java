package depset.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reader's fast path must agree with Jackson on every line it accepts (and decline the rest):
 * a differential property test over the writer's own lines and mutations of them (byte changes,
 * cuts, whitespace, odd numbers, escapes, unknown and repeated fields).
 */
@Tag("unit")
class TraceLineScannerTest {
    private static final String[] ODD_VALUES = {"null", "true", "false", "\"x\"", "[]", "{}", "-1", "-0", "0", "01",
        "00", "1e3", "1.5", "-", "123456789012345678", "1234567890123456789", "9223372036854775807", "\"\\u0041\"",
        "\"a\\\"b\"", "\"\u00e9\"", "[\"a\",\"b\"]", "[\"a\",]", "[null]", "tru", "nul", "\"\t\"", "\"\u007f\""};

    @Test
    void theWritersPlainLinesTakeTheFastPath() throws IOException {
        TraceLineScanner scanner = new TraceLineScanner();
        TraceCodec.Line line = new TraceCodec.Line();
        int plain = 0;
        for (String l : lines()) {
            byte[] b = l.getBytes(StandardCharsets.UTF_8);
            boolean ascii = l.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '\\');
            assertThat(scanner.scan(b, 0, b.length, line)).as(l).isEqualTo(ascii);
            plain += ascii ? 1 : 0;
        }
        assertThat(plain).isGreaterThan(8);
    }

    @Test
    void whateverTheFastPathAcceptsJacksonReadsTheSame() throws Exception {
        List<String> lines = lines();
        TraceLineScanner scanner = new TraceLineScanner();
        TraceCodec.Line fast = new TraceCodec.Line();
        TraceCodec.Line slow = new TraceCodec.Line();
        Random r = new Random(20261125);
        int accepted = 0;
        long end = System.nanoTime() + 2_000_000_000L;
        for (int run = 0; run < 2_000 || System.nanoTime() < end; run++) {
            byte[] b = mutate(lines.get(r.nextInt(lines.size())), r);
            // Parse inside a larger buffer, as the reader does: the scanner must stay within the line.
            byte[] buf = new byte[b.length + 40];
            java.util.Arrays.fill(buf, (byte) '"');
            int off = 7;
            System.arraycopy(b, 0, buf, off, b.length);
            if (!scanner.scan(buf, off, off + b.length, fast)) {
                continue;
            }
            accepted++;
            String text = new String(b, StandardCharsets.UTF_8);
            try (var p = TraceCodec.JSON.createParser(b)) {
                slow.parse(p);
            } catch (IOException | IllegalArgumentException e) {
                throw new AssertionError("fast path accepted what Jackson rejects (" + e.getMessage() + "): " + text, e);
            }
            assertSameFields(fast, slow, text);
        }
        assertThat(accepted).isGreaterThan(200);
    }

    private static void assertSameFields(TraceCodec.Line fast, TraceCodec.Line slow, String text) throws Exception {
        for (Field f : TraceCodec.Line.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("plainNames")) {
                continue;
            }
            f.setAccessible(true);
            assertThat(f.get(fast)).as(f.getName() + " of " + text).isEqualTo(f.get(slow));
        }
    }

    private static byte[] mutate(String line, Random r) {
        String s = line;
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(s.length() + 1);
            switch (r.nextInt(7)) {
                case 0 -> s = s.substring(0, at) + " \t\r".charAt(r.nextInt(3)) + s.substring(at);
                case 1 -> s = s.substring(0, at);
                case 2 -> {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\":").matcher(s);
                    List<Integer> starts = new ArrayList<>();
                    while (m.find()) {
                        starts.add(m.end());
                    }
                    if (!starts.isEmpty()) {
                        int v = starts.get(r.nextInt(starts.size()));
                        int stop = v;
                        while (stop < s.length() && ",}".indexOf(s.charAt(stop)) < 0) {
                            stop++;
                        }
                        if (v < s.length() && s.charAt(v) == '[') {
                            stop = s.indexOf(']', v) + 1;
                        }
                        s = s.substring(0, v) + ODD_VALUES[r.nextInt(ODD_VALUES.length)] + s.substring(Math.max(v, stop));
                    }
                }
                case 3 -> s = s.replaceFirst("\\{", "{\"" + List.of("seq", "bogus", "k", "pid", "").get(r.nextInt(5))
                        + "\":" + ODD_VALUES[r.nextInt(ODD_VALUES.length)] + ",");
                case 4 -> {
                    if (at < s.length()) {
                        s = s.substring(0, at) + (char) (0x20 + r.nextInt(0x60)) + s.substring(at + 1);
                    }
                }
                case 5 -> s = s.replace("\"path\":\"/", "\"path\":\"/" + List.of("\\/", "\\u00e9", "x\\n", "\u00e9",
                        "\u0001").get(r.nextInt(5)));
                default -> {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    if (b.length > 0) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    }
                    return b;
                }
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> lines() throws IOException {
        List<String> out = new ArrayList<>(List.of(new String(TraceReaderFuzzTest.realTrace(), StandardCharsets.UTF_8)
                .split("\n")));
        out.add("{\"k\":\"file\",\"seq\":123456,\"time\":987654321,\"op\":\"getattr\",\"path\":\"/usr/lib/x86_64-linux-gnu/"
                + "libc.so.6\",\"ino\":4211,\"dev\":2049,\"tid\":1001,\"pid\":1001,\"uid\":0,\"gid\":0,\"flags\":0,\"result\":0}");
        out.add("{\"k\":\"file\",\"seq\":7,\"time\":7,\"op\":\"rename\",\"path\":\"/a\",\"path2\":\"/b\",\"ino\":1,\"dev\":1,"
                + "\"tid\":-1,\"pid\":1,\"uid\":1000,\"gid\":1000,\"flags\":0,\"result\":0}");
        out.add("{\"k\":\"inode\",\"seq\":8,\"time\":8,\"dev\":1,\"ino\":2,\"path\":\"/l\",\"type\":\"symlink\",\"mode\":511,"
                + "\"uid\":0,\"gid\":0,\"size\":3,\"nlink\":1,\"mtime\":5,\"target\":\"x/y\",\"created\":false}");
        out.add(" { \"k\" : \"exit\" , \"seq\" : 9 , \"time\" : 0 , \"pid\" : 1 , \"tid\" : 1 , \"code\" : 0 , \"signal\" : 0 } ");
        return out;
    }
}
