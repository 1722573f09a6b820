package depset.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The connector's datagrams, built byte by byte as the kernel lays them out (cn_proc.h, connector.h). */
@Tag("unit")
class ProcEventParserTest {

    /** nlmsghdr (16) + cn_msg (20) + proc_event header (16) + union. */
    private static byte[] message(int what, int... data) {
        int eventLen = 16 + Math.max(24, data.length * 4);
        int len = 16 + 20 + eventLen;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
        b.putInt(len).putShort((short) 3).putShort((short) 0).putInt(0).putInt(0);
        b.putInt(1).putInt(1).putInt(7).putInt(0).putShort((short) eventLen).putShort((short) 0);
        b.putInt(what).putInt(0).putLong(123456789L);
        for (int d : data) {
            b.putInt(d);
        }
        return b.array();
    }

    @Test
    void forkNamesParentAndChildWithTheirThreadIds() {
        byte[] m = message(ProcEventParser.PROC_EVENT_FORK, 100, 100, 201, 200);
        assertThat(ProcEventParser.parse(m, m.length)).containsExactly(new KernelEvent.Fork(100, 100, 200, 201));
        assertThat(((KernelEvent.Fork) ProcEventParser.parse(m, m.length).get(0)).isThread()).isTrue();
    }

    @Test
    void execAndExitWithTheWaitStatusDecoded() {
        byte[] exec = message(ProcEventParser.PROC_EVENT_EXEC, 301, 300);
        assertThat(ProcEventParser.parse(exec, exec.length)).containsExactly(new KernelEvent.Exec(300, 301));
        byte[] exited = message(ProcEventParser.PROC_EVENT_EXIT, 300, 300, 42 << 8, 17);
        KernelEvent.Exit e = (KernelEvent.Exit) ProcEventParser.parse(exited, exited.length).get(0);
        assertThat(e.exitCode()).isEqualTo(42);
        assertThat(e.signal()).isZero();
        byte[] killed = message(ProcEventParser.PROC_EVENT_EXIT, 300, 300, 0x80 | 11, 17);
        KernelEvent.Exit k = (KernelEvent.Exit) ProcEventParser.parse(killed, killed.length).get(0);
        assertThat(k.signal()).isEqualTo(11); // core-dump bit masked off
        assertThat(k.exitCode()).isZero();
    }

    @Test
    void otherKindsAreKeptAsOtherAndTruncatedInputIsSkipped() {
        byte[] uid = message(0x4, 1, 1, 0, 0);
        assertThat(ProcEventParser.parse(uid, uid.length)).containsExactly(new KernelEvent.Other(4));
        byte[] fork = message(ProcEventParser.PROC_EVENT_FORK, 1, 1, 2, 2);
        assertThat(ProcEventParser.parse(fork, 30)).isEmpty();
    }

    @Test
    void twoMessagesInOneDatagram() {
        byte[] a = message(ProcEventParser.PROC_EVENT_EXEC, 5, 5);
        byte[] b = message(ProcEventParser.PROC_EVENT_EXIT, 5, 5, 0, 17);
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        List<KernelEvent> events = ProcEventParser.parse(both, both.length);
        assertThat(events).containsExactly(new KernelEvent.Exec(5, 5), new KernelEvent.Exit(5, 5, 0));
    }
}
