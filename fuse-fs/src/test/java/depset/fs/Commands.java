package depset.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real programs against a mount, as root or as nobody (65534), for the integration tests. */
final class Commands {
    static final int NOBODY = 65534;

    private Commands() {
    }

    /** What a finished command did. */
    record Result(long pid, int exit, String out) {
    }

    static Result run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", argv));
        }
        return new Result(p.pid(), p.exitValue(), out);
    }

    static Result sh(String script) throws IOException, InterruptedException {
        return run("sh", "-c", script);
    }

    /** Runs {@code argv} as uid and gid 65534 with no supplementary groups (setpriv execs it: same pid). */
    static Result asNobody(String... argv) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups"));
        all.addAll(List.of(argv));
        return run(all.toArray(String[]::new));
    }
}
