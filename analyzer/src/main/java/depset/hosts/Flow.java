package depset.hosts;

import java.util.List;

/**
 * A TCP connection seen between two parties of a multi-host run's LAN.
 *
 * @param client          the host (or {@code visitor}) that connected
 * @param clientProcesses the processes holding the client's socket, by name; empty when no snapshot
 *                        saw the socket open (a connection closed between two snapshots leaves only
 *                        its TIME-WAIT, which no process holds)
 * @param server          the host that listened
 * @param port            the port it listened on
 * @param serverProcesses the processes holding the listening (or accepted) socket, by name
 * @param firstSeen       when the first snapshot that saw it was taken ({@code during web: get …})
 */
public record Flow(String client, List<String> clientProcesses, String server, int port,
                   List<String> serverProcesses, String firstSeen) {
    /** The party a sequence's visitor is called in flows. */
    public static final String VISITOR = "visitor";

    public Flow {
        clientProcesses = List.copyOf(clientProcesses);
        serverProcesses = List.copyOf(serverProcesses);
    }

    /** {@code web (apache2) → db:3306 (mariadbd)}. */
    public String describe() {
        return client + procs(clientProcesses) + " → " + server + ":" + port + procs(serverProcesses);
    }

    private static String procs(List<String> p) {
        return p.isEmpty() ? " (?)" : " (" + String.join(", ", p) + ")";
    }

    /** The same flow with what {@code other} (the same client, server and port) knows added. */
    public Flow merge(Flow other) {
        return new Flow(client, union(clientProcesses, other.clientProcesses), server, port,
                union(serverProcesses, other.serverProcesses), firstSeen);
    }

    private static List<String> union(List<String> a, List<String> b) {
        java.util.LinkedHashSet<String> s = new java.util.LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }
}
