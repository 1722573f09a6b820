package depset.fs;

import static depset.fs.MountedTree.fileEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import depset.trace.FileEvent;
import depset.trace.TraceEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * FUSE over io_uring ({@link RingQueues}): where the kernel offers it, requests come through its
 * per-CPU queues and are served and recorded exactly as through /dev/fuse. Needs root, /dev/fuse
 * and a kernel with FUSE over io_uring (Linux 6.14+); the fuse module's {@code enable_uring}
 * switch is off by default, so this class turns it on for its own mounts and back as it found it
 * afterwards (docs/testing.md). Skipped, saying so, on a kernel without the switch.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class IoUringTest {
    private static final Path SWITCH = Path.of("/sys/module/fuse/parameters/enable_uring");
    private static String found;

    /**
     * A shell's workload in the mount ($1) that makes each kind of request with the arguments
     * io_uring splits three ways: names (lookups found and not, two in a rename, a symlink's target),
     * operation headers (open, setattr, mkdir) and data both ways (writes and reads of 256 KiB, a
     * readdir, a readlink).
     */
    private static final String WORKLOAD = """
            set -e
            cd "$1"
            cat f > /dev/null
            [ ! -e missing ]
            ls -la d > /dev/null
            echo data > d/new
            cat d/new > /dev/null
            mkdir d/sub
            mv d/new d/sub/moved
            ln -s sub/moved d/link
            readlink d/link > /dev/null
            cat d/link > /dev/null
            head -c 262144 /dev/zero > big
            cat big > /dev/null
            truncate -s 10 f
            chmod 600 f
            touch -d 2020-01-01 f
            mknod d/fifo p
            rm d/link d/sub/moved d/fifo
            rmdir d/sub
            """;

    @TempDir
    Path dir;

    @BeforeAll
    static void turnOn() throws IOException {
        if (Files.isWritable(SWITCH)) {
            found = Files.readString(SWITCH).trim();
            if (!found.equals("Y")) {
                Files.writeString(SWITCH, "Y");
            }
        }
    }

    @AfterAll
    static void turnBack() throws IOException {
        if (found != null && !found.equals("Y")) {
            Files.writeString(SWITCH, found);
        }
    }

    @Test
    void eachRequestOfAWorkloadIsServedThroughTheQueuesAndRecordedAsThroughDevFuse() throws IOException {
        // Nothing cached, nothing passed through: every request reaches TraceFs, whatever the timing.
        MountOptions options = MountOptions.defaults().cache(KernelCache.NONE);

        List<String> viaQueues = run(options, "queues", "io_uring: [1-9][0-9]* requests");
        List<String> viaDevice = run(options.withoutIoUring(), "device", "io_uring: off");

        assertThat(viaQueues).hasSizeGreaterThan(50).containsAll(List.of(
                "write /big 0", "rename /d/new 0", "symlink /d/link 0", "readlink /d/link 0", "mkdir /d/sub 0",
                "mknod /d/fifo 0", "getattr /missing 2", "readdir /d 0", "truncate /f 0", "utimens /f 0"));
        assertThat(viaQueues).isEqualTo(viaDevice);
    }

    @Test
    void manyProcessesOnOneCpuAreAllServedAndNoEventIsLost() throws IOException {
        try (MountedTree t = MountedTree.in(dir, MountOptions.defaults())) {
            assumeQueues(t);
            Files.createDirectories(t.back("tree/a/b"));
            for (int i = 0; i < 50; i++) {
                Files.writeString(t.back("tree/a/b/f" + i), "x" + i);
            }
            // Eight processes on one CPU at once: its queue gets more workers while the first is busy.
            String script = "for i in 1 2 3 4 5 6 7 8; do (for j in 1 2 3 4 5; do cat " + t.at("tree/a/b")
                    + "/* > /dev/null; ls -R " + t.at("tree") + " > /dev/null; done) & done; wait";
            assertThat(Commands.run("taskset", "-c", "0", "sh", "-c", script).exit()).isZero();
            long queue0Workers = ringWorkers().stream().filter(th -> th.getName().equals("depset-fuse-ring-0")).count();

            // Counted once unmounted: the kernel sends the last releases after the processes have ended.
            List<FileEvent> events = fileEvents(t.events());
            long served = t.mount.requestsServed();

            assertThat(events).hasSize((int) served);
            // Two to start with; a third once the first request left one idle.
            assertThat(queue0Workers).as("workers of CPU 0's queue").isGreaterThan(RingQueues.firstWorkers(0));
            assertThat(events.stream().filter(e -> e.path().equals("/tree/a/b/f7") && e.op().name().equals("OPEN")))
                    .hasSizeGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void whereThisProcessMayNotMakeAnIoUringRequestsComeThroughDevFuse() throws IOException {
        Path disabled = Path.of("/proc/sys/kernel/io_uring_disabled");
        assumeTrue(Files.isWritable(disabled), "this kernel cannot disable io_uring");
        assumeTrue(Files.isWritable(SWITCH), "this kernel has no FUSE over io_uring");
        String before = Files.readString(disabled).trim();
        // Disabled for every process: were the INIT reply to agree all the same, the kernel would hold
        // every request until each CPU's queue had an entry, which no worker could give it.
        MountedTree mounted;
        Files.writeString(disabled, "2");
        try {
            mounted = MountedTree.in(dir, MountOptions.defaults());
        } finally {
            // Machine-wide: back as soon as the mount has answered its INIT, where the choice is made.
            Files.writeString(disabled, before);
        }
        try (MountedTree t = mounted) {
            Files.writeString(t.back("f"), "content\n");

            assertThat(Commands.run("cat", t.at("f").toString()).out()).isEqualTo("content\n");
            assertThat(t.mount.ringSummary())
                    .matches("io_uring: not usable here \\(io_uring_setup: .*\\)");
        }
    }

    @Test
    void theQueuesWorkersEndWithTheMount() throws IOException, InterruptedException {
        try (MountedTree t = MountedTree.in(dir, MountOptions.defaults())) {
            assumeQueues(t);
            assertThat(ringWorkers()).isNotEmpty();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ringWorkers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ringWorkers()).isEmpty();
    }

    /** The workload's file events in a fresh mount with {@code options}, as "op path result", sorted. */
    private List<String> run(MountOptions options, String name, String summary) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        List<TraceEvent> events;
        try (MountedTree t = MountedTree.in(d, options)) {
            Files.createDirectories(t.back("d"));
            Files.writeString(t.back("f"), "content\n");
            if (options.ioUring()) {
                assumeQueues(t);
            } else {
                Files.exists(t.at("probe")); // the same requests as assumeQueues makes
            }
            assertThat(Commands.run("sh", "-c", WORKLOAD, "sh", t.mnt.toString()).exit()).isZero();
            assertThat(t.mount.ringSummary()).matches(summary);
            events = t.events();
            // Through the queues every request but FORGET and INTERRUPT, not only the first.
            assertThat(t.mount.deviceRequests() == 0).isEqualTo(options.ioUring());
        }
        // Releases come when the kernel lets go of a file, not in the workload's order.
        return fileEvents(events).stream()
                .filter(e -> !e.op().name().startsWith("RELEASE") && !e.op().name().equals("FLUSH"))
                .map(e -> e.op().name().toLowerCase() + " " + e.path() + " " + e.result())
                .sorted().toList();
    }

    /**
     * Skips the test when this kernel offers no io_uring queues; else makes a request and asserts
     * it came through them (so that no test here can pass on /dev/fuse alone).
     */
    private static void assumeQueues(MountedTree t) throws IOException {
        Files.exists(t.at("probe"));
        String summary = t.mount.ringSummary();
        assumeTrue(!summary.contains("not offered"), "this kernel has no FUSE over io_uring: " + summary);
        assertThat(summary).matches("io_uring: [1-9][0-9]* requests");
    }

    private static List<Thread> ringWorkers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.getName().startsWith("depset-fuse-ring-") && th.isAlive()).toList();
    }
}
