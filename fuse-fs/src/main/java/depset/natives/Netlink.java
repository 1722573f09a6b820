package depset.natives;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * A netlink socket on the kernel connector ({@code NETLINK_CONNECTOR}), bound by hand with
 * jnr-ffi because no Java library speaks netlink. Only what the process-events connector needs:
 * open, bind to a multicast group, send one message, receive datagrams with a timeout.
 *
 * <p>Layouts from the kernel's {@code include/uapi/linux/netlink.h} ({@code sockaddr_nl},
 * {@code nlmsghdr}) and {@code connector.h} ({@code cn_msg}); all fields in host byte order.
 */
public final class Netlink implements AutoCloseable {
    /** AF_NETLINK. */
    public static final int AF_NETLINK = 16;
    /** SOCK_DGRAM | SOCK_CLOEXEC: no child of depset inherits the socket. */
    private static final int SOCK_DGRAM_CLOEXEC = 2 | 02000000;
    /** NETLINK_CONNECTOR. */
    public static final int NETLINK_CONNECTOR = 11;
    /** sizeof(struct nlmsghdr). */
    public static final int NLMSG_HDRLEN = 16;
    /** NLMSG_DONE: the type a connector message is sent with. */
    public static final int NLMSG_DONE = 3;
    /** sizeof(struct cn_msg) without its data. */
    public static final int CN_MSG_HDRLEN = 20;

    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int EAGAIN = 11;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EINTR = 4;
    /** The socket's receive buffer overflowed: the kernel dropped messages. */
    public static final int ENOBUFS = 105;

    /** The libc calls used, as jnr-ffi binds them. */
    public interface LibC {
        @SaveError
        int socket(int domain, int type, int protocol);

        @SaveError
        int bind(int fd, @In byte[] addr, int len);

        @SaveError
        long send(int fd, @In byte[] buf, long len, int flags);

        @SaveError
        long recv(int fd, @Out byte[] buf, long len, int flags);

        @SaveError
        int setsockopt(int fd, int level, int name, @In byte[] value, int len);

        int close(int fd);

        String strerror(int errno);
    }

    private static final LibC C = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(C);

    private final int fd;
    private volatile boolean closed;

    private Netlink(int fd) {
        this.fd = fd;
    }

    /**
     * Opens a connector socket bound to multicast {@code group}, with a receive buffer of
     * {@code receiveBuffer} bytes (forced past the system limit: we run as root) and a receive
     * timeout, so that a reading thread can notice it should stop.
     */
    public static Netlink open(int group, int receiveBuffer, int timeoutMillis) throws IOException {
        int fd = C.socket(AF_NETLINK, SOCK_DGRAM_CLOEXEC, NETLINK_CONNECTOR);
        if (fd < 0) {
            throw failure("socket(AF_NETLINK, NETLINK_CONNECTOR)");
        }
        Netlink nl = new Netlink(fd);
        try {
            ByteBuffer addr = buffer(12);
            addr.putShort((short) AF_NETLINK).putShort((short) 0).putInt(0).putInt(group);
            if (C.bind(fd, addr.array(), 12) < 0) {
                throw failure("bind(netlink connector, group " + group + ")");
            }
            byte[] size = buffer(4).putInt(receiveBuffer).array();
            if (C.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, size, 4) < 0
                    && C.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, size, 4) < 0) {
                throw failure("setsockopt(SO_RCVBUF)");
            }
            byte[] tv = buffer(16).putLong(timeoutMillis / 1000).putLong((timeoutMillis % 1000) * 1000L).array();
            if (C.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16) < 0) {
                throw failure("setsockopt(SO_RCVTIMEO)");
            }
            return nl;
        } catch (IOException | RuntimeException e) {
            nl.close();
            throw e;
        }
    }

    /**
     * Sends one connector message: a netlink header, a {@code cn_msg} for {@code idx}/{@code val},
     * then {@code data}.
     */
    public void sendConnector(int idx, int val, byte[] data) throws IOException {
        int len = NLMSG_HDRLEN + CN_MSG_HDRLEN + data.length;
        ByteBuffer b = buffer(len);
        b.putInt(len).putShort((short) NLMSG_DONE).putShort((short) 0).putInt(0)
                .putInt((int) ProcessHandle.current().pid());
        b.putInt(idx).putInt(val).putInt(0).putInt(0).putShort((short) data.length).putShort((short) 0);
        b.put(data);
        if (C.send(fd, b.array(), len, 0) != len) {
            throw failure("send(connector message)");
        }
    }

    /**
     * Receives one datagram into {@code buf}.
     *
     * @return its length; 0 when the timeout passed with nothing received
     * @throws Overflow when the kernel dropped messages because the buffer was full
     */
    public int receive(byte[] buf) throws IOException {
        return receive(buf, true);
    }

    /** Like {@link #receive(byte[])}; when {@code wait} is false, returns 0 at once if nothing is queued. */
    public int receive(byte[] buf, boolean wait) throws IOException {
        while (true) {
            long n = C.recv(fd, buf, buf.length, wait ? 0 : MSG_DONTWAIT);
            if (n >= 0) {
                return (int) n;
            }
            int errno = RUNTIME.getLastError();
            if (errno == EAGAIN) {
                return 0;
            }
            if (errno == EINTR) {
                continue;
            }
            if (errno == ENOBUFS) {
                throw new Overflow();
            }
            throw new IOException("recv(netlink connector): " + C.strerror(errno));
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            C.close(fd);
        }
    }

    /** A buffer in the kernel's byte order (the host's). */
    public static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    private static IOException failure(String what) {
        int errno = RUNTIME.getLastError();
        return new IOException(what + ": " + C.strerror(errno));
    }

    /** The kernel dropped messages: the receive buffer was full (ENOBUFS). */
    public static final class Overflow extends IOException {
        private static final long serialVersionUID = 1L;

        Overflow() {
            super("netlink receive buffer overflowed: process events were lost");
        }
    }
}
