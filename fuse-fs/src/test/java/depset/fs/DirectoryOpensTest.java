package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import depset.trace.FileEvent;
import depset.trace.Op;
import depset.trace.TraceEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directories opened and closed by the kernel without a request ({@link DirectoryOpens}), the
 * default: every listing is still recorded with its process, long listings come whole over many
 * requests, and what else a directory's descriptor can ask (fsync, ioctl) is answered.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class DirectoryOpensTest {
    /** Enough long names that one listing takes many READDIR requests. */
    private static final int FILES = 600;

    @TempDir
    Path dir;

    private MountedTree mount(MountOptions options) throws IOException {
        MountedTree t = MountedTree.in(dir, options);
        Files.createDirectories(t.back("d"));
        for (int i = 0; i < FILES; i++) {
            Files.writeString(t.back("d/" + "long-name-for-many-requests-".repeat(3) + i), "");
        }
        return t;
    }

    @Test
    void aListingIsRecordedWithItsProcessAndComesWholeWithoutAnOpendir() throws Exception {
        MountedTree t = mount(MountOptions.defaults());
        Commands.Result ls;
        try {
            ls = Commands.run("ls", "-f", t.at("d").toString());
        } finally {
            t.close();
        }
        assertThat(ls.exit()).isZero();
        assertThat(new TreeSet<>(Arrays.asList(ls.out().split("\n")))).isEqualTo(names(t.back("d")));
        List<FileEvent> mine = by(t.events(), ls.pid());
        assertThat(mine).filteredOn(e -> e.op() == Op.READDIR && e.path().equals("/d")).as("many requests")
                .hasSizeGreaterThan(2).allMatch(e -> !e.failed());
        assertThat(mine).noneMatch(e -> e.op() == Op.OPENDIR || e.op() == Op.RELEASEDIR);
    }

    @Test
    void withNothingCachedEveryOpendirIsARequest() throws Exception {
        MountedTree t = mount(MountOptions.defaults().cache(KernelCache.NONE));
        Commands.Result ls;
        try {
            ls = Commands.run("ls", "-f", t.at("d").toString());
        } finally {
            t.close();
        }
        assertThat(ls.out().split("\n")).hasSize(FILES + 2);
        assertThat(by(t.events(), ls.pid())).anyMatch(e -> e.op() == Op.OPENDIR && e.path().equals("/d"))
                .anyMatch(e -> e.op() == Op.READDIR && e.path().equals("/d"));
    }

    /**
     * A directory's descriptor can also be synced and asked an ioctl: libfuse2 would look for the
     * handle the kernel no longer has, so the mount must answer both and live on.
     */
    @Test
    void aDirectorysFsyncAndIoctlAreAnsweredAndTheMountLivesOn() throws Exception {
        MountedTree t = mount(MountOptions.defaults());
        try {
            Commands.Result r = Commands.run("python3", "-c", String.join("\n",
                    "import errno, fcntl, os, sys",
                    "fd = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)",
                    "os.fsync(fd)",
                    "try:",
                    "    fcntl.ioctl(fd, 0x5401)",  // TCGETS: no file system has it, so the kernel asks the daemon
                    "except OSError as e:",
                    "    print(errno.errorcode[e.errno])",
                    "print(len(os.listdir(fd)))"), t.at("d").toString());
            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(r.out()).isEqualTo("ENOTTY\n" + FILES + "\n");
            assertThat(Commands.run("ls", t.at("d").toString()).exit()).isZero();
        } finally {
            t.close();
        }
    }

    private static TreeSet<String> names(Path d) throws IOException {
        TreeSet<String> out = new TreeSet<>(List.of(".", ".."));
        try (Stream<Path> s = Files.list(d)) {
            s.forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }

    private static List<FileEvent> by(List<TraceEvent> events, long pid) {
        List<FileEvent> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e instanceof FileEvent f && f.pid() == pid) {
                out.add(f);
            }
        }
        return out;
    }
}
