package depset.vm.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A daemon a {@code start} step started in the guest, tracked until a {@code stop} step (or the end of
 * the sequence) stops it as an init system would: SIGTERM to every process of it, a wait of at most
 * the step's timeout, then SIGKILL. Its process is the machine's side of the step (the {@code nsenter}
 * that entered the guest): never signalled itself, it ends with the daemon's exit status (128+signal
 * when a signal ended it) and so reports it.
 *
 * @param name    the daemon's name (its command's base name)
 * @param process the machine's side of the step
 * @param output  the file its stdout and stderr go to
 */
record Daemon(String name, Process process, Path output) {
    /** What stopping it showed. {@code status} is -1 when it had to be killed. */
    record Stopped(int status, String output, String note) {
    }

    Stopped stop(Duration timeout) throws IOException, InterruptedException {
        boolean ranUntilStop = process.isAlive();
        if (ranUntilStop) {
            process.descendants().forEach(ProcessHandle::destroy);
        }
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        if (!ended) {
            return new Stopped(-1, text, name + " did not end within " + timeout.toSeconds()
                    + "s of SIGTERM and was killed");
        }
        int status = process.exitValue();
        if (!ranUntilStop) {
            return new Stopped(status, text, name + " had ended before it was stopped, with status " + status);
        }
        // As systemd counts it: a daemon ended by the SIGTERM that stops it has stopped cleanly.
        return new Stopped(status == 128 + 15 ? 0 : status, text, "");
    }
}
