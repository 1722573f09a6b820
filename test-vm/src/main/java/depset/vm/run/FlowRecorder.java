package depset.vm.run;

import depset.hosts.Flow;
import depset.vm.sequence.Host;
import depset.vm.sequence.Sequence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Who talks to whom in a multi-host run: snapshots of every host's TCP sockets ({@code ss -tanpH},
 * sock_diag, run in each host's network namespace) at every step's start and end and, while steps
 * run, every {@link #PERIOD_MILLIS} ms; joined into {@link Flow}s between the LAN's parties.
 * A connection opened and closed between two snapshots is seen only by the TIME-WAIT its closer
 * leaves (no process holds it: the flow then names the listener's process alone), and one whose
 * both ends are gone before a snapshot is not seen at all.
 */
public final class FlowRecorder implements AutoCloseable {
    /** How often sockets are read while a step runs. */
    public static final long PERIOD_MILLIS = 250;

    /** Each party's LAN address → its name (hosts, and {@link Flow#VISITOR}). */
    private final Map<String, String> parties = new LinkedHashMap<>();
    private final Map<String, Flow> flows = new LinkedHashMap<>();
    private Thread sampler;
    private volatile boolean stopping;
    private volatile String current = "start";

    public FlowRecorder(Sequence sequence) {
        for (Host h : sequence.hosts()) {
            parties.put(h.ip(), h.name());
        }
        sequence.network().ifPresent(n -> parties.put(n.visitorAddress().replaceFirst("/.*", ""), Flow.VISITOR));
    }

    /** Each party's address, by name. */
    public Map<String, String> addresses() {
        Map<String, String> m = new LinkedHashMap<>();
        parties.forEach((ip, name) -> m.put(name, ip));
        return m;
    }

    /** Starts reading every host's sockets in the background, every {@link #PERIOD_MILLIS} ms. */
    public synchronized void start(GuestNetwork network) {
        if (sampler != null) {
            return;
        }
        sampler = new Thread(() -> {
            while (!stopping) {
                snapshot(network, "during " + current);
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "flow-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Reads every host's sockets now; {@code when} says which step boundary. */
    public void snapshot(GuestNetwork network, String when) {
        if (when.startsWith("before ")) {
            current = when.substring("before ".length());
        }
        Map<String, SocketTable> tables = new LinkedHashMap<>();
        List<String> parties = new ArrayList<>(network.hosts());
        if (network.hasVisitor()) {
            parties.add(Flow.VISITOR);
        }
        for (String host : parties) {
            try {
                tables.put(host, read(network, host));
            } catch (IOException e) {
                return; // the host's namespace is going: the run ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        add(join(tables, when));
    }

    private static SocketTable read(GuestNetwork network, String host) throws IOException, InterruptedException {
        List<String> ss = List.of("/usr/bin/ss", "-tanpH");
        Process p = host.equals(Flow.VISITOR) ? network.startVisitor(ss) : network.startIn(host, ss);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return SocketTable.parse(new String(out, StandardCharsets.UTF_8));
    }

    /**
     * The flows the tables of one snapshot show: a socket on host S whose local port S listens on and
     * whose peer is another party is a flow from that party to S; a socket on host C whose peer is a
     * host that listens on the peer's port is a flow from C (its processes the client's) to that host.
     */
    List<Flow> join(Map<String, SocketTable> tables, String when) {
        List<Flow> found = new ArrayList<>();
        Map<String, String> byName = addresses();
        for (Map.Entry<String, SocketTable> e : tables.entrySet()) {
            String host = e.getKey();
            String own = byName.get(host);
            for (SocketTable.Socket s : e.getValue().sockets()) {
                if (s.listening()) {
                    continue;
                }
                String peer = parties.get(s.peerIp());
                if (peer == null || s.peerIp().equals(own)) {
                    continue;
                }
                List<String> listeners = listeners(e.getValue(), s.localPort());
                if (listeners != null) { // S serves peer
                    List<String> server = s.processes().isEmpty() ? listeners : s.processes();
                    found.add(new Flow(peer, clientProcesses(tables.get(peer), s), host, s.localPort(), server, when));
                } else if (tables.containsKey(peer)) { // host connected to peer
                    List<String> server = listeners(tables.get(peer), s.peerPort());
                    if (server != null) {
                        found.add(new Flow(host, s.processes(), peer, s.peerPort(), server, when));
                    }
                }
            }
        }
        return found;
    }

    /** The processes listening on {@code port} in {@code table}, or null when nothing listens there. */
    private static List<String> listeners(SocketTable table, int port) {
        for (SocketTable.Socket s : table.sockets()) {
            if (s.listening() && s.localPort() == port) {
                return s.processes();
            }
        }
        return null;
    }

    /** The processes of the client's end of the server's socket {@code s}, when the client is a host. */
    private static List<String> clientProcesses(SocketTable client, SocketTable.Socket s) {
        if (client == null) {
            return List.of();
        }
        for (SocketTable.Socket c : client.sockets()) {
            if (c.localIp().equals(s.peerIp()) && c.localPort() == s.peerPort() && c.peerPort() == s.localPort()) {
                return c.processes();
            }
        }
        return List.of();
    }

    private synchronized void add(List<Flow> seen) {
        for (Flow f : seen) {
            String key = f.client() + ">" + f.server() + ":" + f.port();
            flows.merge(key, f, Flow::merge);
        }
    }

    /** The flows seen so far, in the order first seen. */
    public synchronized List<Flow> flows() {
        return List.copyOf(flows.values());
    }

    @Override
    public void close() {
        stopping = true;
        Thread t;
        synchronized (this) {
            t = sampler;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
