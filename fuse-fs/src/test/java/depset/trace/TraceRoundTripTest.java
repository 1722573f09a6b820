package depset.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class TraceRoundTripTest {
    private static final TraceHeader HEADER =
            new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, "/", "2026-01-01T00:00:00Z", "box", "test",
                    List.of("/bin/ls", "/")).withKernelCache(TraceHeader.CACHE_DIRECTORIES)
                    .withSandboxMounts(List.of("/run", "/dev", "/proc", "/sys"));

    @Test
    void aTraceWhoseWriteFailedInTheMiddleOfAnEventClosesWithoutASecondError() throws Exception {
        OutputStream full = new OutputStream() {
            private int room = 2000; // the header, then "disk full"

            @Override
            public void write(int b) throws IOException {
                if (--room < 0) {
                    throw new IOException("No space left on device");
                }
            }
        };
        TraceWriter w = TraceWriter.to(full, HEADER, 4);
        // Longer than the JSON generator's buffer: it flushes, and fails, inside the event's object.
        String path = "/" + "x".repeat(20_000);
        w.record(s -> new FileEvent(s, 5, Op.OPEN, path, null, 7, 42, 101, 101, 0, 0, 0, 0));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (w.failure() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        assertThat(w.failure()).hasMessage("No space left on device");
        assertThatCode(w::close).doesNotThrowAnyException();
    }

    @Test
    void everyEventKindRoundTrips(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.jsonl");
        List<TraceEvent> written = new ArrayList<>();
        try (TraceWriter w = TraceWriter.create(file, HEADER)) {
            written.add(w.record(s -> new ProcessEvent.PhaseMark(s, 1, 100, Phase.RUN, "cmd")));
            written.add(w.record(s -> new ProcessEvent.Fork(s, 2, 100, 100, 101, 101)));
            written.add(w.record(s -> new ProcessEvent.Exec(s, 3, 101, 101, "/bin/ls", List.of("ls", "-l", "a b"))));
            written.add(w.record(s -> new InodeEvent(s, 4, 7, 42, "/bin/ls", FileType.FILE, 0755, 0, 0, 1234, 1,
                    1_700_000_000_123_456_789L, null, false)));
            written.add(w.record(s -> new InodeEvent(s, 4, 7, 43, "/lib64", FileType.SYMLINK, 0777, 0, 0, 7, 1, 5,
                    "usr/lib64", true)));
            written.add(w.record(s -> new FileEvent(s, 5, Op.OPEN, "/bin/ls", null, 7, 42, 101, 101, 0, 0,
                    OpenFlags.EXEC, 0)));
            written.add(w.record(s -> new FileEvent(s, 6, Op.RENAME, "/a\"\n\u00e9", "/b", 7, 43, 102, 101, 1000, 1000,
                    0, 0)));
            written.add(w.record(s -> new FileEvent(s, 7, Op.GETATTR, "/nonexistent", null, 0, 0, 101, 101, 0, 0, 0,
                    2)));
            written.add(w.record(s -> new ProcessEvent.Exit(s, 8, 101, 101, 0, 0)));
            TraceFooter footer = w.finish(0);
            assertThat(footer.events()).isEqualTo(9);
            assertThat(footer.fileEvents()).isEqualTo(3);
            assertThat(footer.inodeEvents()).isEqualTo(2);
            assertThat(footer.processEvents()).isEqualTo(4);
        }
        try (TraceReader r = TraceReader.open(file)) {
            assertThat(r.header()).isEqualTo(HEADER);
            List<TraceEvent> read = new ArrayList<>();
            r.forEach(read::add);
            assertThat(read).isEqualTo(written);
            assertThat(r.isComplete()).isTrue();
            assertThat(r.footer().exitStatus()).isZero();
            assertThat(((FileEvent) read.get(5)).isExec()).isTrue();
            assertThat(((FileEvent) read.get(7)).failed()).isTrue();
        }
    }

    @Test
    void theWriterThreadsSetUpRunsOnItAndItsFailureLosesNoEvent(@TempDir Path dir) throws IOException {
        List<String> setUpOn = new ArrayList<>();
        Path done = dir.resolve("t.jsonl");
        try (TraceWriter w = TraceWriter.create(done, HEADER, () -> setUpOn.add(Thread.currentThread().getName()))) {
            w.finish(0);
        }
        assertThat(setUpOn).containsExactly("depset-trace-writer");

        // More events than the queue holds: a writer thread that died of its set-up would block the
        // last ones for good, so the test gives up after a minute instead of hanging.
        Path file = dir.resolve("failed-set-up.jsonl");
        int events = (1 << 16) + 10;
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            try (TraceWriter w = TraceWriter.create(file, HEADER, () -> {
                throw new IllegalStateException("no scheduling here");
            })) {
                for (int i = 0; i < events; i++) {
                    w.record(s -> new ProcessEvent.PhaseMark(s, 1, 5, Phase.RUN, ""));
                }
                w.finish(0);
            }
        });
        try (TraceReader r = TraceReader.open(file)) {
            int read = 0;
            while (r.hasNext()) {
                r.next();
                read++;
            }
            assertThat(read).isEqualTo(events);
            assertThat(r.isComplete()).isTrue();
        }
    }

    @Test
    void gzipTracesAreWrittenAndRecognised(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.jsonl.gz");
        try (TraceWriter w = TraceWriter.create(file, HEADER)) {
            w.record(s -> new ProcessEvent.PhaseMark(s, 1, 5, Phase.RUN, ""));
            w.finish(3);
        }
        assertThat(Files.readAllBytes(file)[0]).isEqualTo((byte) 0x1f);
        try (TraceReader r = TraceReader.open(file)) {
            assertThat(r.next()).isInstanceOf(ProcessEvent.PhaseMark.class);
            assertThat(r.hasNext()).isFalse();
            assertThat(r.isComplete()).isTrue();
            assertThat(r.footer().exitStatus()).isEqualTo(3);
        }
    }

    @Test
    void concurrentRecordersGetGapFreeOrderedSequenceNumbers() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int threads = 8;
        int each = 5_000;
        // A tiny queue forces producers to block: back-pressure must not lose events.
        try (TraceWriter w = TraceWriter.to(out, HEADER, 4)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                int tid = 1000 + t;
                pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        w.record(s -> new FileEvent(s, System.nanoTime(), Op.READ, "/f", null, 1, 1, tid, tid, 0, 0,
                                0, 0));
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            w.finish(0);
        }
        try (TraceReader r = TraceReader.of("mem", new ByteArrayInputStream(out.toByteArray()))) {
            long expected = 1;
            for (TraceEvent e : r) {
                assertThat(e.seq()).isEqualTo(expected++);
            }
            assertThat(expected - 1).isEqualTo((long) threads * each);
            assertThat(r.isComplete()).isTrue();
        }
    }

    @Test
    void aTraceWithoutFooterIsCutNotMalformed() throws IOException {
        String text = header() + "\n" + "{\"k\":\"exit\",\"seq\":1,\"time\":0,\"pid\":1,\"tid\":1,\"code\":0,\"signal\":0}\n"
                + "{\"k\":\"exit\",\"seq\":2,\"ti";
        try (TraceReader r = read(text)) {
            assertThat(r.next().seq()).isEqualTo(1);
            assertThat(r.hasNext()).isFalse();
            assertThat(r.isEnded()).isTrue();
            assertThat(r.isComplete()).isFalse();
            assertThat(r.footer()).isNull();
        }
    }

    @Test
    void malformedLinesAreRejectedWithTheirLineNumber() throws IOException {
        String text = header() + "\n" + "{\"k\":\"exit\",\"seq\":1,\"time\":0,\"pid\":1,\"tid\":1,\"code\":0,\"signal\":0}\n"
                + "{\"k\":\"file\",\"seq\":2,\"time\":0,\"op\":\"frobnicate\",\"path\":\"/x\"}\n"
                + "{\"k\":\"footer\",\"events\":2,\"fileEvents\":1,\"inodeEvents\":0,\"processEvents\":1}\n";
        try (TraceReader r = read(text)) {
            r.next();
            assertThatThrownBy(r::next).isInstanceOf(TraceFormatException.class)
                    .hasMessageContaining(":3:").hasMessageContaining("frobnicate");
        }
    }

    @Test
    void phasesAreReadAsTheirLabelsAndAnyOtherIsRejected() throws IOException {
        for (Phase p : Phase.values()) {
            try (TraceReader r = read(header() + "\n" + phaseLine(p.label()))) {
                assertThat(((ProcessEvent.PhaseMark) r.next()).phase()).isEqualTo(p);
            }
        }
        // "end" was the writer's internal end-of-queue mark, "RUN" the enum's name: neither is a phase.
        for (String bad : new String[] {"end", "RUN", "", "boot "}) {
            try (TraceReader r = read(header() + "\n" + phaseLine(bad))) {
                assertThatThrownBy(r::next).as(bad).isInstanceOf(TraceFormatException.class)
                        .hasMessageContaining(":2:").hasMessageContaining("unknown phase \"" + bad + "\"");
            }
        }
    }

    private static String phaseLine(String phase) {
        return "{\"k\":\"phase\",\"seq\":1,\"time\":0,\"pid\":1,\"phase\":\"" + phase + "\",\"step\":\"s\"}\n";
    }

    @Test
    void aFooterThatMiscountsIsRejected() throws IOException {
        String text = header() + "\n" + "{\"k\":\"exit\",\"seq\":1,\"time\":0,\"pid\":1,\"tid\":1,\"code\":0,\"signal\":0}\n"
                + "{\"k\":\"footer\",\"events\":5,\"fileEvents\":0,\"inodeEvents\":0,\"processEvents\":5}\n";
        try (TraceReader r = read(text)) {
            r.next();
            assertThatThrownBy(r::hasNext).isInstanceOf(TraceFormatException.class)
                    .hasMessageContaining(":3:").hasMessageContaining("footer counts 5");
        }
    }

    @Test
    void notATraceIsRejectedOnTheFirstLine() {
        assertThatThrownBy(() -> read("hello")).isInstanceOf(TraceFormatException.class).hasMessageContaining("mem:1:");
        assertThatThrownBy(() -> read("{\"k\":\"header\",\"format\":\"depset-trace\",\"version\":99}"))
                .isInstanceOf(TraceFormatException.class).hasMessageContaining("version 99");
    }

    private static String header() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceWriter.to(out, HEADER, 1).close();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private static TraceReader read(String text) throws IOException {
        return TraceReader.of("mem", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
