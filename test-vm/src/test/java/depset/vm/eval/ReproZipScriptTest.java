package depset.vm.eval;

import static org.assertj.core.api.Assertions.assertThat;

import depset.vm.sequence.SequenceParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ReproZip's row runs the guest-side lines as one script, as a user would for a tracer that follows
 * one command: in one shell (cd and export carry over), every step run even after one failed (so
 * halt stops the services), ending with the first failure's status; its error is the tool's own.
 */
@Tag("unit")
class ReproZipScriptTest {
    @Test
    void linesShareOneShellAndHaltRunsAfterAFailure() throws Exception {
        String script = ReproZip.script(SequenceParser.parse(String.join("\n", "root /r", "important x",
                "boot sh -c 'exit 3'", "run cd /tmp", "run export DEPSET_X=kept", "run pwd; echo $DEPSET_X",
                "halt echo halted", ""), "t.seq", "t"));
        Process p = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("/tmp\nkept\nhalted\n");
        assertThat(p.exitValue()).isEqualTo(3);
    }

    @Test
    void theErrorQuotedIsTheToolsFirstNotItsBanner() {
        String output = String.join("\n", "[REPROZIP] 10:00:01 Using cached busybox",
                "chroot: cannot change root directory to '/x/root': Operation not permitted",
                "[REPROZIP] 10:00:02 ERROR: the command returned 125",
                "Anonymous usage statistics are collected: opt in by running: reprozip usage_report --enable");
        assertThat(ReproZip.meaningful(output)).startsWith("chroot: cannot change root directory");
        assertThat(ReproZip.meaningful("all fine\nusage_report banner\n")).isEqualTo("all fine");
    }
}
