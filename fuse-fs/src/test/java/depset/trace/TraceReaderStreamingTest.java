package depset.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The reader parses line by line (a fast path, else Jackson); these pin what lines mean. */
@Tag("unit")
class TraceReaderStreamingTest {
    private static final String HEADER = "{\"k\":\"header\",\"format\":\"depset-trace\",\"version\":1,\"sourceRoot\":\"/\","
            + "\"startTime\":\"t\",\"host\":\"h\",\"depsetVersion\":\"d\",\"command\":[]}";
    private static final String EXIT1 = "{\"k\":\"exit\",\"seq\":1,\"time\":0,\"pid\":1,\"tid\":1,\"code\":0,\"signal\":0}";
    private static final String EXIT2 = "{\"k\":\"exit\",\"seq\":2,\"time\":0,\"pid\":1,\"tid\":1,\"code\":0,\"signal\":0}";

    private static TraceReader read(byte[] bytes) throws IOException {
        return TraceReader.of("mem", new ByteArrayInputStream(bytes));
    }

    private static TraceReader read(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<TraceEvent> drain(TraceReader r) {
        List<TraceEvent> out = new java.util.ArrayList<>();
        r.forEach(out::add);
        return out;
    }

    @Test
    void brokenJsonBeforeTheLastLineIsMalformedWithItsLine() throws IOException {
        String text = String.join("\n", HEADER, EXIT1, "{\"k\":\"exit\",\"seq\":2,\"time\":0x}", EXIT2.replace(":2", ":3"),
                "");
        try (TraceReader r = read(text)) {
            r.next();
            assertThatThrownBy(r::next).isInstanceOf(TraceFormatException.class).hasMessageStartingWith("mem:3: malformed");
        }
    }

    @Test
    void aLastLineBrokenByACutIsACutEvenWhenNotAtAnEndOfValue() throws IOException {
        String text = String.join("\n", HEADER, EXIT1, "{\"k\":\"exit\",\"seq\":2,\"time\":0,\"pid\":tr");
        try (TraceReader r = read(text)) {
            assertThat(drain(r)).hasSize(1);
            assertThat(r.isEnded()).isTrue();
            assertThat(r.isComplete()).isFalse();
        }
    }

    @Test
    void aLineCutShortBeforeTheLastIsMalformedOnItsOwnLine() throws IOException {
        String text = String.join("\n", HEADER, EXIT1, "{\"k\":\"exit\",\"seq\":2,", EXIT2.replace(":2", ":3"), "");
        try (TraceReader r = read(text)) {
            r.next();
            assertThatThrownBy(r::next).isInstanceOf(TraceFormatException.class).hasMessageStartingWith("mem:3: malformed");
        }
        String spans = String.join("\n", HEADER, "{\"k\":\"exit\",\"seq\":1,", "\"time\":0,\"pid\":1,\"tid\":1,"
                + "\"code\":0,\"signal\":0}", "");
        try (TraceReader r = read(spans)) {
            assertThatThrownBy(r::next).hasMessage("mem:2: malformed line: the object does not end on its line");
        }
    }

    @Test
    void twoObjectsOnOneLineAreMalformed() throws IOException {
        // The line as a whole is malformed: not even its first object is read.
        try (TraceReader r = read(String.join("\n", HEADER, EXIT1 + EXIT2, ""))) {
            assertThatThrownBy(r::next).isInstanceOf(TraceFormatException.class)
                    .hasMessage("mem:2: malformed line: text after the JSON object");
        }
    }

    @Test
    void aCutGzipTraceReadsAsCut() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(String.join("\n", HEADER, EXIT1, EXIT2.substring(0, 20)).getBytes(StandardCharsets.UTF_8));
        }
        try (TraceReader r = read(bytes.toByteArray())) {
            assertThat(drain(r)).hasSize(1);
            assertThat(r.isComplete()).isFalse();
        }
    }

    @Test
    void lineNumbersCountFromTheHeader() throws IOException {
        String text = String.join("\n", HEADER, EXIT1, EXIT2, "{\"k\":\"exit\",\"seq\":2,\"time\":0,\"pid\":1,\"tid\":1,"
                + "\"code\":0,\"signal\":0}", "");
        try (TraceReader r = read(text)) {
            r.next();
            r.next();
            assertThatThrownBy(r::next).hasMessage("mem:4: sequence number 2 after 2");
        }
    }
}
