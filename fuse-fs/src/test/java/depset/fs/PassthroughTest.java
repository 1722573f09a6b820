package depset.fs;

import static depset.fs.MountedTree.fileEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import depset.trace.FileEvent;
import depset.trace.Op;
import depset.trace.OpenFlags;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * FUSE passthrough, the default: an open file's reads and writes go from the kernel to the
 * backing file without a request, while every open is still recorded with its process. Needs
 * root, /dev/fuse, and a kernel that offers passthrough (Linux 6.9+ with CONFIG_FUSE_PASSTHROUGH);
 * on another kernel the mount serves reads as before and these tests are skipped, saying so.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class PassthroughTest {
    @TempDir
    Path dir;

    private MountedTree mount(MountOptions options) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        MountedTree t = MountedTree.in(dir, options);
        Files.writeString(t.back("f"), "content\n");
        Files.setPosixFilePermissions(t.back("f"), PosixFilePermissions.fromString("rw-rw-rw-"));
        return t;
    }

    /**
     * Skips the test on a kernel without passthrough; else asserts the first open was passed through
     * (so the test cannot pass on opens TraceFs served itself).
     */
    private static void assumeOffered(MountedTree t) throws IOException {
        Files.readString(t.at("f"));
        String summary = t.mount.passthroughSummary();
        assumeTrue(!summary.contains("not offered"), "this kernel has no FUSE passthrough: " + summary);
        assertThat(summary).isEqualTo("passthrough: 1 opens, 1 registrations");
    }

    @Test
    void readsAndWritesReachTheBackingFileWhileEveryOpenIsRecordedWithItsProcess() throws Exception {
        MountedTree t = mount(MountOptions.defaults());
        try {
            assumeOffered(t);
            Commands.Result cat = Commands.asNobody("cat", t.at("f").toString());
            Commands.Result append = Commands.sh("echo more >> " + t.at("f"));
            assertThat(cat.out()).isEqualTo("content\n");
            assertThat(append.exit()).isZero();
            assertThat(Files.readString(t.back("f"))).isEqualTo("content\nmore\n");
            assertThat(t.mount.passthroughSummary()).matches("passthrough: [1-9][0-9]* opens, [1-9][0-9]* registrations");

            List<FileEvent> events = fileEvents(t.events());
            assertThat(events).anyMatch(e -> e.pid() == cat.pid() && e.op() == Op.OPEN && e.path().equals("/f"));
            assertThat(events).anyMatch(e -> e.op() == Op.OPEN && e.path().equals("/f")
                    && OpenFlags.writes(e.flags()));
            assertThat(events).noneMatch(e -> e.op() == Op.READ || e.op() == Op.WRITE);
        } finally {
            t.close();
        }
    }

    @Test
    void withoutPassthroughEveryReadAndWriteIsARequest() throws Exception {
        MountedTree t = mount(MountOptions.defaults().withoutPassthrough());
        try {
            Commands.Result cat = Commands.asNobody("cat", t.at("f").toString());
            Commands.Result append = Commands.sh("echo more >> " + t.at("f"));
            assertThat(cat.out()).isEqualTo("content\n");
            assertThat(append.exit()).isZero();
            assertThat(t.mount.passthroughSummary()).isEqualTo("passthrough: off");
            List<FileEvent> events = fileEvents(t.events());
            assertThat(events).anyMatch(e -> e.pid() == cat.pid() && e.op() == Op.READ && e.path().equals("/f"));
            assertThat(events).anyMatch(e -> e.pid() == append.pid() && e.op() == Op.WRITE && e.path().equals("/f"));
        } finally {
            t.close();
        }
    }

    /**
     * The kernel fails an open (EIO) that would serve one inode two ways at once, or from two
     * backing registrations: so readers, a writer and a mapping of the same file, and several threads
     * opening and closing it at once, must all work. (A hard link is another node under libfuse2's
     * high-level API, with its own registration: it is opened beside them too.)
     */
    @Test
    void opensOfOneFileAtOnceShareItsModeWhateverTheirAccess() throws Exception {
        MountedTree t = mount(MountOptions.defaults());
        try {
            assumeOffered(t);
            Files.createLink(t.back("h"), t.back("f"));
            try (FileChannel reader = FileChannel.open(t.at("f"), StandardOpenOption.READ);
                 FileChannel writer = FileChannel.open(t.at("f"), StandardOpenOption.WRITE);
                 FileChannel second = FileChannel.open(t.at("h"), StandardOpenOption.READ)) {
                MappedByteBuffer map = reader.map(FileChannel.MapMode.READ_ONLY, 0, 7);
                writer.write(ByteBuffer.wrap("CONTENT".getBytes(StandardCharsets.US_ASCII)), 0);
                ByteBuffer back = ByteBuffer.allocate(8);
                reader.read(back, 0);
                assertThat(new String(back.array(), StandardCharsets.US_ASCII)).isEqualTo("CONTENT\n");
                byte[] mapped = new byte[7];
                map.get(mapped);
                assertThat(new String(mapped, StandardCharsets.US_ASCII)).isEqualTo("CONTENT");
                ByteBuffer viaLink = ByteBuffer.allocate(8);
                second.read(viaLink, 0);
                assertThat(new String(viaLink.array(), StandardCharsets.US_ASCII)).isEqualTo("CONTENT\n");
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    boolean writes = w == 0;
                    Path p = t.at(w == 3 ? "h" : "f");
                    done.add(pool.submit(() -> openAndCloseRepeatedly(p, writes)));
                }
                for (Future<Integer> f : done) {
                    assertThat(f.get()).isEqualTo(200);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(Files.readString(t.back("f"))).isEqualTo("CONTENT\n");
            assertThat(t.mount.passthroughSummary()).matches("passthrough: [1-9][0-9]* opens, [1-9][0-9]* registrations");
        } finally {
            t.close();
        }
    }

    /**
     * A file opened again after its last close takes the registration kept for it, and reads what
     * the file holds now: after a write through the mount, and after the file was replaced behind
     * the mount (another inode: a registration of its own).
     */
    @Test
    void aFileOpenedAgainTakesItsKeptRegistrationAndReadsWhatItHoldsNow() throws Exception {
        MountedTree t = mount(MountOptions.defaults());
        try {
            assumeOffered(t);
            awaitKept(t, 1);
            assertThat(Files.readString(t.at("f"))).isEqualTo("content\n");
            awaitKept(t, 1);
            assertThat(Commands.asNobody("cat", t.at("f").toString()).out()).isEqualTo("content\n");
            assertThat(t.mount.passthroughSummary()).isEqualTo("passthrough: 3 opens, 1 registrations");

            awaitKept(t, 1);
            Files.writeString(t.at("f"), "changed\n");
            awaitKept(t, 1);
            assertThat(Files.readString(t.at("f"))).isEqualTo("changed\n");
            assertThat(Files.readString(t.back("f"))).isEqualTo("changed\n");
            assertThat(t.mount.passthroughSummary()).isEqualTo("passthrough: 5 opens, 1 registrations");

            awaitKept(t, 1); // the file is closed: its next open goes by the path, not by an open node
            Path replacement = Files.writeString(t.back("f.new"), "replaced\n");
            Files.setPosixFilePermissions(replacement, PosixFilePermissions.fromString("rw-rw-rw-"));
            Files.move(replacement, t.back("f"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Commands.asNobody("cat", t.at("f").toString()).out()).isEqualTo("replaced\n");
            assertThat(t.mount.passthroughSummary()).isEqualTo("passthrough: 6 opens, 2 registrations");
        } finally {
            t.close();
        }
    }

    /**
     * Waits until TraceFs has {@code n} registrations kept unused: the kernel sends a release after
     * the program's close has returned, so an open right after it may still find the node open.
     */
    private static void awaitKept(MountedTree t, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (t.mount.passthroughKeptUnused() != n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(t.mount.passthroughKeptUnused()).as("registrations kept unused").isEqualTo(n);
    }

    /**
     * A file written through the mount is not held open for writing once the program closed it (a
     * registration made from a writable descriptor is not kept): its backing file runs, where a
     * writer still holding it would make the exec fail with ETXTBSY. The release reaches TraceFs
     * after the close returns, so the exec is tried until it runs.
     */
    @Test
    void aFileWrittenThroughTheMountIsNotHeldOpenForWritingAfterItsClose() throws Exception {
        MountedTree t = mount(MountOptions.defaults());
        try {
            assumeOffered(t);
            assertThat(Commands.run("cp", "/usr/bin/true", t.at("true").toString()).exit()).isZero();
            assertThat(Commands.run("chmod", "755", t.at("true").toString()).exit()).isZero();
            assertThat(t.mount.passthroughSummary()).isEqualTo("passthrough: 2 opens, 2 registrations");
            long deadline = System.nanoTime() + 5_000_000_000L;
            String failure = "";
            while (System.nanoTime() < deadline) {
                try {
                    int exit = Commands.run(t.back("true").toString()).exit();
                    if (exit == 0) {
                        failure = null;
                        break;
                    }
                    failure = "exit " + exit;
                } catch (IOException e) {
                    failure = e.getMessage();
                }
                Thread.sleep(20);
            }
            assertThat(failure).as("exec of the backing file").isNull();
            assertThat(Commands.run(t.at("true").toString()).exit()).isZero();
        } finally {
            t.close();
        }
    }

    @Test
    void aProgramRunsFromTheMountAndItsExecIsRecorded() throws Exception {
        MountedTree t = mount(MountOptions.defaults());
        try {
            assumeOffered(t);
            Files.copy(Path.of("/usr/bin/true"), t.back("true"), StandardCopyOption.COPY_ATTRIBUTES);
            Commands.Result run = Commands.run(t.at("true").toString());
            assertThat(run.exit()).isZero();
            assertThat(fileEvents(t.events())).anyMatch(e -> e.pid() == run.pid() && e.op() == Op.OPEN
                    && e.path().equals("/true") && e.isExec());
        } finally {
            t.close();
        }
    }

    /**
     * A backing tree two overlays deep (depset's overlay over a root that is itself an overlay, as in
     * a container) is deeper than the kernel lets a passthrough file be: it refuses the registration
     * (ELOOP), and from then on TraceFs serves the reads itself, so the program still reads its file.
     */
    @Test
    void aBackingTreeTooDeeplyStackedIsServedByTraceFsInstead() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path lower = Files.createDirectories(dir.resolve("lower"));
        Files.writeString(lower.resolve("f"), "content\n");
        Path first = overlay(lower, Files.createDirectories(dir.resolve("first")));
        try {
            Path second = overlay(first, Files.createDirectories(dir.resolve("t/backing")));
            try {
                List<FileEvent> events;
                try (MountedTree t = MountedTree.in(dir.resolve("t"), MountOptions.defaults())) {
                    assertThat(Files.readString(t.at("f"))).isEqualTo("content\n");
                    String summary = t.mount.passthroughSummary();
                    assumeTrue(!summary.contains("not offered"), "this kernel has no FUSE passthrough: " + summary);
                    assertThat(summary).isEqualTo("passthrough: 0 opens, 0 registrations, 1 refused by the kernel, errno 40");
                    // The device is not tried again: the second open is served by TraceFs without asking.
                    assertThat(Files.readString(t.at("f"))).isEqualTo("content\n");
                    assertThat(t.mount.passthroughSummary()).isEqualTo(summary);
                    events = fileEvents(t.events());
                }
                assertThat(events).filteredOn(e -> e.op() == Op.READ && e.path().equals("/f")).hasSizeGreaterThanOrEqualTo(1);
            } finally {
                Commands.run("umount", "--lazy", second.toString()); // the daemon may hold the tree a moment longer
            }
        } finally {
            Commands.run("umount", "--lazy", first.toString());
        }
    }

    /** Mounts an overlay of {@code lower} at {@code at}, its upper and work directories beside it. */
    private Path overlay(Path lower, Path at) throws IOException {
        Path upper = Files.createDirectories(dir.resolve(at.getFileName() + ".upper"));
        Path work = Files.createDirectories(dir.resolve(at.getFileName() + ".work"));
        Commands.Result r = Commands.run("mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work, at.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        return at;
    }

    /** Opens, reads (or rewrites the same bytes) and closes {@code p} 200 times; the count that worked. */
    private static int openAndCloseRepeatedly(Path p, boolean writes) throws IOException {
        int ok = 0;
        for (int i = 0; i < 200; i++) {
            if (writes) {
                try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    c.write(ByteBuffer.wrap("CONTENT".getBytes(StandardCharsets.US_ASCII)), 0);
                }
            } else if (!Files.readString(p).equals("CONTENT\n")) {
                continue;
            }
            ok++;
        }
        return ok;
    }
}
