package depset.fs;

import depset.sandbox.HostCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs real programs against a mount, as root or as nobody (65534), for the integration tests. */
final class Commands {
    static final int NOBODY = 65534;
    /** Past this a command is killed and the test fails (a hung mount would otherwise hang the build). */
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private Commands() {
    }

    /** What a finished command did. */
    record Result(long pid, int exit, String out) {
    }

    static Result run(String... argv) throws IOException {
        HostCommand.Result r = HostCommand.run(List.of(argv), DEADLINE);
        if (r.timedOut()) {
            throw new IOException("timed out after " + DEADLINE.toSeconds() + " s: " + String.join(" ", argv));
        }
        return new Result(r.pid(), r.status(), r.output());
    }

    static Result sh(String script) throws IOException {
        return run("sh", "-c", script);
    }

    /** Runs {@code argv} as uid and gid 65534 with no supplementary groups (setpriv execs it: same pid). */
    static Result asNobody(String... argv) throws IOException {
        List<String> all = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups"));
        all.addAll(List.of(argv));
        return run(all.toArray(String[]::new));
    }
}
