package depset.vm.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's step outputs go with it; those of a killed run go with the next run. */
@Tag("unit")
class StepOutputsTest {
    @TempDir
    Path tmp;

    @Test
    void aRunRemovesItsOwnAtTheEnd() throws Exception {
        StepOutputs outputs = StepOutputs.create(tmp);
        Files.writeString(outputs.file("step-1.out"), "hello\n");
        assertThat(listing()).hasSize(1);
        outputs.close();
        assertThat(listing()).isEmpty();
    }

    @Test
    void theNextRunRemovesTheOutputsOfOneWhoseOwnerIsGoneAndOnlyThose() throws Exception {
        Path killed = leftover("depset-steps-killed", Long.toString(deadPid()));
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        Path running = leftover("depset-steps-running", Long.toString(live));
        Path beingMade = leftover("depset-steps-new", null);
        Path oldUnowned = leftover("depset-steps-old", null);
        Files.setLastModifiedTime(oldUnowned, FileTime.from(Instant.now().minusSeconds(3600)));
        Path other = Files.createDirectory(tmp.resolve("something-else"));

        try (StepOutputs ignored = StepOutputs.create(tmp)) {
            assertThat(killed).doesNotExist();
            assertThat(oldUnowned).doesNotExist();
            assertThat(running).exists();
            assertThat(beingMade).exists();
            assertThat(other).exists();
        }
    }

    private Path leftover(String name, String owner) throws Exception {
        Path d = Files.createDirectory(tmp.resolve(name));
        Files.writeString(d.resolve("step-1.out"), "output\n");
        if (owner != null) {
            Files.writeString(d.resolve(StepOutputs.OWNER_FILE), owner);
        }
        return d;
    }

    /** The pid of a process that has ended (and been reaped). */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long pid = p.pid();
        assertThat(ProcessHandle.of(pid)).isEmpty();
        return pid;
    }

    private List<Path> listing() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.toList();
        }
    }
}
