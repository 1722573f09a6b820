package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class CallerResolverTest {

    @Test
    void resolvesAThreadOfThisJvmToThisProcess() throws Exception {
        CallerResolver r = new CallerResolver();
        int pid = (int) ProcessHandle.current().pid();
        AtomicInteger tid = new AtomicInteger();
        CountDownLatch recorded = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            tid.set(ownTid());
            recorded.countDown();
            try {
                done.await(); // alive while the resolver is asked about it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        try {
            assertThat(recorded.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(tid.get()).as("a thread the test started is not the main thread").isNotEqualTo(pid);
            assertThat(r.pidOf(tid.get())).isEqualTo(pid);
        } finally {
            done.countDown();
            t.join();
        }
        assertThat(r.pidOf(0)).isZero();
    }

    @Test
    void learnedAnswersWinUntilForgotten(@TempDir Path proc) throws IOException {
        fakeTask(proc, 500, 400, 1234);
        CallerResolver r = new CallerResolver(proc, Long.MAX_VALUE);
        r.learn(500, 77);
        assertThat(r.pidOf(500)).isEqualTo(77);
        r.forget(500);
        assertThat(r.pidOf(500)).isEqualTo(400);
    }

    @Test
    void aReusedThreadIdIsNoticedByItsStartTime(@TempDir Path proc) throws IOException {
        fakeTask(proc, 500, 400, 1234);
        CallerResolver r = new CallerResolver(proc, 0); // check on every hit
        assertThat(r.pidOf(500)).isEqualTo(400);
        fakeTask(proc, 500, 600, 9999); // thread 500 ended; the id now belongs to process 600
        assertThat(r.pidOf(500)).isEqualTo(600);
    }

    @Test
    void withinTheTrustWindowTheCacheAnswersWithoutReadingProc(@TempDir Path proc) throws IOException {
        fakeTask(proc, 500, 400, 1234);
        CallerResolver r = new CallerResolver(proc, Long.MAX_VALUE);
        assertThat(r.pidOf(500)).isEqualTo(400);
        Files.delete(proc.resolve("500/status"));
        Files.delete(proc.resolve("500/stat"));
        assertThat(r.pidOf(500)).isEqualTo(400);
    }

    @Test
    void anUnknownGoneThreadHasNoProcess(@TempDir Path proc) {
        assertThat(new CallerResolver(proc, 0).pidOf(4242)).isZero();
    }

    private static void fakeTask(Path proc, int tid, int tgid, long start) throws IOException {
        Path d = Files.createDirectories(proc.resolve(Integer.toString(tid)));
        Files.writeString(d.resolve("status"), "Name:\tx (y)\nUmask:\t0022\nState:\tS\nTgid:\t" + tgid + "\nPid:\t" + tid
                + "\n");
        StringBuilder stat = new StringBuilder(tid + " (we ird) name) S");
        for (int field = 4; field <= 21; field++) {
            stat.append(' ').append(field);
        }
        stat.append(' ').append(start).append(" 23 24\n");
        Files.writeString(d.resolve("stat"), stat.toString());
    }

    static int ownTid() {
        try {
            // /proc/thread-self -> "<pid>/task/<tid>"
            String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            return Integer.parseInt(link.substring(link.lastIndexOf('/') + 1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
