package depset.vm.run;

import depset.trace.Phase;
import java.io.File;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A main for {@link GuestEnvironmentTest}, started in a private mount namespace (a traced session
 * needs one): runs {@code environment-probe.sh} in a guest once traced ({@link TracedSession}) and once
 * plainly ({@link ChrootSession}), each in a guest network namespace of its own, and writes what each
 * printed to {@code OUT/traced.txt} and {@code OUT/native.txt}. A second step in each renames the
 * guest and prints the name, written to {@code OUT/traced-renamed.txt} and {@code OUT/native-renamed.txt}.
 *
 * <p>Arguments: {@code ROOT OUT}.
 */
public final class EnvironmentProbe {
    private EnvironmentProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String probe;
        try (InputStream in = EnvironmentProbe.class.getResourceAsStream("environment-probe.sh")) {
            probe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        probe(TracedSession.factory(out.resolve("trace.jsonl"), List.of("environment-probe"), "test", System.err),
                root, probe, out, "traced");
        probe(ChrootSession.factory(), root, probe, out, "native");
    }

    private static void probe(GuestSessionFactory sessions, Path root, String probe, Path out, String name)
            throws Exception {
        try (GuestNetwork network = GuestNetwork.open(Optional.empty());
             GuestSession session = sessions.open(root, network.guestNamespace())) {
            run(session, probe, out.resolve(name + ".txt"));
            run(session, "echo depset-probe > /proc/sys/kernel/hostname && cat /proc/sys/kernel/hostname",
                    out.resolve(name + "-renamed.txt"));
        }
    }

    private static void run(GuestSession session, String script, Path to) throws Exception {
        Files.deleteIfExists(to);
        Files.createFile(to);
        int status = session.run(Phase.WORK, "probe", List.of("/bin/sh", "-c", script),
                Redirect.from(new File("/dev/null")), Redirect.appendTo(to.toFile()), Duration.ofMinutes(2));
        Files.writeString(to, "== status " + status + "\n", java.nio.file.StandardOpenOption.APPEND);
    }
}
