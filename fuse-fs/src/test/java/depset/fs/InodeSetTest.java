package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class InodeSetTest {

    @Test
    void remembersPairsAcrossGrowth() {
        InodeSet s = new InodeSet();
        for (long i = 1; i <= 50_000; i++) {
            assertThat(s.addAndThen(i % 3, i, false, () -> { })).isTrue();
        }
        assertThat(s.size()).isEqualTo(50_000);
        assertThat(s.contains(1, 1)).isTrue();
        assertThat(s.contains(2, 1)).as("same inode, other device").isFalse();
        assertThat(s.addAndThen(1, 1, false, () -> { })).isFalse();
        assertThat(s.addAndThen(1, 1, true, () -> { })).as("always runs for a created inode").isTrue();
        assertThat(s.size()).isEqualTo(50_000);
    }

    @Test
    void exactlyOneOfManyRacingThreadsDescribesAnInode() throws InterruptedException {
        InodeSet s = new InodeSet();
        AtomicInteger described = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            pool.execute(() -> {
                for (long i = 0; i < 10_000; i++) {
                    s.addAndThen(7, i + 1, false, described::incrementAndGet);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(described.get()).isEqualTo(10_000);
    }
}
