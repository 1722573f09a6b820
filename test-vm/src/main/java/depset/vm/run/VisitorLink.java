package depset.vm.run;

import depset.vm.host.HostCommand;
import depset.vm.sequence.Network;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The visitor's side of the guest's network: a second network namespace joined to the guest's by a
 * veth pair, created directly inside the two namespaces (the machine's own namespace never holds
 * either end). The guest's end is named as the sequence says and left down for the sequence to
 * configure; the visitor's end ({@value #VISITOR_END}) gets the sequence's visitor address. The
 * namespaces are held by processes, not names, so the kernel removes them, and the pair, when the
 * holders end, however depset ends.
 */
public final class VisitorLink implements AutoCloseable {
    /** The name of the visitor's end of the pair. */
    public static final String VISITOR_END = "visitor0";
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(20);

    private final NamespaceHolder visitor;

    private VisitorLink(NamespaceHolder visitor) {
        this.visitor = visitor;
    }

    /** Links a new visitor namespace to the network namespace of {@code guestPid}. */
    public static VisitorLink open(long guestPid, Network network) throws IOException {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/unshare", "--net", "--fork", "--kill-child"));
        argv.addAll(NamespaceHolder.reaperArgv());
        NamespaceHolder visitor = NamespaceHolder.start(argv, "the visitor's network namespace");
        boolean ok = false;
        try {
            String v = Long.toString(visitor.pid());
            String g = Long.toString(guestPid);
            ip("create the veth pair", List.of("/usr/sbin/ip", "link", "add", network.guestInterface(), "netns", g,
                    "type", "veth", "peer", "name", VISITOR_END, "netns", v));
            // Loopback is up in a booted machine; its init brings it up before any service starts.
            ip("bring up the guest's loopback", List.of("/usr/bin/nsenter", "-t", g, "-n",
                    "/usr/sbin/ip", "link", "set", "lo", "up"));
            ip("bring up the visitor's loopback", List.of("/usr/bin/nsenter", "-t", v, "-n",
                    "/usr/sbin/ip", "link", "set", "lo", "up"));
            ip("address the visitor", List.of("/usr/bin/nsenter", "-t", v, "-n",
                    "/usr/sbin/ip", "address", "add", network.visitorAddress(), "dev", VISITOR_END));
            ip("bring up the visitor's end", List.of("/usr/bin/nsenter", "-t", v, "-n",
                    "/usr/sbin/ip", "link", "set", VISITOR_END, "up"));
            ok = true;
            return new VisitorLink(visitor);
        } finally {
            if (!ok) {
                visitor.close();
            }
        }
    }

    private static void ip(String what, List<String> argv) throws IOException {
        HostCommand.Result r = HostCommand.run(argv, IP_TIMEOUT);
        if (!r.ok()) {
            throw new IOException("cannot " + what + ": " + r.lastLine());
        }
    }

    /** Starts {@code argv}, a program of the machine, inside the visitor's network namespace. */
    public Process start(List<String> argv) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/nsenter", "-t", Long.toString(visitor.pid()), "-n", "--"));
        cmd.addAll(argv);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Override
    public void close() {
        visitor.close();
    }
}
