package depset.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pass-through never reaches outside its backing root, even while another process swaps a
 * directory of the backing tree for a symlink (to {@code /}, and to a canary directory outside
 * the root) and back, as fast as it can, under readers and writers working through the mount.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class EscapeRaceTest {
    private static final String CANARY = "CANARY-outside-the-root";

    @TempDir
    Path dir;

    @Test
    void swappingADirectoryForASymlinkNeverLetsARequestOut() throws Exception {
        Path canary = Files.createDirectory(dir.resolve("canary"));
        Files.writeString(canary.resolve("f"), CANARY + "\n");
        Files.createDirectory(canary.resolve("sub"));
        String unique = "depset-escape-" + ProcessHandle.current().pid();
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();
        AtomicLong reads = new AtomicLong();
        AtomicLong swaps = new AtomicLong();
        try (MountedTree t = MountedTree.in(dir)) {
            Path real = Files.createDirectory(t.back("d.real"));
            Files.writeString(real.resolve("f"), "inside\n");
            Files.createDirectory(real.resolve("sub"));
            Path d = t.back("d");
            Thread swapper = new Thread(() -> {
                int i = 0;
                while (!stop.get()) {
                    try {
                        Files.move(real, d, StandardCopyOption.ATOMIC_MOVE);
                        Thread.onSpinWait();
                        Files.move(d, real, StandardCopyOption.ATOMIC_MOVE);
                        Files.createSymbolicLink(d, (i++ % 2 == 0) ? Path.of("/") : canary);
                        Thread.onSpinWait();
                        Files.delete(d);
                        swaps.incrementAndGet();
                    } catch (IOException e) {
                        leaks.add("swapper failed: " + e);
                        return;
                    }
                }
            });
            // The readers run chrooted into the mount, as depset run runs a program: a symlink the
            // kernel follows then resolves inside the mount, so anything from outside the backing
            // root can only come from TraceFs itself following the swapped-in symlink.
            installShell(t.backing);
            String script = "exec 2>/errors-$0; i=0\n"
                    + "while [ $i -lt 1500 ]; do i=$((i+1))\n"
                    + "  read -r l </d/f && echo \"R:$l\"\n"
                    + "  read -r l </d/etc/passwd && echo \"R:$l\"\n"
                    + "  read -r l </d/sub/../f && echo \"R:$l\"\n"
                    + "  echo written >/d/" + unique + "-$0-$i\n"
                    + "  echo written >/d/sub/" + unique + "-$0-$i\n"
                    + "  for x in /d/*; do case $x in /d/etc|/d/proc|/d/usr|/d/tmp) echo \"L:$x\";; esac; done\n"
                    + "done\n";
            List<Process> workers = new java.util.ArrayList<>();
            swapper.start();
            for (int w = 0; w < 3; w++) {
                workers.add(new ProcessBuilder("chroot", t.mnt.toString(), "/bin/sh", "-c", script, "w" + w)
                        .redirectErrorStream(true).start());
            }
            for (Process w : workers) {
                String out = new String(w.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                w.waitFor();
                for (String line : out.split("\n")) {
                    if (line.startsWith("R:")) {
                        reads.incrementAndGet();
                        if (!line.equals("R:inside")) {
                            leaks.add("read outside the root: " + line);
                        }
                    } else if (!line.isEmpty()) {
                        leaks.add("listed outside the root: " + line);
                    }
                }
            }
            stop.set(true);
            swapper.join();
            if (!Files.exists(real)) {
                Files.move(d, real, StandardCopyOption.ATOMIC_MOVE);
            }
            try (Stream<Path> inside = Files.list(real)) {
                assertThat(inside.filter(p -> p.getFileName().toString().startsWith(unique)).count())
                        .as("files the readers created inside").isPositive();
            }
        }
        assertThat(swaps.get()).as("swaps").isGreaterThan(100);
        assertThat(reads.get()).as("successful reads").isGreaterThan(0);
        assertThat(leaks).isEmpty();
        // Nothing was written outside: the canary directory and the host root hold none of the names.
        try (Stream<Path> c = Files.walk(canary)) {
            assertThat(c.map(p -> canary.relativize(p).toString())).containsExactlyInAnyOrder("", "f", "sub");
        }
        assertThat(Files.readString(canary.resolve("f"))).isEqualTo(CANARY + "\n");
        try (Stream<Path> root = Files.list(Path.of("/"))) {
            assertThat(root.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(unique));
        }
        try (Stream<Path> root = Files.list(Path.of("/tmp"))) {
            assertThat(root.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(unique));
        }
    }

    /** dash and the two libraries it needs, so that a shell can run chrooted into the mount. */
    static void installShell(Path root) throws IOException {
        for (String f : List.of("/bin/dash", "/lib/x86_64-linux-gnu/libc.so.6",
                "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")) {
            Path to = root.resolve(f.substring(1));
            Files.createDirectories(to.getParent());
            Files.copy(Path.of(f), to, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("dash"));
        Files.createDirectories(root.resolve("lib64"));
        Files.createSymbolicLink(root.resolve("lib64/ld-linux-x86-64.so.2"),
                Path.of("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
    }
}
