package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** The warm-up serves real requests through a throwaway mount and leaves nothing behind. */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class WarmUpTest {
    @Test
    void servesRequestsOfEveryKindAndLeavesNoMountNorDirectory() throws Exception {
        Set<Path> before = warmUpDirs();
        long served = WarmUp.run(3);
        assertThat(served).as("lookups, opens, reads, readdirs, writes of 3 rounds").isGreaterThan(300);
        assertThat(warmUpDirs()).isEqualTo(before);
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo"));
        assertThat(mounts).noneMatch(l -> l.contains("depset-warmup"));
    }

    private static Set<Path> warmUpDirs() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("depset-warmup")).collect(Collectors.toSet());
        }
    }
}
