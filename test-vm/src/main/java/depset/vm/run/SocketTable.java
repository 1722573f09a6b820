package depset.vm.run;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One network namespace's TCP sockets as {@code ss -tanpH} prints them (the kernel's sock_diag
 * answer; process names from the machine's {@code /proc/PID/fd}, since ss runs with the machine's
 * {@code /proc}).
 */
record SocketTable(List<Socket> sockets) {
    /**
     * One socket.
     *
     * @param processes the names of the processes holding it (none for TIME-WAIT)
     */
    record Socket(String state, String localIp, int localPort, String peerIp, int peerPort, List<String> processes) {
        boolean listening() {
            return state.equals("LISTEN");
        }
    }

    private static final Pattern PROCESS = Pattern.compile("\\(\"([^\"]+)\",pid=");

    SocketTable {
        sockets = List.copyOf(sockets);
    }

    /** Parses {@code ss -tanpH} output: STATE RECV-Q SEND-Q LOCAL PEER [users:((…))]. */
    static SocketTable parse(String ssOutput) {
        List<Socket> out = new ArrayList<>();
        for (String line : ssOutput.split("\n")) {
            String[] f = line.strip().split("\\s+", 6);
            if (f.length < 5) {
                continue;
            }
            int lp = port(f[3]);
            int pp = port(f[4]);
            if (lp < 0) {
                continue;
            }
            List<String> procs = new ArrayList<>();
            if (f.length == 6) {
                Matcher m = PROCESS.matcher(f[5]);
                while (m.find()) {
                    if (!procs.contains(m.group(1))) {
                        procs.add(m.group(1));
                    }
                }
            }
            out.add(new Socket(f[0], ip(f[3]), lp, ip(f[4]), pp, procs));
        }
        return new SocketTable(out);
    }

    /** {@code 192.168.1.3:80}, {@code [::ffff:192.168.1.3]:80}, {@code *:80} → the address part. */
    private static String ip(String endpoint) {
        String a = endpoint.substring(0, Math.max(0, endpoint.lastIndexOf(':')));
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        int pct = a.indexOf('%'); // an interface scope: 0.0.0.0%lo
        if (pct >= 0) {
            a = a.substring(0, pct);
        }
        return a.startsWith("::ffff:") ? a.substring("::ffff:".length()) : a;
    }

    private static int port(String endpoint) {
        String p = endpoint.substring(endpoint.lastIndexOf(':') + 1);
        return p.matches("\\d{1,5}") ? Integer.parseInt(p) : p.equals("*") ? 0 : -1;
    }
}
