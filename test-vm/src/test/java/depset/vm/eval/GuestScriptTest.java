package depset.vm.eval;

import static org.assertj.core.api.Assertions.assertThat;

import depset.vm.sequence.SequenceParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The peers' rows run the guest-side lines as one script, as a user would for a tool that follows
 * one command: in one shell (cd and export carry over), every step run even after one failed (so
 * halt stops the services), saying which step failed and ending with the first failure's status.
 */
@Tag("unit")
class GuestScriptTest {
    @Test
    void linesShareOneShellAndHaltRunsAfterAFailure() throws Exception {
        String script = GuestScript.of(SequenceParser.parse(String.join("\n", "root /r", "important x",
                "boot sh -c 'exit 3'", "run cd /tmp", "run export DEPSET_X=kept", "run pwd; echo $DEPSET_X",
                "halt echo halted", ""), "t.seq", "t"));
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("depset-script: the step at line 3 ended with status 3\n/tmp\nkept\nhalted\n");
        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(GuestScript.failedStep(out)).contains("the step at line 3 ended with status 3");
        assertThat(GuestScript.failedStep("/tmp\n")).isEmpty();
    }

    @Test
    void aDaemonStoppedBySigtermIsAStopThatWorked() throws Exception {
        String script = GuestScript.of(SequenceParser.parse(String.join("\n", "root /r", "important x",
                "start sleep 30", "stop sleep", "run echo after", ""), "t.seq", "t"));
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // (dash reports the job's end, "Terminated"; the step is not reported as failed)
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .doesNotContain(GuestScript.FAILED).endsWith("after\n");
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void theWaitsAreLoopsInTheScript(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("ready");
        String script = GuestScript.of(SequenceParser.parse(String.join("\n", "root /r", "important x",
                "start sh -c 'sleep 1; touch " + file + "'", "wait-file " + file, "run echo waited",
                "wait-file " + dir.resolve("never"), "timeout 2s", "run echo after", ""), "t.seq", "t"));
        Process p = new ProcessBuilder("/bin/bash", "-c", script).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // the file the daemon makes a second later is waited for; the one that never comes fails its step
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("waited\ndepset-script: the step at line 6 ended with status 1\nafter\n");
        assertThat(p.exitValue()).isEqualTo(1);
    }

    @Test
    void aStepThatExpectsAStatusWorkedWhenItEndsWithIt() throws Exception {
        String script = GuestScript.of(SequenceParser.parse(String.join("\n", "root /r", "important x",
                "run sh -c 'exit 2'", "expect-status 2", "run pwd", "run true", "expect-status 2", ""), "t.seq", "t"));
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // the first step ended as expected; the last ended with 0 where 2 was expected; steps start in /
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("/\ndepset-script: the step at line 6 ended with status 1\n");
        assertThat(p.exitValue()).isEqualTo(1);
    }
}
