package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.trace.Phase;
import depset.trace.ProcessEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** {@code depset mount} in the foreground, in the caller's mount namespace, and what a killed one leaves. */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class MountCommandTest {
    /**
     * A warm-up far longer than any test needs to act in it (the default's 40 rounds take a few
     * tenths of a second, which a loaded machine can spend before the test has seen the client):
     * Ctrl-C, a kill or the kernel's timeout ends it.
     */
    private static final String LONG_WARM_UP = "--warm-up=1000";

    @TempDir
    Path dir;
    /** The depset processes this test started: the owners of any scratch layers they mounted. */
    private final Set<String> started = new HashSet<>();

    @AfterEach
    void nothingStaysMounted() throws Exception {
        boolean left = mounted();
        if (left) {
            new ProcessBuilder("umount", "-R", "-l", dir.resolve("mnt").toString()).start().waitFor();
        }
        assertThat(left).as("the traced mount point is still mounted").isFalse();
        // Scratch layers of this test's depsets (other depsets may run on a shared machine).
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (line.contains(" - tmpfs depset-scratch ")) {
                Path owner = Path.of(f[4], "owner");
                String pid = Files.exists(owner) ? Files.readString(owner).trim() : "";
                assertThat(started).as("scratch layers left at " + f[4]).doesNotContain(pid);
            }
        }
    }

    @Test
    void recordsWhatAChrootedShellDoesUntilUnmounted() throws Exception {
        Path root = MiniRoot.create(dir.resolve("root"), "/bin/sh");
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        DepsetProcess d = mount(root, mnt);
        awaitMounted(d);
        Process sh = new ProcessBuilder("chroot", mnt.toString(), "/bin/sh", "-c", "read h < /etc/hostname; echo $h")
                .start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).isZero();
        assertThat(out).isEqualTo("mini\n");
        assertThat(new ProcessBuilder("umount", mnt.toString()).start().waitFor()).isZero();
        DepsetProcess.Result r = d.await();
        assertThat(r.status()).as(r.stderr()).isZero();

        TracedRun t = TracedRun.read(dir.resolve("t.jsonl"));
        assertThat(t.complete).isTrue();
        assertThat(t.footer.exitStatus()).isEqualTo(-1);
        assertThat(t.phases).singleElement().satisfies(p -> {
            assertThat(p.phase()).isEqualTo(Phase.RUN);
            assertThat(p.step()).isEqualTo("mount");
            assertThat(p.pid()).isEqualTo((int) sh.pid());
        });
        assertThat(t.exeOf).containsEntry((int) sh.pid(), "/bin/sh");
        assertThat(t.fileEvents()).anySatisfy(f -> {
            assertThat(f.pid()).isEqualTo((int) sh.pid());
            assertThat(f.path()).isEqualTo("/etc/hostname");
        });
        assertThat(t.processEvents(ProcessEvent.Exit.class)).anySatisfy(e -> assertThat(e.pid()).isEqualTo((int) sh.pid()));
    }

    @Test
    void ctrlCEndsTheMountAndFinishesTheTrace() throws Exception {
        Path root = MiniRoot.create(dir.resolve("root"), "/bin/sh");
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        DepsetProcess d = mount(root, mnt);
        awaitMounted(d);
        new ProcessBuilder("kill", "-INT", Long.toString(d.process.pid())).start().waitFor();
        DepsetProcess.Result r = d.await();
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(mounted()).isFalse();
        assertThat(TracedRun.read(dir.resolve("t.jsonl")).complete).isTrue();
    }

    @Test
    void ctrlCDuringTheWarmUpEndsDepsetAndLeavesNothingMounted() throws Exception {
        Path root = MiniRoot.create(dir.resolve("root"), "/bin/sh");
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        Set<String> tmpBefore = warmUpDirs();
        DepsetProcess d = mount(root, mnt, LONG_WARM_UP);
        d.awaitWarmUpServing();
        // Its mount is seen nowhere else.
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).noneMatch(l -> l.contains("depset-warmup"));
        DepsetProcess.Result r = d.ctrlC();
        assertThat(r.status()).as(r.stderr()).isEqualTo(130);
        assertThat(r.stderr()).as("a Ctrl-C is not an error").isEmpty();
        assertThat(mounted()).isFalse();
        assertThat(warmUpDirs()).as("the warm-up's files were never seen outside its namespace").isEqualTo(tmpBefore);
    }

    /**
     * SIGKILL during the warm-up: when its requests came from a thread of the JVM, that thread
     * waited for an answer from the daemon's threads SIGKILL had ended, and the device's descriptor,
     * whose closing would end the wait, closes only once every thread has ended: the JVM stayed a
     * zombie for good (5 of 6 tries), or, from Linux 6.14 on, until the kernel's request timeout
     * (about 30 s). The requests come from a child process now: the JVM ends at once, on any kernel.
     */
    @Test
    void aDepsetKilledDuringTheWarmUpEndsAtOnce() throws Exception {
        DepsetProcess d = mountWellIntoItsWarmUp();
        ProcessHandle client = warmUpClient(d);
        assertThat(client.isAlive()).as("the warm-up's client at the kill").isTrue();
        d.process.destroyForcibly();
        assertThat(d.process.waitFor(10, TimeUnit.SECONDS)).as("the killed JVM has ended").isTrue();
        assertThat(client.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get())
                .as("the warm-up's client has ended too").isNotNull();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(Path.of("/proc/" + d.process.pid())) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Path.of("/proc/" + d.process.pid())).as("no zombie left").doesNotExist();
        assertThat(mounted()).isFalse();
    }

    /**
     * The warm-up's request timeout must not turn a pause into a failure: a depset stopped
     * (Ctrl-Z) in its warm-up for longer than the timeout finds the warm-up's connection ended by
     * the kernel when it goes on, and carries on without the rest of the warm-up.
     */
    @Test
    void aDepsetStoppedDuringTheWarmUpLongerThanItsTimeoutGoesOn() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(kernelAtLeast(6, 14),
                "the kernel's FUSE request timeout needs Linux 6.14 or later; this is " + System.getProperty("os.version"));
        DepsetProcess d = mountWellIntoItsWarmUp();
        String pid = Long.toString(d.process.pid());
        new ProcessBuilder("kill", "-STOP", pid).start().waitFor();
        Thread.sleep(32_000); // past the 10 s timeout and two of the kernel's 15 s looks
        new ProcessBuilder("kill", "-CONT", pid).start().waitFor();
        awaitMounted(d);
        DepsetProcess.Result r = d.ctrlC();
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stderr()).doesNotContain("warm").doesNotContain("error");
    }

    /**
     * Ctrl-C the moment the mount shows: it can come before depset has its own handlers or its
     * exit hook in place, when the JVM refused the hook ("internal error: Shutdown in progress")
     * and the sandbox's layers were left mounted until the next depset mount removed them.
     */
    @Test
    void ctrlCAsTheMountComesUpIsNoErrorAndLeavesNothingMounted() throws Exception {
        Path root = MiniRoot.create(dir.resolve("root"), "/bin/sh");
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        for (int i = 0; i < 4; i++) {
            DepsetProcess d = mount(root, mnt);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!mounted() && d.process.isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(mounted()).as("mounted: " + Files.readString(d.err)).isTrue();
            DepsetProcess.Result r = d.ctrlC();
            assertThat(r.stderr()).as("try %d", i).doesNotContain("error");
            assertThat(r.status()).as("try %d: %s", i, r.stderr()).isIn(0, 130);
            assertThat(mounted()).isFalse();
            assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")))
                    .as("try %d: the sandbox's layers are gone too", i).noneMatch(l -> l.contains("depset-sandbox-"));
        }
    }

    /** A depset mount whose warm-up's client is making its requests. */
    private DepsetProcess mountWellIntoItsWarmUp() throws Exception {
        Path root = MiniRoot.create(dir.resolve("root"), "/bin/sh");
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        DepsetProcess d = mount(root, mnt, LONG_WARM_UP);
        d.awaitWarmUpServing();
        warmUpClient(d);
        return d;
    }

    /**
     * The warm-up's client (a child of depset's JVM, a shell given the warm-up's directory), once
     * it has joined the warm-up's namespace and started its rounds; fails after a minute without.
     */
    private static ProcessHandle warmUpClient(DepsetProcess d) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            java.util.Optional<ProcessHandle> client = d.process.children()
                    .filter(c -> c.info().arguments().map(a -> String.join(" ", a)).orElse("").contains("depset-warmup"))
                    .findFirst();
            if (client.isPresent()) {
                return client.get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no warm-up client seen");
    }

    private static boolean kernelAtLeast(int major, int minor) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(System.getProperty("os.version"));
        return m.find() && (Integer.parseInt(m.group(1)) > major
                || Integer.parseInt(m.group(1)) == major && Integer.parseInt(m.group(2)) >= minor);
    }

    /** The warm-up's directories seen here: in /dev/shm, where it makes them, and the temporary directory. */
    private static Set<String> warmUpDirs() throws Exception {
        Set<String> dirs = new HashSet<>();
        for (String parent : List.of("/dev/shm", System.getProperty("java.io.tmpdir"))) {
            try (var names = Files.list(Path.of(parent))) {
                names.map(p -> p.toString()).filter(n -> n.contains("/depset-warmup")).forEach(dirs::add);
            }
        }
        return dirs;
    }

    @Test
    void theMountsOfAKilledDepsetAreRemovedByTheNextOne() throws Exception {
        Path root = MiniRoot.create(dir.resolve("root"), "/bin/sh");
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        DepsetProcess d = mount(root, mnt);
        awaitMounted(d);
        d.process.destroyForcibly(); // kill -9: no cleanup of its own
        d.process.waitFor();
        assertThat(mounted()).isTrue();

        // The next depset mount (in this namespace; depset run works in a private one) removes it.
        Path mnt2 = Files.createDirectory(dir.resolve("mnt2"));
        DepsetProcess next = DepsetProcess.start(dir, "mount", root.toString(), mnt2.toString(), "--trace", "t2.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(next.err).contains("stop with Ctrl-C") && next.process.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(new ProcessBuilder("umount", mnt2.toString()).start().waitFor()).isZero();
        DepsetProcess.Result r = next.await();
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("depset: removed a stale depset mount at " + mnt
                + " (left by a depset that was killed)");
        assertThat(mounted()).isFalse();
        // The trace of the killed one is cut, and says so.
        assertThat(TracedRun.read(dir.resolve("t.jsonl")).complete).isFalse();
    }

    @Test
    void aMountPointInUseIsRefusedWithOneLine() throws Exception {
        Path root = MiniRoot.create(dir.resolve("root"), "/bin/sh");
        DepsetProcess.Result r = DepsetProcess.run(dir, "mount", root.toString(), "/proc", "--trace", "t.jsonl");
        assertThat(r.status()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(r.stderr()).isEqualTo("depset: mount point /proc is in use (something is mounted there)\n");
    }

    private DepsetProcess mount(Path root, Path mnt, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("mount", root.toString(), mnt.toString(), "--trace", "t.jsonl"));
        args.addAll(List.of(options));
        DepsetProcess d = DepsetProcess.start(dir, args.toArray(String[]::new));
        started.add(Long.toString(d.process.pid()));
        return d;
    }

    private boolean mounted() throws Exception {
        String mnt = dir.resolve("mnt").toString();
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(" " + mnt + " "));
    }

    private void awaitMounted(DepsetProcess d) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!mounted() || !Files.readString(d.err).contains("stop with Ctrl-C")) {
            assertThat(d.process.isAlive()).as("depset mount is running: " + Files.readString(d.err)).isTrue();
            assertThat(System.nanoTime()).as("mounted in time").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
