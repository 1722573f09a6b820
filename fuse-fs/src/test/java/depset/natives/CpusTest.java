package depset.natives;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's CPU lists, read as the FUSE io_uring queues are numbered: one queue per CPU listed. */
@Tag("unit")
class CpusTest {
    @TempDir
    Path dir;

    @Test
    void aListCountsEveryCpuInItsRangesAndSingles() throws IOException {
        assertThat(Cpus.count(Files.writeString(dir.resolve("a"), "0-1\n"))).isEqualTo(2);
        assertThat(Cpus.count(Files.writeString(dir.resolve("b"), "0\n"))).isEqualTo(1);
        assertThat(Cpus.count(Files.writeString(dir.resolve("c"), "0-3,8,10-11\n"))).isEqualTo(7);
    }

    @Test
    void aListHoldsTheCpusOfItsRangesOnly() {
        assertThat(Cpus.contains("0-3,8,10-11", 0)).isTrue();
        assertThat(Cpus.contains("0-3,8,10-11", 3)).isTrue();
        assertThat(Cpus.contains("0-3,8,10-11", 8)).isTrue();
        assertThat(Cpus.contains("0-3,8,10-11", 11)).isTrue();
        assertThat(Cpus.contains("0-3,8,10-11", 4)).isFalse();
        assertThat(Cpus.contains("0-3,8,10-11", 9)).isFalse();
        assertThat(Cpus.contains("0-3,8,10-11", 12)).isFalse();
    }

    @Test
    void anUnreadableListCountsTheCpusThisJvmSees() {
        assertThat(Cpus.count(dir.resolve("absent"))).isEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
