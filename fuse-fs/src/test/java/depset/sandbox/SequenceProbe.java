package depset.sandbox;

import depset.trace.Phase;
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
        // A network namespace of our own (its mount lives in this private mount namespace only).
        String netns = "depset-probe-" + ProcessHandle.current().pid();
        if (new ProcessBuilder("ip", "netns", "add", netns).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("ip netns add failed");
        }
        SandboxSession s = Sandbox.open(SandboxSpec.of(Path.of("/"), trace).command(java.util.List.of("probe")));
        try {
            Redirect toFile = Redirect.appendTo(out.toFile());
            Redirect in = Redirect.from(new File("/dev/null"));
            // boot leaves a daemon behind, its pid in the fresh /run, and a short-lived orphan
            print(s.run(StepSpec.of("/bin/sh", "-c", "sleep 300 >/dev/null 2>&1 & echo $! > /run/daemon.pid;"
                    + " sleep 0.1 >/dev/null 2>&1 & echo $! > /run/short.pid").phase(Phase.BOOT, "daemon")
                    .stdio(in, toFile, toFile)));
            // work sees the daemon still running, in the same pid namespace, and the orphan reaped
            // by the namespace's init (not left a zombie)
            print(s.run(StepSpec.of("/bin/sh", "-c", "kill -0 $(cat /run/daemon.pid) && sleep 0.5"
                    + " && ! grep -q '^State:.Z' /proc/$(cat /run/short.pid)/status 2>/dev/null")
                    .phase(Phase.WORK, "check").stdio(in, toFile, toFile)));
            // a step as nobody, in a working directory
            print(s.run(StepSpec.of("/bin/sh", "-c", "id -u && pwd")
                    .phase(Phase.WORK, "user").workdir("/etc").user(65534, 65534).stdio(in, toFile, toFile)));
            // a step in the network namespace sees its interfaces only: lo
            print(s.run(StepSpec.of("/bin/sh", "-c", "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '")
                    .phase(Phase.WORK, "netns").netns(Path.of("/run/netns", netns)).stdio(in, toFile, toFile)));
            // a step that overstays its timeout is killed
            print(s.run(StepSpec.of("sleep", "30").phase(Phase.WORK, "slow").timeout(Duration.ofSeconds(3))
                    .stdio(in, toFile, toFile)));
            print(s.run(StepSpec.of("/bin/sh", "-c", "exit 5").phase(Phase.HALT, "stop").stdio(in, toFile, toFile)));
        } finally {
            System.out.println("footer " + s.close().exitStatus());
            // The namespace's file in /run/netns is on the host's disk: remove it.
            new ProcessBuilder("ip", "netns", "del", netns).inheritIO().start().waitFor();
        }
    }

    private static void print(int status) {
        System.out.println("status " + status);
    }
}
