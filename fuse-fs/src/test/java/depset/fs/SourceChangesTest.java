package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import depset.trace.FileEvent;
import depset.trace.Op;
import depset.trace.TraceEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source tree changes under a run (another process deletes and renames files in the backing
 * directory while a program works through the mount): TraceFs does not crash, keeps serving,
 * and the trace says what the program met: the files it found, and ENOENT where one was gone.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class SourceChangesTest {
    @TempDir
    Path dir;

    @Test
    void filesDeletedAndRenamedInTheSourceDuringARunAreNoCrashAndShowInTheEvents() throws Exception {
        List<TraceEvent> events;
        AtomicLong changes = new AtomicLong();
        try (MountedTree t = MountedTree.in(dir)) {
            Path src = Files.createDirectory(t.back("src"));
            for (int i = 0; i < 20; i++) {
                Files.writeString(src.resolve("f" + i), "content " + i + "\n");
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread changer = new Thread(() -> {
                int n = 0;
                while (!stop.get()) {
                    int i = n++ % 20;
                    Path f = src.resolve("f" + i);
                    Path g = src.resolve("g" + i);
                    try {
                        switch (n % 3) {
                            case 0 -> Files.deleteIfExists(f);
                            case 1 -> {
                                if (Files.exists(f)) {
                                    Files.move(f, g, StandardCopyOption.ATOMIC_MOVE);
                                }
                            }
                            default -> {
                                Files.deleteIfExists(g);
                                Files.writeString(f, "content " + i + "\n");
                            }
                        }
                        changes.incrementAndGet();
                    } catch (IOException e) {
                        // a race with itself is impossible (one thread); anything else fails the count below
                    }
                }
            });
            changer.start();
            // The program: reads, lists and stats the changing directory for a few seconds.
            Commands.Result r = Commands.sh("end=$(($(date +%s)+4)); cd " + t.at("src")
                    + "; while [ $(date +%s) -lt $end ]; do for i in $(seq 0 19); do cat f$i g$i 2>/dev/null;"
                    + " done; ls -l >/dev/null; done; echo done");
            stop.set(true);
            changer.join();
            assertThat(r.out()).endsWith("done\n");
            // The mount still serves, and sees the source as it now is.
            Files.writeString(src.resolve("after"), "still serving\n");
            assertThat(Files.readString(t.at("src/after"), StandardCharsets.UTF_8)).isEqualTo("still serving\n");
            try (var list = Files.list(t.at("src"))) {
                try (var back = Files.list(src)) {
                    assertThat(list.map(p -> p.getFileName().toString()).sorted().toList())
                            .isEqualTo(back.map(p -> p.getFileName().toString()).sorted().toList());
                }
            }
            events = t.events();
        }
        assertThat(changes.get()).isGreaterThan(100);
        List<FileEvent> files = events.stream().filter(e -> e instanceof FileEvent).map(e -> (FileEvent) e).toList();
        // Found files were opened and read; vanished ones were looked up and not found.
        assertThat(files).anyMatch(f -> f.op() == Op.READ && f.path().startsWith("/src/f") && !f.failed());
        assertThat(files).anyMatch(f -> f.op() == Op.READ && f.path().startsWith("/src/g") && !f.failed());
        assertThat(files).anyMatch(f -> f.op() == Op.GETATTR && f.path().startsWith("/src/") && f.result() == 2);
        assertThat(files).anyMatch(f -> f.op() == Op.READDIR && f.path().equals("/src"));
    }
}
