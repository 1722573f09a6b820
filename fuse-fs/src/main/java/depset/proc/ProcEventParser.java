package depset.proc;

import depset.natives.Netlink;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the datagrams of the process-events connector: one or more netlink messages, each a
 * {@code cn_msg} for {@code CN_IDX_PROC} carrying one {@code struct proc_event}.
 *
 * <p>{@code struct proc_event} is {@code what} (u32), {@code cpu} (u32), {@code timestamp_ns}
 * (u64), then a union whose fork member is four pids (parent tid, parent tgid, child tid, child
 * tgid), exec two (tid, tgid), exit two pids then {@code exit_code} and {@code exit_signal}.
 */
public final class ProcEventParser {
    /** CN_IDX_PROC, also the multicast group to bind. */
    public static final int CN_IDX_PROC = 1;
    /** CN_VAL_PROC. */
    public static final int CN_VAL_PROC = 1;
    static final int PROC_EVENT_FORK = 0x00000001;
    static final int PROC_EVENT_EXEC = 0x00000002;
    static final int PROC_EVENT_EXIT = 0x80000000;
    /** Offset of the union inside {@code struct proc_event}. */
    private static final int EVENT_DATA = 16;
    private static final int NLMSG_ALIGN = 4;

    private ProcEventParser() {
    }

    /** The events in {@code length} bytes of {@code datagram}; malformed parts are skipped. */
    public static List<KernelEvent> parse(byte[] datagram, int length) {
        ByteBuffer b = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.nativeOrder());
        List<KernelEvent> out = new ArrayList<>(1);
        int at = 0;
        while (at + Netlink.NLMSG_HDRLEN <= length) {
            int msgLen = b.getInt(at);
            if (msgLen < Netlink.NLMSG_HDRLEN || at + msgLen > length) {
                break;
            }
            int cn = at + Netlink.NLMSG_HDRLEN;
            if (msgLen >= Netlink.NLMSG_HDRLEN + Netlink.CN_MSG_HDRLEN + EVENT_DATA
                    && b.getInt(cn) == CN_IDX_PROC && b.getInt(cn + 4) == CN_VAL_PROC) {
                int dataLen = Short.toUnsignedInt(b.getShort(cn + 16));
                int ev = cn + Netlink.CN_MSG_HDRLEN;
                if (ev + Math.min(dataLen, EVENT_DATA + 16) <= at + msgLen) {
                    out.add(event(b, ev, dataLen));
                }
            }
            at += (msgLen + NLMSG_ALIGN - 1) & -NLMSG_ALIGN;
        }
        return out;
    }

    private static KernelEvent event(ByteBuffer b, int ev, int dataLen) {
        int what = b.getInt(ev);
        int d = ev + EVENT_DATA;
        if (what == PROC_EVENT_FORK && dataLen >= EVENT_DATA + 16) {
            return new KernelEvent.Fork(b.getInt(d + 4), b.getInt(d), b.getInt(d + 12), b.getInt(d + 8));
        }
        if (what == PROC_EVENT_EXEC && dataLen >= EVENT_DATA + 8) {
            return new KernelEvent.Exec(b.getInt(d + 4), b.getInt(d));
        }
        if (what == PROC_EVENT_EXIT && dataLen >= EVENT_DATA + 12) {
            return new KernelEvent.Exit(b.getInt(d + 4), b.getInt(d), b.getInt(d + 8));
        }
        return new KernelEvent.Other(what);
    }
}
