package io.netfence.agent.flows;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.IOException;

/**
 * An AF_NETLINK / NETLINK_NETFILTER socket through JNA: open, bind, send, receive with a timeout, close. Nothing else:
 * what goes over it is {@link NflogCodec}'s job. Used by one thread.
 */
final class NflogSocket implements AutoCloseable {

    interface LibC extends Library {
        int socket(int domain, int type, int protocol);

        int bind(int fd, byte[] addr, int len);

        int setsockopt(int fd, int level, int name, byte[] value, int len);

        long send(int fd, byte[] buf, long len, int flags);

        long recv(int fd, Pointer buf, long len, int flags);

        int close(int fd);

        int open(String path, int flags);

        int setns(int fd, int nstype);

        String strerror(int errnum);
    }

    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_NETFILTER = 12;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final int SO_RCVTIMEO = 20;
    private static final int CLONE_NEWNET = 0x40000000;
    static final int EAGAIN = 11;
    static final int ENOBUFS = 105;
    static final int EINTR = 4;

    private static volatile LibC libc;

    private final int fd;
    private final Memory buffer;

    private NflogSocket(int fd, int bufferSize) {
        this.fd = fd;
        this.buffer = new Memory(bufferSize);
    }

    static LibC libc() {
        if (libc == null) {
            libc = Native.load("c", LibC.class);
        }
        return libc;
    }

    /** Moves the calling thread into the network namespace at {@code path} (e.g. /var/run/netns/NODE). */
    static void enterNetns(String path) throws IOException {
        LibC c = libc();
        int nsFd = c.open(path, 0);
        if (nsFd < 0) {
            throw error("open " + path);
        }
        try {
            if (c.setns(nsFd, CLONE_NEWNET) != 0) {
                throw error("setns " + path);
            }
        } finally {
            c.close(nsFd);
        }
    }

    static NflogSocket open(int receiveBufferBytes, int receiveTimeoutMillis) throws IOException {
        LibC c = libc();
        int fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
        if (fd < 0) {
            throw error("socket(AF_NETLINK, NETLINK_NETFILTER)");
        }
        NflogSocket s = new NflogSocket(fd, 65536);
        try {
            // struct sockaddr_nl { u16 family; u16 pad; u32 pid (0: the kernel assigns); u32 groups; }
            byte[] addr = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.nativeOrder()).putShort((short) AF_NETLINK).array();
            if (c.bind(fd, addr, addr.length) != 0) {
                throw error("bind(netlink)");
            }
            byte[] rcvbuf = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(receiveBufferBytes).array();
            c.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, rcvbuf, 4); // best effort: capped by net.core.rmem_max
            // struct timeval { long sec; long usec; }: recv returns EAGAIN after the timeout, so close() is noticed
            byte[] tv = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder())
                    .putLong(receiveTimeoutMillis / 1000).putLong((receiveTimeoutMillis % 1000) * 1000L).array();
            if (c.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16) != 0) {
                throw error("setsockopt(SO_RCVTIMEO)");
            }
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    void send(byte[] message) throws IOException {
        if (libc().send(fd, message, message.length, 0) < 0) {
            throw error("send(netlink)");
        }
    }

    /**
     * Bytes received into {@code into} (at most its length), or a negative errno ({@code -EAGAIN} after the timeout,
     * {@code -ENOBUFS} when the kernel had to drop messages because the socket buffer was full).
     */
    int receive(byte[] into) {
        long n = libc().recv(fd, buffer, Math.min(into.length, buffer.size()), 0);
        if (n < 0) {
            return -Native.getLastError();
        }
        buffer.read(0, into, 0, (int) n);
        return (int) n;
    }

    static String describe(int errno) {
        return libc().strerror(errno) + " (errno " + errno + ")";
    }

    private static IOException error(String what) {
        int errno = Native.getLastError();
        return new IOException(what + " failed: " + describe(errno));
    }

    @Override
    public void close() {
        libc().close(fd);
    }
}
