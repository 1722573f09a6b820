package depset.sandbox;

import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A main for {@link SandboxSessionTest}: runs a boot/work/halt sequence in one session through
 * the Java API, printing each step's exit status. Started in a private mount namespace.
 */
public final class SequenceProbe {
    private SequenceProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path trace = Path.of(args[0]);
        Path out = Path.of(args[1]);
        SandboxSession s = Sandbox.open(SandboxSpec.of(Path.of("/"), trace).command(java.util.List.of("probe")));
        try {
            Redirect toFile = Redirect.appendTo(out.toFile());
            Redirect in = Redirect.from(new File("/dev/null"));
            // boot leaves a daemon behind, its pid in the fresh /run
            print(s.run(StepSpec.of("/bin/sh", "-c", "sleep 300 >/dev/null 2>&1 & echo $! > /run/daemon.pid")
                    .phase("boot", "daemon").stdio(in, toFile, toFile)));
            // work sees it still running, in the same pid namespace
            print(s.run(StepSpec.of("/bin/sh", "-c", "kill -0 $(cat /run/daemon.pid)")
                    .phase("work", "check").stdio(in, toFile, toFile)));
            // a step as nobody, in a working directory
            print(s.run(StepSpec.of("/bin/sh", "-c", "id -u && pwd")
                    .phase("work", "user").workdir("/etc").user(65534, 65534).stdio(in, toFile, toFile)));
            // a step that overstays its timeout is killed
            print(s.run(StepSpec.of("sleep", "30").phase("work", "slow").timeout(Duration.ofMillis(500))
                    .stdio(in, toFile, toFile)));
            print(s.run(StepSpec.of("/bin/sh", "-c", "exit 5").phase("halt", "stop").stdio(in, toFile, toFile)));
        } finally {
            System.out.println("footer " + s.close().exitStatus());
        }
    }

    private static void print(int status) {
        System.out.println("status " + status);
    }
}
