package depset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import depset.trace.ProcessEvent;
import depset.trace.TraceEvent;
import depset.trace.TraceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code depset run} does when things go wrong around it: killed with SIGKILL, and the
 * trace's disk full. (A traced program that crashes: {@code RunCommandTest}; {@code depset mount}
 * killed with SIGKILL: {@code MountCommandTest}; the source changed during a run:
 * {@code SourceChangesTest} in fuse-fs.)
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class FaultsTest {
    @TempDir
    Path dir;

    /** depset mounts already in this namespace before the test (other users' depset mount sessions). */
    private Set<String> before;

    @BeforeEach
    void rememberMounts() throws Exception {
        before = depsetMounts();
    }

    @AfterEach
    void nothingStaysMounted() throws Exception {
        assertThat(newDepsetMounts()).isEmpty();
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).noneMatch(l -> l.contains(dir.toString()));
    }

    @Test
    void killingDepsetWithSigkillStopsTheTracedProcessesAndLeavesNoMount() throws Exception {
        String marker = Integer.toString(3000 + ThreadLocalRandom.current().nextInt(6000));
        DepsetProcess d = DepsetProcess.start(dir, "run", "--root", "/", "--trace", "t.jsonl", "--",
                "/bin/sh", "-c", "sleep " + marker + "1 & sleep " + marker + "2; wait");
        List<ProcessHandle> traced = awaitSleeps(marker, 2, Duration.ofSeconds(30));
        assertThat(traced).hasSize(2);
        // bin/depset execs unshare, which execs the one JVM: the process started is depset itself.
        assertThat(d.process.info().command().orElse("")).contains("java");
        d.process.destroyForcibly(); // SIGKILL
        assertThat(d.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < until && (traced.stream().anyMatch(ProcessHandle::isAlive)
                || !newDepsetMounts().isEmpty())) {
            Thread.sleep(100);
        }
        assertThat(traced).noneMatch(ProcessHandle::isAlive);
        assertThat(newDepsetMounts()).isEmpty();
        // The trace holds what ran until the kill, gap-free from 1 (the writer flushes whenever it waits,
        // and the traced sleeps were waiting): the execs of both sleeps. It is cut (a process killed with
        // SIGKILL writes nothing more: no footer).
        try (TraceReader r = TraceReader.open(dir.resolve("t.jsonl"))) {
            long expected = 1;
            Set<Long> sleeps = new HashSet<>();
            for (TraceEvent e : r) {
                assertThat(e.seq()).isEqualTo(expected++);
                if (e instanceof ProcessEvent.Exec x && x.argv().size() == 2 && x.argv().get(1).startsWith(marker)) {
                    sleeps.add((long) x.pid());
                }
            }
            assertThat(sleeps).as("the traced sleeps' execs").hasSize(2);
            assertThat(r.isComplete()).as("no footer: depset was killed before it could write one").isFalse();
        }
    }

    @Test
    void aFullTraceDiskStopsTheRunAndReportsAnIncompleteTrace() throws Exception {
        Path small = Files.createDirectory(dir.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "depset-test-tmpfs",
                small.toString()).inheritIO().start();
        assertThat(mount.waitFor()).isZero();
        try {
            long start = System.nanoTime();
            // Endless file traffic: only depset stopping the run ends it.
            DepsetProcess.Result r = DepsetProcess.run(dir, "run", "--root", "/", "--trace",
                    small.resolve("t.jsonl").toString(), "--", "/bin/sh", "-c",
                    "while :; do ls -R /usr/share/doc >/dev/null 2>&1; done");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(r.status()).as(r.stderr()).isEqualTo(ExitCode.RUN_FAILED);
            assertThat(r.stderr()).contains("depset: cannot write the trace " + small.resolve("t.jsonl"))
                    .contains("No space left on device").contains("the trace is incomplete");
            assertThat(r.stderr().lines().filter(l -> l.startsWith("depset:"))).hasSize(1);
            assertThat(seconds).isLessThan(50);
            // What was written is a cut trace whose events are gap-free from 1: nothing dropped silently.
            try (TraceReader t = TraceReader.open(small.resolve("t.jsonl"))) {
                long expected = 1;
                for (TraceEvent e : t) {
                    assertThat(e.seq()).isEqualTo(expected++);
                }
                assertThat(t.isComplete()).isFalse();
                assertThat(expected).isGreaterThan(100);
            }
            // depset analyze says the trace is cut.
            DepsetProcess.Result a = DepsetProcess.run(dir, "analyze", "--strict-trace", "-o", "set.json",
                    small.resolve("t.jsonl").toString());
            assertThat(a.status()).isEqualTo(ExitCode.INCOMPLETE_TRACE);
        } finally {
            new ProcessBuilder("umount", "-l", small.toString()).inheritIO().start().waitFor();
        }
    }

    private static Set<String> depsetMounts() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains("depset-sandbox-") || l.contains("fuse.depset"))
                .collect(Collectors.toSet());
    }

    private Set<String> newDepsetMounts() throws Exception {
        Set<String> now = new HashSet<>(depsetMounts());
        now.removeAll(before);
        return now;
    }

    /** The traced {@code sleep MARKER1} and {@code sleep MARKER2} (not depset, whose arguments name them too). */
    private static List<ProcessHandle> awaitSleeps(String marker, int count, Duration timeout)
            throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        List<ProcessHandle> found = List.of();
        while (System.nanoTime() < until) {
            found = ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().orElse("").endsWith("/sleep"))
                    .filter(p -> List.of(p.info().arguments().orElse(new String[0])).stream()
                            .anyMatch(a -> a.equals(marker + "1") || a.equals(marker + "2")))
                    .toList();
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(100);
        }
        return found;
    }
}
