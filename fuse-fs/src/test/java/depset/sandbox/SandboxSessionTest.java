package depset.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import depset.trace.ProcessEvent;
import depset.trace.TraceEvent;
import depset.trace.TraceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API other parts of depset build on: several steps of different phases in one session,
 * sharing a pid namespace and a /run, each marked in the trace.
 */
@Tag("fuse")
@EnabledIf(value = "depset.sandbox.HostChecks#canTrace",
        disabledReason = "the fuse tier needs root, /dev/fuse and libfuse2")
class SandboxSessionTest {

    @Test
    void aSequenceOfStepsSharesOneSessionAndEachIsMarked(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("t.jsonl");
        Path out = dir.resolve("out.txt");
        HostCommand.Result probe = HostCommand.run(PrivateNamespace.jvm(SequenceProbe.class.getName(),
                List.of(trace.toString(), out.toString())).command(), Duration.ofSeconds(60));
        String said = probe.output();
        assertThat(probe.timedOut()).as(said).isFalse();
        assertThat(probe.status()).as(said).isZero();
        assertThat(said).containsSubsequence("status 0", "status 0", "status 0", "status 0", "status 137", "status 5", "footer 5");
        assertThat(Files.readString(out)).isEqualTo("65534\n/etc\nlo\n");

        List<ProcessEvent.PhaseMark> marks = new ArrayList<>();
        Map<Integer, ProcessEvent.Exit> exits = new HashMap<>();
        Map<Integer, String> exe = new HashMap<>();
        try (TraceReader r = TraceReader.open(trace)) {
            for (TraceEvent e : r) {
                if (e instanceof ProcessEvent.PhaseMark m) {
                    marks.add(m);
                } else if (e instanceof ProcessEvent.Exit x && x.pid() == x.tid()) {
                    exits.put(x.pid(), x);
                } else if (e instanceof ProcessEvent.Exec x) {
                    exe.put(x.pid(), x.exe());
                }
            }
            assertThat(r.isComplete()).isTrue();
            assertThat(r.footer().exitStatus()).isEqualTo(5);
        }
        assertThat(marks).extracting(m -> m.phase() + "/" + m.step())
                .containsExactly("boot/daemon", "work/check", "work/user", "work/netns", "work/slow", "halt/stop");
        // The daemon the boot step left was ended with the session (SIGKILL from the namespace's end).
        int daemon = exe.entrySet().stream().filter(e -> e.getValue().endsWith("/sleep")).mapToInt(Map.Entry::getKey)
                .min().orElseThrow();
        assertThat(exits.get(daemon).signal()).isEqualTo(9);
    }
}
