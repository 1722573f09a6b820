package depset.proc;

import depset.natives.Netlink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A subscription to the kernel's process-events connector: every fork, exec and exit on the
 * machine, as seen from the initial pid namespace (listening is refused elsewhere), for root only.
 */
final class ProcConnector implements AutoCloseable {
    private static final int PROC_CN_MCAST_LISTEN = 1;
    private static final int PROC_CN_MCAST_IGNORE = 2;
    private static final int MAX_BATCH = 256;

    private final Netlink socket;
    private final byte[] buf = new byte[1 << 16];

    private ProcConnector(Netlink socket) {
        this.socket = socket;
    }

    /** Subscribes; events are queued from the moment this returns. */
    static ProcConnector listen(int timeoutMillis) throws IOException {
        Netlink s = Netlink.open(ProcEventParser.CN_IDX_PROC, 16 << 20, timeoutMillis);
        try {
            s.sendConnector(ProcEventParser.CN_IDX_PROC, ProcEventParser.CN_VAL_PROC, op(PROC_CN_MCAST_LISTEN));
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen to process events (" + e.getMessage()
                    + "); depset must run as root in the initial pid namespace", e);
        }
        return new ProcConnector(s);
    }

    /**
     * The next events: waits for one datagram (empty when the timeout passed), then takes all
     * that are already queued, so that the caller sees a little of the future (a second exec of
     * the same process).
     */
    List<KernelEvent> receive() throws IOException {
        int n = socket.receive(buf);
        if (n == 0) {
            return List.of();
        }
        List<KernelEvent> events = new ArrayList<>(ProcEventParser.parse(buf, n));
        for (int i = 0; i < MAX_BATCH && (n = socket.receive(buf, false)) > 0; i++) {
            events.addAll(ProcEventParser.parse(buf, n));
        }
        return events;
    }

    @Override
    public void close() {
        try {
            socket.sendConnector(ProcEventParser.CN_IDX_PROC, ProcEventParser.CN_VAL_PROC, op(PROC_CN_MCAST_IGNORE));
        } catch (IOException ignored) {
            // closing the socket unsubscribes it anyway
        }
        socket.close();
    }

    private static byte[] op(int op) {
        return Netlink.buffer(4).putInt(op).array();
    }
}
