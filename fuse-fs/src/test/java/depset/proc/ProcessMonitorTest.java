package depset.proc;

import static org.assertj.core.api.Assertions.assertThat;

import depset.fsops.ExactPaths;
import depset.trace.FileNames;
import depset.trace.Phase;
import depset.trace.ProcessEvent;
import depset.trace.TraceEvent;
import depset.trace.TraceHeader;
import depset.trace.TraceReader;
import depset.trace.TraceWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** The real proc connector (root only): a spawned tree's fork, exec and exit are recorded, nothing else. */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class ProcessMonitorTest {

    @Test
    void recordsTheSpawnedTreeWithItsPhaseAndExitStatus(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/usr/bin/dash"), root.resolve("bin/sh"), StandardCopyOption.COPY_ATTRIBUTES);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceWriter writer = TraceWriter.to(out, new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, "/",
                "2026-01-01T00:00:00Z", "h", "test", List.of()), 1024);
        List<Integer> forkedTasks = new ArrayList<>();
        // "root" plays the mount point; the launcher shell forks the command, root/bin/sh.
        Process p;
        try (ProcessMonitor m = ProcessMonitor.start(writer, root, System.err)) {
            m.addListener(new ProcessListener() {
                @Override
                public void forked(int childPid, int childTid) {
                    synchronized (forkedTasks) {
                        forkedTasks.add(childTid);
                    }
                }

                @Override
                public void exited(int pid, int tid) {
                }
            });
            p = m.spawn(new ProcessBuilder("/bin/sh", "-c", root + "/bin/sh -c '/bin/sleep 0.3; exit 3'; true"),
                    new ProcessMonitor.Tag(Phase.WORK, "t1"));
            assertThat(p.waitFor()).isZero();
            assertThat(m.awaitExit((int) p.pid(), Duration.ofSeconds(5))).isTrue();
            m.sync(Duration.ofSeconds(5));
        }
        writer.finish(3);
        List<ProcessEvent> events = new ArrayList<>();
        try (TraceReader r = TraceReader.of("mem", new ByteArrayInputStream(out.toByteArray()))) {
            for (TraceEvent e : r) {
                events.add((ProcessEvent) e);
            }
        }
        // sh (plumbing, /bin/sh is outside /usr) forks a child that executes /usr/bin/env: the run starts there.
        ProcessEvent.PhaseMark phase = (ProcessEvent.PhaseMark) events.get(0);
        assertThat(phase.phase()).isEqualTo(Phase.WORK);
        assertThat(phase.step()).isEqualTo("t1");
        ProcessEvent.Exec shExec = (ProcessEvent.Exec) events.get(1);
        assertThat(shExec.pid()).isEqualTo(phase.pid());
        assertThat(shExec.exe()).isEqualTo("/bin/sh");
        assertThat(shExec.argv()).containsExactly(root + "/bin/sh", "-c", "/bin/sleep 0.3; exit 3");
        assertThat(events).filteredOn(e -> e instanceof ProcessEvent.Exit x && x.pid() == phase.pid())
                .singleElement().satisfies(e -> assertThat(((ProcessEvent.Exit) e).exitCode()).isEqualTo(3));
        // sh forks sleep, a file outside the "root" (its path kept as is): a recorded fork, exec and exit.
        assertThat(events).filteredOn(e -> e instanceof ProcessEvent.Exec)
                .extracting(e -> ((ProcessEvent.Exec) e).exe()).containsExactly("/bin/sh", "/usr/bin/sleep");
        ProcessEvent.Fork fork = (ProcessEvent.Fork) events.stream().filter(e -> e instanceof ProcessEvent.Fork)
                .findFirst().orElseThrow();
        assertThat(fork.parentPid()).isEqualTo(phase.pid());
        assertThat(fork.isThread()).isFalse();
        // Nothing of the launcher shell (pid p) is recorded, nor any other process on the machine.
        assertThat(events.stream().map(ProcessEvent::pid).collect(Collectors.toSet()))
                .containsOnly(phase.pid(), fork.childPid());
        assertThat(forkedTasks).contains((int) p.pid(), phase.pid());
    }

    @Test
    void anExecutableWhoseNameIsNotUtf8IsRecordedWithItsExactBytes(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("bin"));
        String name = "/bin/run" + FileNames.fromBytes(new byte[] {(byte) 0xff, (byte) 0xfe, '\n', 0x1b});
        Files.copy(Path.of("/usr/bin/dash"), ExactPaths.of(ExactPaths.name(root) + name),
                StandardCopyOption.COPY_ATTRIBUTES);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceWriter writer = TraceWriter.to(out, new TraceHeader(TraceHeader.FORMAT, TraceHeader.VERSION, "/",
                "2026-01-01T00:00:00Z", "h", "test", List.of()), 1024);
        try (ProcessMonitor m = ProcessMonitor.start(writer, root, System.err)) {
            // A Java argument cannot carry those bytes (it is encoded as text): the shell globs the name.
            // The program lives a little (a loop of builtins, no exec of its own) so that the monitor
            // still finds its /proc entry when the exec event arrives on a loaded machine.
            Process p = m.spawn(new ProcessBuilder("/bin/sh", "-c", "for f in \"$0\"/bin/run*; do \"$f\" -c "
                    + "'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; exit 4'; done",
                    root.toString()), new ProcessMonitor.Tag(Phase.WORK, "t1"));
            assertThat(p.waitFor()).isEqualTo(4);
            assertThat(m.awaitExit((int) p.pid(), Duration.ofSeconds(5))).isTrue();
            m.sync(Duration.ofSeconds(5));
        }
        writer.finish(4);
        List<ProcessEvent.Exec> execs = new ArrayList<>();
        try (TraceReader r = TraceReader.of("mem", new ByteArrayInputStream(out.toByteArray()))) {
            for (TraceEvent e : r) {
                if (e instanceof ProcessEvent.Exec x) {
                    execs.add(x);
                }
            }
        }
        assertThat(execs).singleElement().satisfies(x -> {
            assertThat(x.exe()).isEqualTo(name);
            assertThat(x.argv()).containsExactly(ExactPaths.name(root) + name, "-c",
                    "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; exit 4");
        });
    }
}
