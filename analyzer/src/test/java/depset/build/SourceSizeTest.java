package depset.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** depset's one measure of a tree: what it counts, what it leaves out, and its time budget. */
@Tag("unit")
class SourceSizeTest {
    @TempDir
    Path root;

    /** /etc/a (3 bytes), /etc/b hard-linked to it, /bin/sh (5 bytes), a symlink, and /proc/x (7 bytes). */
    private void tree() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("proc/1"));
        Files.writeString(root.resolve("etc/a"), "abc");
        Files.createLink(root.resolve("etc/b"), root.resolve("etc/a"));
        Files.writeString(root.resolve("bin/sh"), "shell");
        Files.createSymbolicLink(root.resolve("bin/bash"), Path.of("sh"));
        Files.writeString(root.resolve("proc/1/x"), "kernel!");
    }

    @Test
    void countsRegularFilesOnceAndEveryEntryLeavingOutTheSkippedMounts() throws IOException {
        tree();
        assertThat(SourceSize.of(root, r -> List.of())).isEqualTo(new SourceSize(3 + 5 + 7, 3, 5));
        // The skip list names mount points as mountinfo does: absolute, below the root.
        assertThat(SourceSize.of(root, r -> List.of(r.resolve("proc").toString())))
                .isEqualTo(new SourceSize(3 + 5, 2, 4));
        // The root itself is never skipped: it is not a mount below itself.
        assertThat(SourceSize.of(root, r -> List.of(r.toString(), "/nonexistent")).bytes()).isEqualTo(15);
    }

    @Test
    void theSkipListIsAskedForTheRootBeingMeasured() throws IOException {
        tree();
        Path[] asked = new Path[1];
        SourceSize.of(root.resolve("etc/.."), r -> {
            asked[0] = r;
            return List.of();
        });
        assertThat(asked[0]).isEqualTo(root.toAbsolutePath().normalize());
    }

    @Test
    void aWalkPastItsBudgetGivesNoFigure() throws IOException {
        tree();
        assertThat(SourceSize.measure(root, r -> List.of(), Duration.ZERO)).isEmpty();
        assertThat(SourceSize.measure(root, r -> List.of(), Duration.ofMinutes(1))).contains(
                new SourceSize(15, 3, 5));
    }
}
