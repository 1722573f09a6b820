package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import depset.trace.FileEvent;
import depset.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("fuse")
class TraceFsSmokeTest {
    @Test
    void mountsServesAndRecords(@TempDir Path dir) throws Exception {
        List<TraceEvent> events;
        try (MountedTree t = MountedTree.in(dir)) {
            Files.writeString(t.back("hello.txt"), "hello");
            assertThat(Files.readString(t.at("hello.txt"))).isEqualTo("hello");
            Files.writeString(t.at("new.txt"), "new");
            assertThat(Files.readString(t.back("new.txt"))).isEqualTo("new");
            Process p = new ProcessBuilder("sh", "-c", "ls -la " + t.mnt + "; stat " + t.mnt + "/nope; cat " + t.mnt + "/hello.txt").inheritIO().start();
            p.waitFor();
            events = t.events();
        }
        events.forEach(System.out::println);
        assertThat(events).anyMatch(e -> e instanceof FileEvent f && f.result() == 2);
    }
}
