package depset.vm.run;

import depset.sandbox.GuestInit;
import depset.sandbox.HostCommand;
import depset.vm.sequence.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The guest's network namespace and, when the sequence has a visitor, a second namespace for the
 * visitor joined to it by a veth pair. The pair is created directly inside the two namespaces (the
 * machine's own namespace never holds either end). The guest's end is named as the sequence says and
 * left down for the sequence to configure, as the seed did with {@code ifconfig}; the visitor's end
 * ({@value #VISITOR_END}) gets the visitor address. Loopback is up in both, as a booted machine's
 * init leaves it. The namespaces are held by processes, not names, so the kernel removes them, and
 * the pair, when the holders end, however depset ends.
 */
public final class GuestNetwork implements AutoCloseable {
    /** The name of the visitor's end of the pair. */
    public static final String VISITOR_END = "visitor0";
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(20);

    private final GuestInit guest;
    private final GuestInit visitor;

    private GuestNetwork(GuestInit guest, GuestInit visitor) {
        this.guest = guest;
        this.visitor = visitor;
    }

    /** A new, empty network namespace for the guest, linked to a visitor when {@code network} says so. */
    public static GuestNetwork open(Optional<Network> network) throws IOException {
        GuestInit guest = GuestInit.start(GuestInit.networkHolder(), "the guest's network namespace");
        GuestInit visitor = null;
        boolean ok = false;
        try {
            String g = Long.toString(guest.pid());
            ip("bring up the guest's loopback", List.of("/usr/bin/nsenter", "-t", g, "-n",
                    "/usr/sbin/ip", "link", "set", "lo", "up"));
            if (network.isPresent()) {
                visitor = GuestInit.start(GuestInit.networkHolder(), "the visitor's network namespace");
                String v = Long.toString(visitor.pid());
                ip("create the veth pair", List.of("/usr/sbin/ip", "link", "add", network.get().guestInterface(),
                        "netns", g, "type", "veth", "peer", "name", VISITOR_END, "netns", v));
                ip("bring up the visitor's loopback", List.of("/usr/bin/nsenter", "-t", v, "-n",
                        "/usr/sbin/ip", "link", "set", "lo", "up"));
                ip("address the visitor", List.of("/usr/bin/nsenter", "-t", v, "-n",
                        "/usr/sbin/ip", "address", "add", network.get().visitorAddress(), "dev", VISITOR_END));
                ip("bring up the visitor's end", List.of("/usr/bin/nsenter", "-t", v, "-n",
                        "/usr/sbin/ip", "link", "set", VISITOR_END, "up"));
            }
            ok = true;
            return new GuestNetwork(guest, visitor);
        } finally {
            if (!ok) {
                if (visitor != null) {
                    visitor.close();
                }
                guest.close();
            }
        }
    }

    private static void ip(String what, List<String> argv) throws IOException {
        HostCommand.Result r = HostCommand.run(argv, IP_TIMEOUT);
        if (!r.ok()) {
            throw new IOException("cannot " + what + ": " + r.lastLine());
        }
    }

    /** The guest's network namespace, for {@code nsenter --net=} or a sandbox step. */
    public Path guestNamespace() {
        return Path.of("/proc", Long.toString(guest.pid()), "ns", "net");
    }

    /** Starts {@code argv}, a program of the machine, inside the visitor's network namespace. */
    public Process startVisitor(List<String> argv) throws IOException {
        if (visitor == null) {
            throw new IllegalStateException("this guest has no visitor link");
        }
        return startIn(visitor, argv);
    }

    /**
     * Starts {@code argv}, a program of the machine, inside the guest's network namespace: it reaches
     * what the guest serves on 127.0.0.1, and being outside the guest's root, adds nothing to a trace.
     */
    public Process startInGuest(List<String> argv) throws IOException {
        return startIn(guest, argv);
    }

    private static Process startIn(GuestInit holder, List<String> argv) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/nsenter", "-t", Long.toString(holder.pid()), "-n", "--"));
        cmd.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // A proxy of the machine's means nothing inside the guest's or the visitor's network.
        pb.environment().keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
        return pb.start();
    }

    @Override
    public void close() {
        if (visitor != null) {
            visitor.close();
        }
        guest.close();
    }
}
