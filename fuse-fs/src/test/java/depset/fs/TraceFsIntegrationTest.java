package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import depset.natives.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * TraceFs through a real mount, operation by operation, against what the backing file system
 * itself does. Needs root and /dev/fuse.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class TraceFsIntegrationTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path dir;
    MountedTree t;

    @BeforeEach
    void mount() throws IOException {
        // Non-root callers must be able to reach the mount point through the temp dir.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        t = MountedTree.in(dir);
    }

    @AfterEach
    void unmount() throws IOException {
        t.close();
        assertThat(TraceMount.isMountPoint(t.mnt.toRealPath())).isFalse();
    }

    @Test
    void readsAndWritesGoThroughBothWays() throws Exception {
        Files.writeString(t.back("a.txt"), "from the backing side");
        assertThat(Files.readString(t.at("a.txt"))).isEqualTo("from the backing side");

        Files.writeString(t.at("b.txt"), "through the mount");
        assertThat(Files.readString(t.back("b.txt"))).isEqualTo("through the mount");

        Files.writeString(t.at("b.txt"), " and more", StandardOpenOption.APPEND);
        assertThat(Files.readString(t.back("b.txt"))).isEqualTo("through the mount and more");

        try (RandomAccessFile f = new RandomAccessFile(t.at("b.txt").toFile(), "rw")) {
            f.seek(8);
            f.write("THE".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.readString(t.back("b.txt"))).isEqualTo("through THE mount and more");
        assertThat(Files.size(t.at("b.txt"))).isEqualTo(Files.size(t.back("b.txt")));
    }

    @Test
    void directoriesListWithTheirEntryTypes() throws Exception {
        Files.createDirectories(t.at("d/sub"));
        Files.writeString(t.at("d/file"), "x");
        Files.createSymbolicLink(t.at("d/link"), Path.of("file"));
        assertThat(Commands.run("mkfifo", t.at("d/fifo").toString()).exit()).isZero();

        assertThat(Files.isDirectory(t.back("d/sub"), NOFOLLOW)).isTrue();
        assertThat(Files.isSymbolicLink(t.back("d/link"))).isTrue();
        assertThat(Files.readSymbolicLink(t.at("d/link"))).isEqualTo(Path.of("file"));
        assertThat((int) Files.getAttribute(t.back("d/fifo"), "unix:mode") & 0170000).isEqualTo(0010000);

        Map<String, Integer> mounted = direntTypes(t.at("d"));
        assertThat(mounted).isEqualTo(direntTypes(t.back("d")));
        assertThat(mounted).containsEntry("sub", 4).containsEntry("file", 8).containsEntry("link", 10)
                .containsEntry("fifo", 1);

        Files.delete(t.at("d/sub"));
        assertThat(t.back("d/sub")).doesNotExist();
        assertThatFails(() -> Files.delete(t.at("d")), "DirectoryNotEmptyException");
    }

    @Test
    void aDirectoryLargerThanOneReadOfEntriesListsWhole() throws Exception {
        Path big = Files.createDirectories(t.back("big"));
        String pad = "x".repeat(100);
        for (int i = 0; i < 3000; i++) {
            Files.createFile(big.resolve(pad + i));
        }
        try (Stream<Path> s = Files.list(t.at("big"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .isEqualTo(direntTypes(big).keySet().stream().sorted().toList())
                    .hasSize(3000);
        }
    }

    @Test
    void namesThatAreNotAsciiGoThrough() throws Exception {
        String name = "Főtanúsítvány-証明書.crt";
        Files.writeString(t.back(name), "utf-8 name");
        assertThat(Files.readString(t.at(name))).isEqualTo("utf-8 name");
        Files.writeString(t.at("é-" + name), "made");
        assertThat(Files.readString(t.back("é-" + name))).isEqualTo("made");
        assertThat(Commands.run("ls", t.mnt.toString()).out()).contains(name);
    }

    @Test
    void hardLinksShareTheInode() throws Exception {
        Files.writeString(t.at("one"), "shared");
        Files.createLink(t.at("two"), t.at("one"));
        assertThat(Files.getAttribute(t.back("one"), "unix:nlink")).isEqualTo(2);
        assertThat(Files.getAttribute(t.at("two"), "unix:ino")).isEqualTo(Files.getAttribute(t.back("one"), "unix:ino"));
        Files.writeString(t.at("two"), "changed");
        assertThat(Files.readString(t.at("one"))).isEqualTo("changed");
        Files.delete(t.at("one"));
        // The kernel sends the release of the read above without waiting for it: when the unlink
        // overtakes it, libfuse keeps "one" as a hidden name until that release, and removes it then.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!Integer.valueOf(1).equals(Files.getAttribute(t.at("two"), "unix:nlink")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Files.getAttribute(t.at("two"), "unix:nlink")).isEqualTo(1);
    }

    @Test
    void renamesReplaceExistingFilesAndMoveDirectories() throws Exception {
        Files.writeString(t.at("new"), "new content");
        Files.writeString(t.at("old"), "old content");
        Files.move(t.at("new"), t.at("old"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(t.back("new")).doesNotExist();
        assertThat(Files.readString(t.back("old"))).isEqualTo("new content");

        Files.createDirectories(t.at("x/y"));
        Files.writeString(t.at("x/y/f"), "deep");
        Files.createDirectories(t.at("z"));
        Files.move(t.at("x/y"), t.at("z/y"));
        assertThat(Files.readString(t.back("z/y/f"))).isEqualTo("deep");
        assertThat(t.at("x/y")).doesNotExist();
    }

    @Test
    void aFileUnlinkedWhileOpenStaysUsableAndUnlisted() throws Exception {
        Files.writeString(t.at("tmp"), "still here");
        try (FileChannel ch = FileChannel.open(t.at("tmp"), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Files.delete(t.at("tmp"));
            ch.write(ByteBuffer.wrap(" and written".getBytes(StandardCharsets.UTF_8)), 10);
            ByteBuffer b = ByteBuffer.allocate(100);
            ch.read(b, 0);
            assertThat(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8)).isEqualTo("still here and written");
            assertThat(ch.size()).isEqualTo(22);
            try (Stream<Path> s = Files.list(t.mnt)) {
                assertThat(s).isEmpty(); // libfuse's .fuse_hidden stand-in is not listed
            }
        }
        // The kernel sends RELEASE after close(2) has returned: give it a moment.
        for (int i = 0; i < 100 && !isEmpty(t.backing); i++) {
            Thread.sleep(20);
        }
        assertThat(isEmpty(t.backing)).as("the stand-in goes with the last close").isTrue();
    }

    @Test
    void attributesChangeOnTheBackingFile() throws Exception {
        Files.writeString(t.at("f"), "x");
        Files.setAttribute(t.at("f"), "unix:mode", 04750);
        assertThat(Files.getAttribute(t.back("f"), "unix:mode")).isEqualTo(0104750);
        Files.setAttribute(t.at("f"), "unix:uid", 1234);
        Files.setAttribute(t.at("f"), "unix:gid", 4321);
        assertThat(Files.getAttribute(t.back("f"), "unix:uid")).isEqualTo(1234);
        assertThat(Files.getAttribute(t.back("f"), "unix:gid")).isEqualTo(4321);
        FileTime when = FileTime.from(Instant.parse("2001-02-03T04:05:06.123456789Z"));
        Files.setLastModifiedTime(t.at("f"), when);
        assertThat(Files.getLastModifiedTime(t.back("f"))).isEqualTo(when);
        assertThat(Commands.run("touch", "-h", "-d", "@1000000000", t.at("f").toString()).exit()).isZero();
        assertThat(Files.getLastModifiedTime(t.back("f")).toMillis()).isEqualTo(1_000_000_000_000L);

        Files.createSymbolicLink(t.at("l"), Path.of("f"));
        assertThat(Commands.run("chown", "-h", "42:43", t.at("l").toString()).exit()).isZero();
        assertThat(Files.getAttribute(t.back("l"), "unix:uid", NOFOLLOW)).isEqualTo(42);
        assertThat(Files.getAttribute(t.back("f"), "unix:uid")).as("not the target").isEqualTo(1234);
    }

    @Test
    void truncateShrinksAndGrows() throws Exception {
        Files.writeString(t.at("f"), "0123456789");
        assertThat(Commands.run("truncate", "-s", "4", t.at("f").toString()).exit()).isZero();
        assertThat(Files.readString(t.back("f"))).isEqualTo("0123");
        try (FileChannel ch = FileChannel.open(t.at("f"), StandardOpenOption.WRITE)) {
            ch.truncate(2); // ftruncate on an open file
        }
        assertThat(Files.readString(t.back("f"))).isEqualTo("01");
        assertThat(Commands.run("truncate", "-s", "100", t.at("f").toString()).exit()).isZero();
        assertThat(Files.size(t.back("f"))).isEqualTo(100);
    }

    @Test
    void sparseFilesKeepTheirHoles() throws Exception {
        long gib = 1L << 30;
        try (FileChannel ch = FileChannel.open(t.at("sparse"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1}), gib);
        }
        assertThat(Files.size(t.back("sparse"))).isEqualTo(gib + 1);
        assertThat(blocks(t.back("sparse"))).as("512-byte blocks allocated").isLessThan(1024);
        assertThat(blocks(t.at("sparse"))).isEqualTo(blocks(t.back("sparse")));
        assertThat(Commands.run("truncate", "-s", "10G", t.at("hole").toString()).exit()).isZero();
        assertThat(blocks(t.back("hole"))).isZero();
        try (FileChannel ch = FileChannel.open(t.at("sparse"))) {
            ByteBuffer b = ByteBuffer.allocate(4);
            ch.read(b, gib - 3);
            assertThat(b.array()).containsExactly(0, 0, 0, 1);
        }
    }

    @Test
    void fallocateReservesSpace() throws Exception {
        Commands.Result r = Commands.run("fallocate", "-l", "1M", t.at("f").toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(Files.size(t.back("f"))).isEqualTo(1 << 20);
        assertThat(blocks(t.back("f"))).isGreaterThanOrEqualTo(2048);
    }

    @Test
    void userExtendedAttributesRoundTrip() throws Exception {
        Files.writeString(t.at("f"), "x");
        UserDefinedFileAttributeView mounted = Files.getFileAttributeView(t.at("f"), UserDefinedFileAttributeView.class);
        mounted.write("depset.test", StandardCharsets.UTF_8.encode("value"));
        UserDefinedFileAttributeView backing = Files.getFileAttributeView(t.back("f"), UserDefinedFileAttributeView.class);
        assertThat(backing.list()).containsExactly("depset.test");
        ByteBuffer b = ByteBuffer.allocate(backing.size("depset.test"));
        backing.read("depset.test", b);
        assertThat(new String(b.array(), StandardCharsets.UTF_8)).isEqualTo("value");
        assertThat(mounted.list()).containsExactly("depset.test");
        assertThat(mounted.size("depset.test")).isEqualTo(5);
        mounted.delete("depset.test");
        assertThat(backing.list()).isEmpty();
        assertThatFails(() -> mounted.size("depset.missing"), "FileSystemException");
    }

    @Test
    void directIoReadsAndWritesWithAlignedBuffers() throws Exception {
        Commands.Result w = Commands.sh("dd if=/dev/urandom of=" + t.at("direct") + " bs=4096 count=64 oflag=direct"
                + " status=none && dd if=" + t.at("direct") + " iflag=direct bs=4096 status=none | sha256sum");
        assertThat(w.exit()).as(w.out()).isZero();
        assertThat(w.out().split(" ")[0]).isEqualTo(sha256(Files.readAllBytes(t.back("direct"))));
        assertThat(Files.size(t.back("direct"))).isEqualTo(64 * 4096);
    }

    @Test
    void statfsReportsTheBackingFileSystem() throws Exception {
        assertThat(Files.getFileStore(t.mnt).getTotalSpace()).isEqualTo(Files.getFileStore(t.backing).getTotalSpace());
    }

    @Test
    void fsyncReachesTheBackingFile() throws Exception {
        try (FileChannel ch = FileChannel.open(t.at("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {42}));
            ch.force(true);
            ch.force(false);
        }
        assertThat(Files.readAllBytes(t.back("f"))).containsExactly(42);
        try (FileChannel d = FileChannel.open(t.mnt, StandardOpenOption.READ)) {
            d.force(true); // fsync of a directory: FUSE's fsyncdir
        }
        assertThat(t.events()).anyMatch(e -> e instanceof depset.trace.FileEvent f && f.op() == depset.trace.Op.FSYNCDIR
                && f.path().equals("/") && !f.failed());
        assertThat(t.events().stream().filter(e -> e instanceof depset.trace.FileEvent f
                && f.op() == depset.trace.Op.FSYNC && f.path().equals("/f"))).hasSize(2);
    }

    @Test
    void nonRootCallersAreCheckedAndOwnWhatTheyCreate() throws Exception {
        Path priv = Files.createDirectories(t.back("private"));
        Files.writeString(priv.resolve("secret"), "root only");
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rwx------"));
        Path open = Files.createDirectories(t.back("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(t.back("readonly"), "root's");

        Commands.Result denied = Commands.asNobody("cat", t.at("private/secret").toString());
        assertThat(denied.exit()).isNotZero();
        assertThat(denied.out()).contains("Permission denied");
        Commands.Result notWritable = Commands.asNobody("sh", "-c", "echo x > " + t.at("readonly"));
        assertThat(notWritable.out()).contains("Permission denied");
        assertThat(Files.readString(t.back("readonly"))).isEqualTo("root's");
        assertThat(Commands.asNobody("ls", t.at("private").toString()).out()).contains("Permission denied");

        Commands.Result made = Commands.asNobody("sh", "-c", "umask 022 && echo mine > " + t.at("open/file")
                + " && mkdir " + t.at("open/dir") + " && ln -s file " + t.at("open/link") + " && chmod 600 "
                + t.at("open/file"));
        assertThat(made.exit()).as(made.out()).isZero();
        for (String p : List.of("open/file", "open/dir", "open/link")) {
            assertThat(Files.getAttribute(t.back(p), "unix:uid", NOFOLLOW)).as(p).isEqualTo(Commands.NOBODY);
            assertThat(Files.getAttribute(t.back(p), "unix:gid", NOFOLLOW)).as(p).isEqualTo(Commands.NOBODY);
        }
        assertThat(Files.getAttribute(t.back("open/dir"), "unix:mode")).isEqualTo(040755);
        assertThat(Files.getAttribute(t.back("open/file"), "unix:mode")).isEqualTo(0100600);
        assertThat(Commands.asNobody("chmod", "777", t.at("readonly").toString()).out())
                .contains("Operation not permitted");
        assertThat(Commands.asNobody("cat", t.at("open/file").toString()).out()).isEqualTo("mine\n");
    }

    @Test
    void concurrentReadersAndWritersSeeTheirOwnBytes() throws Exception {
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers * 2);
        try {
            List<Future<String>> written = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                written.add(pool.submit(() -> {
                    Random r = new Random(id);
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    try (FileChannel ch = FileChannel.open(t.at("w" + id), StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                        for (int i = 0; i < 64; i++) {
                            byte[] chunk = new byte[1 + r.nextInt(100_000)];
                            r.nextBytes(chunk);
                            md.update(chunk);
                            ByteBuffer b = ByteBuffer.wrap(chunk);
                            while (b.hasRemaining()) {
                                ch.write(b);
                            }
                        }
                    }
                    return HexFormat.of().formatHex(md.digest());
                }));
            }
            // Readers hammer a shared file while the writers write.
            byte[] common = new byte[3 << 20];
            new Random(99).nextBytes(common);
            Files.write(t.back("common"), common);
            String commonSum = sha256(common);
            List<Future<Boolean>> readers = new ArrayList<>();
            for (int r = 0; r < writers; r++) {
                readers.add(pool.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        if (!sha256(Files.readAllBytes(t.at("common"))).equals(commonSum)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : readers) {
                assertThat(f.get()).isTrue();
            }
            for (int w = 0; w < writers; w++) {
                String sum = written.get(w).get();
                assertThat(sha256(Files.readAllBytes(t.at("w" + w)))).isEqualTo(sum);
                assertThat(sha256(Files.readAllBytes(t.back("w" + w)))).isEqualTo(sum);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A directory of the backing tree swapped for a symlink to / (and back) while requests go
     * on: the kernel may have looked the name up as a directory just before, so the daemon sees
     * paths through it; it must refuse them, not follow the symlink out of the backing root.
     */
    @Test
    void aDirectorySwappedForASymlinkNeverLeadsOutOfTheBackingRoot() throws Exception {
        Path d = Files.createDirectories(t.back("d/etc"));
        Files.writeString(d.resolve("hostname"), "inside");
        // The symlink leads to a stand-in for "/" next to the backing tree: the test runs as root
        // and the kernel follows the symlink itself for the test's own calls.
        Path outside = Files.createDirectories(dir.resolve("outside/etc"));
        Files.writeString(outside.resolve("hostname"), "outside");
        Path real = t.back("d.real");
        Path swapped = t.back("d.link");
        Files.createSymbolicLink(swapped, outside.getParent());
        long outsideIno = (long) Files.getAttribute(outside.resolve("hostname"), "unix:ino");
        long insideIno = (long) Files.getAttribute(d.resolve("hostname"), "unix:ino");

        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread swapper = new Thread(() -> {
            try {
                while (!stop.get()) {
                    Files.move(t.back("d"), real, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(swapped, t.back("d"), StandardCopyOption.ATOMIC_MOVE);
                    Thread.onSpinWait();
                    Files.move(t.back("d"), swapped, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(real, t.back("d"), StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        swapper.start();
        int readsInside = 0;
        int made = 0;
        for (int i = 0; i < 300; i++) {
            try (InputStream in = Files.newInputStream(t.at("d/etc/hostname"))) {
                String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (s.equals("inside")) {
                    readsInside++;
                }
            } catch (IOException expected) {
                // the name was being swapped
            }
            try {
                Files.writeString(t.at("d/etc/made-" + made++), "w");
            } catch (IOException expected) {
                // ditto
            }
        }
        stop.set(true);
        swapper.join();
        // Swapping over, "d" is the real directory again.
        assertThat(Files.readString(t.at("d/etc/hostname"))).isEqualTo("inside");
        // The kernel itself follows the symlink when it sees one (to the host's /etc, outside
        // the mount, where the daemon never goes): what the daemon served is in the trace.
        List<depset.trace.TraceEvent> events = t.events();
        List<depset.trace.FileEvent> served = events.stream()
                .filter(e -> e instanceof depset.trace.FileEvent f && f.path().startsWith("/d/etc/") && !f.failed())
                .map(e -> (depset.trace.FileEvent) e).toList();
        assertThat(served).isNotEmpty();
        List<Long> outsideInodes = new ArrayList<>();
        try (Stream<Path> s = Files.list(outside)) {
            for (Path p : s.toList()) {
                outsideInodes.add((Long) Files.getAttribute(p, "unix:ino"));
            }
        }
        assertThat(outsideInodes).contains(outsideIno);
        assertThat(served).allSatisfy(e -> assertThat(outsideInodes).doesNotContain(e.ino()));
        assertThat(served.stream().filter(e -> e.path().equals("/d/etc/hostname")).map(e -> e.ino()))
                .containsOnly(insideIno);
        long refused = events.stream().filter(e -> e instanceof depset.trace.FileEvent f
                && f.path().startsWith("/d/") && f.result() == LibC.ELOOP).count();
        System.out.println("escape race: " + readsInside + " of 300 reads served from inside, " + refused
                + " requests refused with ELOOP by the daemon");
    }

    @Test
    void unmountIsLazyWhenBusyAndCloseIsIdempotent() throws Exception {
        Process busy = new ProcessBuilder("sleep", "30").directory(t.mnt.toFile()).start();
        try {
            Thread.sleep(100);
            t.close();
            assertThat(TraceMount.isMountPoint(t.mnt.toRealPath())).isFalse();
            t.close();
            assertThat(t.mount.isServing()).as("the detached mount serves its last user").isTrue();
        } finally {
            busy.destroyForcibly();
            busy.waitFor();
        }
        for (int i = 0; i < 250 && t.mount.isServing(); i++) {
            Thread.sleep(20);
        }
        assertThat(t.mount.isServing()).as("the daemon ends with the last user").isFalse();
    }

    private static boolean isEmpty(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }

    private static long blocks(Path p) throws IOException, InterruptedException {
        return Long.parseLong(Commands.run("stat", "-c", "%b", p.toString()).out().trim());
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** name → d_type of a directory's entries, read with getdents64 (what readdir hands out). */
    private static Map<String, Integer> direntTypes(Path d) {
        LibC libc = LibC.INSTANCE;
        int fd = libc.openat(LibC.AT_FDCWD, d.toString(), LibC.O_RDONLY | LibC.O_DIRECTORY, 0);
        assertThat(fd).isNotNegative();
        Map<String, Integer> types = new TreeMap<>();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.nativeOrder());
        try {
            long n;
            while ((n = libc.syscall(LibC.SYS_GETDENTS64, fd, buf, buf.capacity())) > 0) {
                for (int pos = 0; pos < n; ) {
                    int reclen = buf.getShort(pos + 16) & 0xffff;
                    int type = buf.get(pos + 18);
                    int end = pos + 19;
                    while (buf.get(end) != 0) {
                        end++;
                    }
                    byte[] name = new byte[end - pos - 19];
                    buf.get(pos + 19, name);
                    String s = new String(name, StandardCharsets.UTF_8);
                    if (!s.equals(".") && !s.equals("..")) {
                        types.put(s, type);
                    }
                    pos += reclen;
                }
            }
        } finally {
            libc.close(fd);
        }
        return types;
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void assertThatFails(Action a, String exceptionName) {
        try {
            a.run();
        } catch (Exception e) {
            assertThat(e.getClass().getSimpleName()).isEqualTo(exceptionName);
            return;
        }
        throw new AssertionError("expected " + exceptionName);
    }
}
