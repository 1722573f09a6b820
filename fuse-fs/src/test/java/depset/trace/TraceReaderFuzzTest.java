package depset.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Property test: whatever bytes it is given, the trace reader either reads them or throws
 * {@link TraceFormatException}; never another exception. Inputs are mutations of a real trace
 * (every event kind, hostile names) and of its gzip form: bit flips, byte changes, truncations,
 * inserted, removed and duplicated lines, and fields given the wrong JSON type. Bounded in time
 * (a few seconds) with a fixed seed, so a failure names a reproducible input.
 */
@Tag("unit")
class TraceReaderFuzzTest {
    private static final long BUDGET_NANOS = 4_000_000_000L;
    private static final String[] WRONG_VALUES = {"null", "true", "\"x\"", "[]", "{}", "-1", "1e400", "9999999999999999999999",
            "\"\\ud800\"", "\"\\udcff\"", "[1,2]", "{\"k\":1}", "0.5", "\"\"", "-9223372036854775808"};

    @Test
    void mutatedTracesReadOrFailWithATraceFormatException() throws IOException {
        byte[] plain = realTrace();
        byte[] gzip = gzip(plain);
        List<String> lines = List.of(new String(plain, StandardCharsets.UTF_8).split("\n"));
        Random seeds = new Random(20261125);
        long end = System.nanoTime() + BUDGET_NANOS;
        int runs = 0;
        int rejected = 0;
        while (System.nanoTime() < end || runs < 200) {
            long seed = seeds.nextLong();
            Random r = new Random(seed);
            byte[] input = switch (r.nextInt(6)) {
                case 0 -> flipBits(plain, r);
                case 1 -> Arrays.copyOf(plain, r.nextInt(plain.length + 1));
                case 2 -> editLines(lines, r);
                case 3 -> wrongTypes(lines, r);
                case 4 -> flipBits(gzip, r);
                default -> Arrays.copyOf(gzip, r.nextInt(gzip.length + 1));
            };
            try {
                readAll(input);
            } catch (TraceFormatException e) {
                rejected++;
                assertThat(e.getMessage()).doesNotContain("\n");
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ": " + t + " for input "
                        + HexFormat.of().formatHex(input, 0, Math.min(input.length, 400)), t);
            }
            runs++;
        }
        System.out.printf("trace reader fuzz: %d inputs, %d rejected with TraceFormatException%n", runs, rejected);
        assertThat(rejected).isPositive();
    }

    private static void readAll(byte[] input) throws IOException {
        try (TraceReader reader = TraceReader.of("fuzz", new ByteArrayInputStream(input))) {
            reader.header();
            while (reader.hasNext()) {
                reader.next();
            }
            reader.footer();
            reader.isComplete();
        }
    }

    private static byte[] flipBits(byte[] in, Random r) {
        byte[] b = in.clone();
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(b.length);
            if (r.nextBoolean()) {
                b[at] ^= (byte) (1 << r.nextInt(8));
            } else {
                b[at] = (byte) r.nextInt(256);
            }
        }
        return b;
    }

    private static byte[] editLines(List<String> lines, Random r) {
        List<String> l = new ArrayList<>(lines);
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(l.size());
            switch (r.nextInt(5)) {
                case 0 -> l.remove(at);
                case 1 -> l.add(at, l.get(r.nextInt(l.size())));
                case 2 -> l.add(at, "");
                case 3 -> l.add(at, "{\"k\":\"" + List.of("file", "inode", "fork", "exec", "exit", "phase", "footer",
                        "header", "bogus").get(r.nextInt(9)) + "\",\"seq\":" + r.nextInt(100) + "}");
                default -> l.set(at, l.get(at).substring(0, r.nextInt(l.get(at).length() + 1)));
            }
            if (l.isEmpty()) {
                break;
            }
        }
        return (String.join("\n", l) + (r.nextBoolean() ? "\n" : "")).getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces one field's value with a value of another JSON type. */
    private static byte[] wrongTypes(List<String> lines, Random r) {
        List<String> l = new ArrayList<>(lines);
        int at = r.nextInt(l.size());
        String line = l.get(at);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([a-zA-Z0-9]+)\":").matcher(line);
        List<int[]> fields = new ArrayList<>();
        while (m.find()) {
            fields.add(new int[] {m.end()});
        }
        if (!fields.isEmpty()) {
            int start = fields.get(r.nextInt(fields.size()))[0];
            int stop = valueEnd(line, start);
            line = line.substring(0, start) + WRONG_VALUES[r.nextInt(WRONG_VALUES.length)] + line.substring(stop);
            l.set(at, line);
        }
        return (String.join("\n", l) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The end of the JSON value starting at {@code i} (good enough for the writer's own lines). */
    private static int valueEnd(String s, int i) {
        int depth = 0;
        boolean str = false;
        for (int j = i; j < s.length(); j++) {
            char c = s.charAt(j);
            if (str) {
                if (c == '\\') {
                    j++;
                } else if (c == '"') {
                    str = false;
                    if (depth == 0) {
                        return j + 1;
                    }
                }
            } else if (c == '"') {
                str = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                if (depth == 0) {
                    return j;
                }
                depth--;
                if (depth == 0) {
                    return j + 1;
                }
            } else if (c == ',' && depth == 0) {
                return j;
            }
        }
        return s.length();
    }

    static byte[] realTrace() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceHeader header = new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, "/", "2026-01-01T00:00:00Z",
                "box", "test", List.of("/bin/sh", "-c", "x"));
        try (TraceWriter w = TraceWriter.to(out, header, 1 << 10)) {
            w.record(s -> new ProcessEvent.PhaseMark(s, 1, 100, Phase.RUN, "cmd"));
            w.record(s -> new ProcessEvent.Fork(s, 2, 100, 100, 101, 101));
            w.record(s -> new ProcessEvent.Exec(s, 3, 101, 101, "/bin/ls", List.of("ls", "-l", "a b")));
            w.record(s -> new InodeEvent(s, 4, 7, 42, "/bin/ls", FileType.FILE, 0755, 0, 0, 1234, 1, 5, null, false));
            w.record(s -> new InodeEvent(s, 4, 7, 43, "/lib64", FileType.SYMLINK, 0777, 0, 0, 7, 1, 5, "usr/lib64",
                    true));
            w.record(s -> new FileEvent(s, 5, Op.OPEN, "/bin/ls", null, 7, 42, 101, 101, 0, 0, OpenFlags.EXEC, 0));
            w.record(s -> new FileEvent(s, 6, Op.RENAME, "/a\"\n\u00e9\udcff", "/b", 7, 43, 102, 101, 1000, 1000, 0,
                    0));
            w.record(s -> new FileEvent(s, 7, Op.GETATTR, "/nonexistent", null, 0, 0, 101, 101, 0, 0, 0, 2));
            w.record(s -> new ProcessEvent.Exit(s, 8, 101, 101, 0, 0));
            w.finish(139);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }
}
