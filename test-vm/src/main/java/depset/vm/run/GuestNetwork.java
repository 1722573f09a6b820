package depset.vm.run;

import depset.sandbox.GuestInit;
import depset.sandbox.HostCommand;
import depset.vm.sequence.Host;
import depset.vm.sequence.Network;
import depset.vm.sequence.Sequence;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guest's network namespace and, when the sequence has a visitor, a second namespace for the
 * visitor joined to it by a veth pair. The pair is created directly inside the two namespaces (the
 * machine's own namespace never holds either end). The guest's end is named as the sequence says and
 * left down for the sequence to configure, as the seed did with {@code ifconfig}; the visitor's end
 * ({@value #VISITOR_END}) gets the visitor address. Loopback is up in both, as a booted machine's
 * init leaves it. The namespaces are held by processes, not names, so the kernel removes them, and
 * the pair, when the holders end, however depset ends.
 *
 * <p>A multi-host sequence gets a virtual LAN instead ({@link #lan}): a bridge in a network namespace
 * of its own, and each host's namespace (and the visitor's) joined to it by a veth pair created
 * directly inside the two namespaces; each host's end is {@link Sequence#LAN_INTERFACE}, addressed and
 * up. Again nothing is made in the machine's own namespace, and everything goes with the holders.
 */
public final class GuestNetwork implements AutoCloseable {
    /** The name of the visitor's end of the pair. */
    public static final String VISITOR_END = "visitor0";
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(20);

    /** The bridge of a LAN. */
    public static final String BRIDGE = "lan0";

    /** Each guest's holder, by host name ("" for the one guest of a one-host sequence). */
    private final Map<String, GuestInit> guests;
    private final GuestInit visitor;
    private final GuestInit bridge;

    private GuestNetwork(Map<String, GuestInit> guests, GuestInit visitor, GuestInit bridge) {
        this.guests = Map.copyOf(guests);
        this.visitor = visitor;
        this.bridge = bridge;
    }

    /** A new, empty network namespace for the guest, linked to a visitor when {@code network} says so. */
    public static GuestNetwork open(Optional<Network> network) throws IOException {
        GuestInit guest = GuestInit.start(GuestInit.networkHolder(), "the guest's network namespace");
        GuestInit visitor = null;
        boolean ok = false;
        try {
            String g = Long.toString(guest.pid());
            in(g, "bring up the guest's loopback", "link", "set", "lo", "up");
            if (network.isPresent()) {
                visitor = GuestInit.start(GuestInit.networkHolder(), "the visitor's network namespace");
                String v = Long.toString(visitor.pid());
                ip("create the veth pair", List.of("/usr/sbin/ip", "link", "add", network.get().guestInterface(),
                        "netns", g, "type", "veth", "peer", "name", VISITOR_END, "netns", v));
                in(v, "bring up the visitor's loopback", "link", "set", "lo", "up");
                in(v, "address the visitor", "address", "add", network.get().visitorAddress(), "dev", VISITOR_END);
                in(v, "bring up the visitor's end", "link", "set", VISITOR_END, "up");
            }
            ok = true;
            return new GuestNetwork(Map.of("", guest), visitor, null);
        } finally {
            if (!ok) {
                if (visitor != null) {
                    visitor.close();
                }
                guest.close();
            }
        }
    }

    /**
     * A virtual LAN for {@code hosts}: a bridge ({@value #BRIDGE}) in a namespace of its own, each
     * host in a namespace of its own with its {@link Sequence#LAN_INTERFACE} addressed and up, and the
     * visitor on the same bridge when {@code visitor} says so.
     */
    public static GuestNetwork lan(List<Host> hosts, Optional<Network> visitorLink) throws IOException {
        List<GuestInit> made = new ArrayList<>();
        boolean ok = false;
        try {
            GuestInit br = GuestInit.start(GuestInit.networkHolder(), "the LAN's network namespace");
            made.add(br);
            String b = Long.toString(br.pid());
            in(b, "make the LAN's bridge", "link", "add", BRIDGE, "type", "bridge");
            in(b, "bring up the LAN's bridge", "link", "set", BRIDGE, "up");
            Map<String, GuestInit> guests = new LinkedHashMap<>();
            int port = 0;
            for (Host h : hosts) {
                GuestInit g = GuestInit.start(GuestInit.networkHolder(), "the network namespace of host " + h.name());
                made.add(g);
                guests.put(h.name(), g);
                plug(g, br, Sequence.LAN_INTERFACE, "port" + port++, h.address(), "host " + h.name());
            }
            GuestInit v = null;
            if (visitorLink.isPresent()) {
                v = GuestInit.start(GuestInit.networkHolder(), "the visitor's network namespace");
                made.add(v);
                plug(v, br, VISITOR_END, "port-visitor", visitorLink.get().visitorAddress(), "the visitor");
            }
            ok = true;
            return new GuestNetwork(guests, v, br);
        } finally {
            if (!ok) {
                made.forEach(GuestInit::close);
            }
        }
    }

    /** Joins {@code ns} to the bridge in {@code br}: a veth pair, {@code end} in ns, addressed and up. */
    private static void plug(GuestInit ns, GuestInit br, String end, String port, String address, String who)
            throws IOException {
        String n = Long.toString(ns.pid());
        String b = Long.toString(br.pid());
        ip("link " + who + " to the LAN", List.of("/usr/sbin/ip", "link", "add", end, "netns", n, "type", "veth",
                "peer", "name", port, "netns", b));
        in(b, "put " + who + " on the bridge", "link", "set", port, "master", BRIDGE, "up");
        in(n, "bring up the loopback of " + who, "link", "set", "lo", "up");
        in(n, "address " + who, "address", "add", address, "dev", end);
        in(n, "bring up the LAN end of " + who, "link", "set", end, "up");
    }

    /** {@code ip ARGS} inside the network namespace of the process {@code pid}. */
    private static void in(String pid, String what, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/nsenter", "-t", pid, "-n", "/usr/sbin/ip"));
        argv.addAll(List.of(args));
        ip(what, argv);
    }

    private static void ip(String what, List<String> argv) throws IOException {
        HostCommand.Result r = HostCommand.run(argv, IP_TIMEOUT);
        if (!r.ok()) {
            throw new IOException("cannot " + what + ": " + r.lastLine());
        }
    }

    /** The guest's network namespace, for {@code nsenter --net=} or a sandbox step. */
    public Path guestNamespace() {
        return namespace("");
    }

    /** The network namespace of host {@code host} ("" for the one guest of a one-host sequence). */
    public Path namespace(String host) {
        return Path.of("/proc", Long.toString(holder(host).pid()), "ns", "net");
    }

    /** The hosts' names ("" alone for a one-host sequence). */
    public java.util.Set<String> hosts() {
        return guests.keySet();
    }

    private GuestInit holder(String host) {
        GuestInit g = guests.get(host);
        if (g == null) {
            throw new IllegalArgumentException("no host " + host + " on this network");
        }
        return g;
    }

    /** Whether a visitor is on the network. */
    public boolean hasVisitor() {
        return visitor != null;
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
        return startIn(holder(""), argv);
    }

    /** {@link #startInGuest} in the network namespace of host {@code host}. */
    public Process startIn(String host, List<String> argv) throws IOException {
        return startIn(holder(host), argv);
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
        guests.values().forEach(GuestInit::close);
        if (bridge != null) {
            bridge.close();
        }
    }
}
