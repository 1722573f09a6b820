package depset.vm.run;

import static org.assertj.core.api.Assertions.assertThat;

import depset.sandbox.PrivateNamespace;
import depset.vm.guest.GuestBuilder;
import depset.vm.guest.GuestRecipes;
import depset.vm.sequence.Sequence;
import depset.vm.sequence.SequenceParser;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps that need no login and no guest process of their own, run in the ls guest: a daemon
 * started in the background, waited for by its port and its pid file from outside, reached on
 * 127.0.0.1 from the guest's network, checked line by line, and stopped with SIGTERM, its output
 * and exit status reported; typed lines see PAGER=cat. Traced, the waits and the local command add
 * nothing to the trace. And each new step fails when what it checks is not so.
 */
@Tag("guest")
@EnabledIf(value = "depset.vm.guest.GuestBuilder#canBuildGuests",
        disabledReason = "the guest tier needs root, /dev/fuse, libfuse2 and debootstrap")
@Timeout(600)
class SequenceStepsTest {
    private static Path steps(Path dir) throws Exception {
        Path file = dir.resolve("steps.seq");
        try (InputStream in = SequenceStepsTest.class.getResourceAsStream("steps.seq")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    private static Path ls() throws Exception {
        return GuestBuilder.fromEnvironment().obtain(GuestRecipes.ls()).root();
    }

    @Test
    void theNewStepsPassNatively(@TempDir Path dir) throws Exception {
        SequenceResult r = SequenceRunner.natively().run(SequenceParser.parse(steps(dir)), ls());
        assertThat(r.passed()).as(r.summary() + "\n" + r.steps()).isTrue();
        StepResult stop = r.steps().get(r.steps().size() - 1);
        assertThat(stop.step().describe()).isEqualTo("stop perl");
        assertThat(stop.status()).isZero();
        assertThat(stop.output()).contains("listening").contains("bye");
    }

    @Test
    void theNewStepsPassTracedAndWaitsAddNothingToTheTrace(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("traced.txt");
        Process probe = PrivateNamespace.jvm(StepsProbe.class.getName(),
                List.of(steps(dir).toString(), ls().toString(), out.toString())).inheritIO().start();
        assertThat(probe.waitFor(8, TimeUnit.MINUTES)).as("the probe ended in time").isTrue();
        assertThat(probe.exitValue()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).as(String.join("\n", lines)).startsWith("PASS");
        assertThat(lines).anyMatch(l -> l.startsWith("exec ") && l.endsWith("/perl"));
        // wait-port and local ran python3 of the machine, in the guest's network but not in its root.
        assertThat(lines).noneMatch(l -> l.startsWith("exec ") && l.contains("python"));
    }

    private static SequenceResult run(Path dir, String... steps) throws Exception {
        Path file = dir.resolve("t.seq");
        Files.writeString(file, "root guest:ls\nimportant perl\ntimeout 3s\n" + String.join("\n", steps) + "\n");
        return SequenceRunner.natively().run(SequenceParser.parse(file), ls());
    }

    @Test
    void aDaemonThatIgnoresSigtermIsKilledAndTheStopFails(@TempDir Path dir) throws Exception {
        SequenceResult r = run(dir, "start perl -e '$SIG{TERM} = \"IGNORE\"; $| = 1; print \"up\\n\"; sleep 600'",
                "stop perl", "timeout 2s");
        assertThat(r.passed()).isFalse();
        assertThat(r.firstFailure().orElseThrow().reason()).startsWith("perl did not end within 2s of SIGTERM");
    }

    @Test
    void aDaemonThatEndsBeforeItsStopFailsTheStop(@TempDir Path dir) throws Exception {
        SequenceResult r = run(dir, "start perl -e 'exit 3'", "run sleep 1", "stop perl");
        assertThat(r.firstFailure().orElseThrow().reason()).startsWith("perl had ended before it was stopped, with status 3");
    }

    @Test
    void waitsEndAtTheirTimeout(@TempDir Path dir) throws Exception {
        SequenceResult port = run(dir, "wait-port 7001", "timeout 2s");
        assertThat(port.firstFailure().orElseThrow().reason()).contains("nothing answers at 127.0.0.1 port 7001");
        SequenceResult file = run(dir, "wait-file /run/never", "timeout 1s");
        assertThat(file.firstFailure().orElseThrow().reason()).isEqualTo("timed out after 1s");
    }

    @Test
    void fileAndLineChecksFailWhenTheOutputDiffers(@TempDir Path dir) throws Exception {
        assertThat(run(dir, "expect-file /etc/no-such-file").firstFailure().orElseThrow().reason())
                .isEqualTo("the guest has no file /etc/no-such-file");
        // The guest's /etc/debian_version holds e.g. "12.8": a substring is no whole line.
        assertThat(run(dir, "expect-file /etc/debian_version", "expect-line 12").firstFailure().orElseThrow()
                .reason()).startsWith("no output line is '12'");
        assertThat(run(dir, "run printf 'b\\na\\n'", "expect-lines <<E", "a", "b", "E").firstFailure().orElseThrow()
                .reason()).startsWith("output lacks the line 'b' (in the order of line 5)");
        assertThat(run(dir, "run echo 450d573", "expect-match /^3$/").firstFailure().orElseThrow().reason())
                .startsWith("output does not match /^3$/");
        assertThat(run(dir, "run echo x", "expect-no-output").firstFailure().orElseThrow().reason())
                .startsWith("output is not empty");
    }
}
