package depset.vm.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** ReproZip's row quotes the tool's own first error, not its banners. */
@Tag("unit")
class ReproZipScriptTest {
    @Test
    void theErrorQuotedIsTheToolsFirstNotItsBanner() {
        String output = String.join("\n", "[REPROZIP] 10:00:01 Using cached busybox",
                "chroot: cannot change root directory to '/x/root': Operation not permitted",
                "[REPROZIP] 10:00:02 ERROR: the command returned 125",
                "Anonymous usage statistics are collected: opt in by running: reprozip usage_report --enable");
        assertThat(ReproZip.meaningful(output)).startsWith("chroot: cannot change root directory");
        assertThat(ReproZip.meaningful("all fine\nusage_report banner\n")).isEqualTo("all fine");
    }

    @Test
    void aReplayedCommandThatFailsFailsTheRowWithItsOwnError() {
        // reprounzip 1.0.16's chroot run, as recorded by depset eval on ls (2026-12-06): it exits 0.
        String output = String.join("\n", "Plugin graph from reprounzip 1.0.16 failed to initialize!",
                "Traceback (most recent call last):",
                "  File \"/usr/lib/python3/dist-packages/reprounzip/orderedset.py\", line 27, in <module>",
                "AttributeError: module 'collections' has no attribute 'MutableSet'",
                "[REPROUNZIP] 09:10:28.667 WARNING: Download busybox-x86_64: error downloading https://s3.amazonaws.com/"
                        + "reprozip-files/busybox-x86_64: HTTPSConnectionPool(host='s3.amazonaws.com', port=443)",
                "depset-script: the step at line 9 ended with status 125",
                "/usr/sbin/chroot: cannot change root directory to '/tmp/depset-reprozip-1/root': No such file or"
                        + " directory", "", "*** Command finished, status: 125", "",
                "Uploading usage statistics is currently disabled");
        assertThat(ReproZip.replayFailure(true, output)).isEqualTo("the replayed command ended with status 125: "
                + "the step at line 9 ended with status 125; first error: /usr/sbin/chroot: cannot change root directory to '/tmp/depset-reprozip-1/root': No such file or"
                + " directory");
        assertThat(ReproZip.replayFailure(true, "bin\nusr\n\n*** Command finished, status: 0\n")).isNull();
        assertThat(ReproZip.replayFailure(false, "reprounzip: error: no such pack\n"))
                .isEqualTo("reprounzip chroot: reprounzip: error: no such pack");
    }

    @Test
    void aTracerThatDiesWithoutAWordIsQuotedByWhatItLastLogged() {
        // reprozip -v trace of LAMP's script, as recorded on 2026-12-06: its tracer dies of SIGSEGV.
        String output = String.join("\n", "[REPROZIP] 09:01:57.920 INFO: Running program",
                "[REPROZIP] 09:01:58.017 INFO: [8] successfully exec'd /usr/sbin/chroot",
                "[REPROZIP] 09:01:58.064 INFO: [9] process created by 8 via fork()",
                "    (thread: no) (working directory: /)",
                "[REPROZIP] 09:01:58.070 INFO: [9] execve failed: /usr/local/sbin/mkdir",
                "[REPROZIP] 09:01:58.083 INFO: [9] successfully exec'd /usr/bin/mkdir");
        assertThat(ReproZip.traceFailure("killed by signal 11 (segmentation fault)", output)).isEqualTo(
                "reprozip trace failed: killed by signal 11 (segmentation fault), without an error of its own;"
                        + " the last it logged: [9] successfully exec'd /usr/bin/mkdir");
        assertThat(ReproZip.traceFailure("status 1", output + "\n[REPROZIP] 09:02:00.000 CRITICAL: Error: cannot"
                + " ptrace\n")).isEqualTo("reprozip trace failed: status 1: [REPROZIP] 09:02:00.000 CRITICAL: Error:"
                + " cannot ptrace");
    }
}
