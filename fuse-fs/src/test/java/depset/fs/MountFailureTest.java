package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depset.trace.TraceHeader;
import depset.trace.TraceWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** Every way a mount can fail ends in one IOException line and leaves no mount behind. */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class MountFailureTest {
    @TempDir
    Path dir;

    @Test
    void aMissingMountPoint() throws IOException {
        assertFails(Files.createDirectories(dir.resolve("b")), dir.resolve("nowhere"), "does not exist");
    }

    @Test
    void aMissingBackingDirectory() throws IOException {
        assertFails(dir.resolve("nothing"), Files.createDirectories(dir.resolve("m")), "backing directory");
    }

    @Test
    void aMountPointThatIsNotEmpty() throws IOException {
        Path m = Files.createDirectories(dir.resolve("m"));
        Files.writeString(m.resolve("x"), "x");
        assertFails(Files.createDirectories(dir.resolve("b")), m, "is not empty");
    }

    @Test
    void aMountPointInUse() throws IOException {
        try (MountedTree first = MountedTree.in(dir)) {
            assertFails(Files.createDirectories(dir.resolve("b2")), first.mnt, "is busy");
            assertThat(first.mount.isServing()).isTrue();
        }
    }

    @Test
    void notRoot() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("b"));
        Files.createDirectories(dir.resolve("m"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Commands.Result r = Commands.asNobody(java, "-cp", readableClassPath(),
                MountProbe.class.getName(), dir.resolve("b").toString(), dir.resolve("m").toString());
        assertThat(r.out().strip()).isEqualTo("mounting TraceFs needs root (running as uid 65534)");
        assertThat(r.exit()).isEqualTo(1);
    }

    /** The test class path copied where nobody can read it (the Maven repository is root's). */
    private String readableClassPath() throws Exception {
        Path cp = Files.createDirectories(dir.resolve("cp"));
        List<String> entries = new java.util.ArrayList<>();
        int n = 0;
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path to = cp.resolve(n++ + "-" + Path.of(e).getFileName());
            assertThat(Commands.run("cp", "-r", e, to.toString()).exit()).isZero();
            entries.add(to.toString());
        }
        assertThat(Commands.run("chmod", "-R", "a+rX", cp.toString()).exit()).isZero();
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** Mounts below this test's temp dir (other tests of the machine may mount elsewhere meanwhile). */
    private long depsetMounts() throws IOException {
        String under = " " + dir.toRealPath() + "/";
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains(under)).count();
    }

    private void assertFails(Path backing, Path mountPoint, String reason) throws IOException {
        long before = depsetMounts();
        TraceWriter writer = TraceWriter.to(new ByteArrayOutputStream(), new TraceHeader(TraceHeader.FORMAT,
                TraceHeader.VERSION, "/", "t", "h", "v", List.of()), 16);
        try {
            assertThatThrownBy(() -> TraceMount.mount(backing, mountPoint, writer, MountOptions.defaults()).close())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(reason)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        } finally {
            writer.close();
        }
        assertThat(depsetMounts()).isEqualTo(before);
    }

    /** Tries to mount and prints the one-line reason it cannot (run as a non-root user). */
    public static final class MountProbe {
        public static void main(String[] args) throws IOException {
            TraceWriter writer = TraceWriter.to(new ByteArrayOutputStream(), new TraceHeader(TraceHeader.FORMAT,
                    TraceHeader.VERSION, "/", "t", "h", "v", List.of()), 16);
            try (TraceMount m = TraceMount.mount(Path.of(args[0]), Path.of(args[1]), writer, MountOptions.defaults())) {
                System.out.println("mounted");
            } catch (IOException e) {
                System.out.println(e.getMessage());
                System.exit(1);
            }
        }
    }
}
