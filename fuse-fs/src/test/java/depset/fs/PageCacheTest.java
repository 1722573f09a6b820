package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import depset.trace.FileEvent;
import depset.trace.Op;
import depset.trace.TraceEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens keep the kernel's page cache of an unchanged file ({@link ContentCache}): later reads
 * need not go through the daemon, yet every open is still recorded, and a file changed outside
 * the mount is read afresh. Needs root and /dev/fuse.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class PageCacheTest {
    @TempDir
    Path dir;
    MountedTree t;

    @BeforeEach
    void mount() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        t = MountedTree.in(dir);
    }

    @AfterEach
    void unmount() throws IOException {
        t.close();
    }

    @Test
    void everyOpenIsRecordedThoughTheContentComesFromTheCache() throws Exception {
        Files.writeString(t.back("lib.so"), "the same bytes every time");
        for (int i = 0; i < 3; i++) {
            assertThat(Files.readString(t.at("lib.so"))).isEqualTo("the same bytes every time");
        }
        List<FileEvent> onLib = onPath(t.events(), "/lib.so");
        assertThat(onLib).filteredOn(e -> e.op() == Op.OPEN).hasSize(3);
        assertThat(onLib).filteredOn(e -> e.op() == Op.READ).hasSize(1);
    }

    @Test
    void aFileChangedOutsideTheMountIsReadAfresh() throws Exception {
        Path backing = t.back("conf");
        Files.writeString(backing, "first");
        assertThat(Files.readString(t.at("conf"))).isEqualTo("first");
        Files.writeString(backing, "again");   // same size: only the modification time tells
        Files.setLastModifiedTime(backing, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(Files.readString(t.at("conf"))).isEqualTo("again");
        Files.writeString(backing, "and longer");
        assertThat(Files.readString(t.at("conf"))).isEqualTo("and longer");
    }

    @Test
    void writesThroughTheMountAreReadBack() throws Exception {
        Files.writeString(t.at("log"), "one");
        assertThat(Files.readString(t.at("log"))).isEqualTo("one");
        Files.writeString(t.at("log"), "two, longer");
        assertThat(Files.readString(t.at("log"))).isEqualTo("two, longer");
        assertThat(Files.readString(t.back("log"))).isEqualTo("two, longer");
    }

    private static List<FileEvent> onPath(List<TraceEvent> events, String path) {
        return events.stream().filter(e -> e instanceof FileEvent f && f.path().equals(path))
                .map(e -> (FileEvent) e).toList();
    }
}
