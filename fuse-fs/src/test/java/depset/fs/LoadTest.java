package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import depset.trace.FileEvent;
import depset.trace.TraceEvent;
import depset.trace.TraceFooter;
import depset.trace.TraceHeader;
import depset.trace.TraceReader;
import depset.trace.TraceWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * 16 threads write, read back (checksummed), rename, list and delete files through a real mount
 * for a fixed time: no error, no event lost (the footer's counts equal the events in the file,
 * and the file events equal the requests TraceFs served, counted apart from the trace), and heap
 * use after GC that does not grow with time.
 *
 * <p>The duration is {@code -Ddepset.load.seconds}: by default the 60 s, in CI too (a
 * shorter run says less about memory that grows with time). Prints its figures.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class LoadTest {
    private static final int THREADS = 16;
    private static final int MIN_SECONDS = 6;

    @TempDir
    Path dir;

    @Test
    void sixteenReadersAndWritersLoseNoEventAndHoldSteadyMemory() throws Exception {
        long seconds = Long.getLong("depset.load.seconds", 60);
        // The heap check compares the first and the last third of one sample a second: shorter, they would
        // overlap and the check could not fail.
        assertThat(seconds).as("-Ddepset.load.seconds (at least %d for the heap check)", MIN_SECONDS)
                .isGreaterThanOrEqualTo(MIN_SECONDS);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path backing = Files.createDirectory(dir.resolve("backing"));
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        Path traceFile = dir.resolve("t.jsonl");
        TraceWriter writer = TraceWriter.create(traceFile, new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION,
                backing.toString(), "2026-01-01T00:00:00Z", "test", "test", List.of("load")));
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicLong operations = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        List<Long> heap = new ArrayList<>();
        long served;
        long unrecorded;
        TraceFooter footer;
        try (TraceMount mount = TraceMount.mount(backing, mnt, writer, MountOptions.defaults())) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < THREADS; w++) {
                int id = w;
                workers.add(new Thread(() -> work(mnt.resolve("w" + id), id, end, errors, operations, bytes),
                        "load-" + w));
            }
            workers.forEach(Thread::start);
            // One sample a second, at fixed times (a slow GC does not cost a sample).
            long start = end - seconds * 1_000_000_000L;
            for (int i = 1; i <= seconds; i++) {
                long wait = start + i * 1_000_000_000L - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                heap.add(heapAfterGc());
            }
            for (Thread t : workers) {
                t.join();
            }
            // Quiesce, then read the counter: every request served so far must be in the trace.
            Thread.sleep(200);
            served = mount.requestsServed();
            unrecorded = mount.requestsUnrecorded();
            mount.close();
            served = mount.requestsServed();
            footer = writer.finish(0);
        }
        long fileEvents = 0;
        long events = 0;
        try (TraceReader r = TraceReader.open(traceFile)) {
            for (TraceEvent e : r) {
                events++;
                if (e instanceof FileEvent) {
                    fileEvents++;
                }
            }
            assertThat(r.isComplete()).isTrue(); // the reader also checks the footer's counts against the events
        }
        // The first sample is warm-up; the thirds are apart with 6 samples or more.
        assertThat(heap).as("heap samples").hasSizeGreaterThanOrEqualTo(MIN_SECONDS);
        long firstThird = average(heap.subList(1, heap.size() / 3));
        long lastThird = average(heap.subList(heap.size() - heap.size() / 3, heap.size()));
        System.out.printf("load: %d threads, %d s, %d operations (%.0f/s), %.1f MiB checksummed, %d requests served,"
                        + " %d events (%d file), heap after GC first third %.1f MiB, last third %.1f MiB%n",
                THREADS, seconds, operations.get(), operations.get() / (double) seconds, bytes.get() / 1048576.0,
                served, events, fileEvents, firstThird / 1048576.0, lastThird / 1048576.0);
        assertThat(errors).isEmpty();
        assertThat(operations.get()).isGreaterThan(1000);
        assertThat(unrecorded).isZero();
        assertThat(footer.events()).isEqualTo(events);
        assertThat(footer.fileEvents()).isEqualTo(fileEvents);
        assertThat(fileEvents).isEqualTo(served);
        assertThat(lastThird).as("heap after GC, last third vs first third").isLessThan(firstThird * 3 / 2 + (32L << 20));
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).noneMatch(l -> l.contains(mnt.toString()));
    }

    /** One worker: write a file, read it back and compare digests, rename, stat, list, sometimes delete. */
    private static void work(Path home, int id, long end, ConcurrentLinkedQueue<String> errors, AtomicLong ops,
                             AtomicLong bytes) {
        Random r = new Random(id);
        try {
            Files.createDirectory(home);
            int n = 0;
            while (System.nanoTime() < end && errors.size() < 10) {
                byte[] data = new byte[1 + r.nextInt(64 * 1024)];
                r.nextBytes(data);
                Path f = home.resolve("f" + (n % 50));
                Path g = home.resolve("g" + (n % 50));
                try (FileChannel c = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer b = ByteBuffer.wrap(data);
                    while (b.hasRemaining()) {
                        c.write(b);
                    }
                }
                Files.move(f, g, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                byte[] back = Files.readAllBytes(g);
                if (!Arrays.equals(digest(back), digest(data))) {
                    errors.add(home + "/" + g.getFileName() + ": content differs after a round trip");
                }
                if (Files.size(g) != data.length) {
                    errors.add(g + ": size differs");
                }
                if (n % 7 == 0) {
                    try (Stream<Path> list = Files.list(home)) {
                        if (list.noneMatch(p -> p.equals(g))) {
                            errors.add(g + ": not listed");
                        }
                    }
                }
                if (n % 5 == 0) {
                    Files.delete(g);
                }
                bytes.addAndGet(2L * data.length);
                ops.incrementAndGet();
                n++;
            }
        } catch (IOException | RuntimeException e) {
            errors.add(Thread.currentThread().getName() + ": " + e);
        }
    }

    private static byte[] digest(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long heapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long average(List<Long> values) {
        return (long) values.stream().mapToLong(Long::longValue).average().orElse(0);
    }
}
