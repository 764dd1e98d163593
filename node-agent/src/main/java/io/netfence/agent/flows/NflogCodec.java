package io.netfence.agent.flows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The nfnetlink_log wire format (linux/netfilter/nfnetlink_log.h): configuration requests the agent sends and the
 * packet messages the kernel answers with. Pure byte work, no I/O: netlink headers and attribute headers are in host
 * order, nfnetlink payloads (group id, copy range) in network order.
 */
public final class NflogCodec {

    static final int NLMSG_HDRLEN = 16;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLM_F_REQUEST = 1;
    static final int NLM_F_ACK = 4;
    static final int NFNL_SUBSYS_ULOG = 4;
    static final int NFULNL_MSG_PACKET = 0;
    static final int NFULNL_MSG_CONFIG = 1;
    static final int NFULA_CFG_CMD = 1;
    static final int NFULA_CFG_MODE = 2;
    static final int NFULA_CFG_TIMEOUT = 4;
    static final int NFULA_CFG_QTHRESH = 5;
    static final int NFULA_PAYLOAD = 9;
    static final int NFULA_PREFIX = 10;
    public static final int CMD_BIND = 1;
    public static final int CMD_PF_BIND = 3;
    public static final int CMD_PF_UNBIND = 4;
    static final int COPY_PACKET = 2;
    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    private static final int NLA_TYPE_MASK = 0x3fff;

    private NflogCodec() {
    }

    /** One logged packet: its NFLOG prefix ("" when none) and the copied bytes from the network header on. */
    public record Packet(String prefix, byte[] payload) {
    }

    /**
     * What one receive buffer held.
     *
     * @param packets logged packets in order
     * @param acks    the netlink acks and errors by sequence number: 0 = ok, else the negative errno
     */
    public record Batch(List<Packet> packets, List<Ack> acks) {
    }

    public record Ack(int seq, int error) {
    }

    /** A config command: bind or unbind {@code group} ({@code family} AF_UNSPEC), or the PF_(UN)BIND of a family. */
    public static byte[] command(int seq, int family, int group, int command) {
        return config(seq, family, group, attr(NFULA_CFG_CMD, new byte[] {(byte) command}));
    }

    /** Copy the first {@code range} bytes of each packet (network header first). */
    public static byte[] copyPacket(int seq, int group, int range) {
        // struct nfulnl_msg_config_mode { __be32 copy_range; __u8 copy_mode; __u8 _pad; } (packed, 6 bytes)
        ByteBuffer mode = ByteBuffer.allocate(6).order(ByteOrder.BIG_ENDIAN).putInt(range).put((byte) COPY_PACKET).put((byte) 0);
        return config(seq, AF_UNSPEC, group, attr(NFULA_CFG_MODE, mode.array()));
    }

    /** Flush a batch to the socket after {@code qthreshold} packets or {@code timeoutCentis} hundredths of a second. */
    public static byte[] batching(int seq, int group, int qthreshold, int timeoutCentis) {
        byte[] q = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(qthreshold).array();
        byte[] t = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(timeoutCentis).array();
        return config(seq, AF_UNSPEC, group, concat(attr(NFULA_CFG_QTHRESH, q), attr(NFULA_CFG_TIMEOUT, t)));
    }

    private static byte[] config(int seq, int family, int group, byte[] attrs) {
        int len = NLMSG_HDRLEN + 4 + attrs.length;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
        b.putInt(len).putShort((short) (NFNL_SUBSYS_ULOG << 8 | NFULNL_MSG_CONFIG)).putShort((short) (NLM_F_REQUEST | NLM_F_ACK))
                .putInt(seq).putInt(0);
        // struct nfgenmsg { u8 nfgen_family; u8 version; __be16 res_id; }
        b.put((byte) family).put((byte) 0).order(ByteOrder.BIG_ENDIAN).putShort((short) group).order(ByteOrder.nativeOrder());
        b.put(attrs);
        return b.array();
    }

    private static byte[] attr(int type, byte[] value) {
        int len = 4 + value.length;
        ByteBuffer b = ByteBuffer.allocate(align(len)).order(ByteOrder.nativeOrder());
        b.putShort((short) len).putShort((short) type).put(value);
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int align(int len) {
        return (len + 3) & ~3;
    }

    /**
     * Every netlink message of one receive: packets of the ulog subsystem, acks/errors; anything else (DONE, other
     * subsystems) is skipped. A truncated or malformed message ends the parse of the buffer (what came before it is
     * kept): the kernel never splits a message across receives, so this only happens on a corrupt buffer.
     */
    public static Batch parse(byte[] buf, int length) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, length).order(ByteOrder.nativeOrder());
        List<Packet> packets = new ArrayList<>();
        List<Ack> acks = new ArrayList<>();
        int pos = 0;
        while (pos + NLMSG_HDRLEN <= length) {
            int len = b.getInt(pos);
            if (len < NLMSG_HDRLEN || pos + len > length) {
                break;
            }
            int type = Short.toUnsignedInt(b.getShort(pos + 4));
            int seq = b.getInt(pos + 8);
            if (type == NLMSG_ERROR && len >= NLMSG_HDRLEN + 4) {
                acks.add(new Ack(seq, b.getInt(pos + NLMSG_HDRLEN)));
            } else if (type == (NFNL_SUBSYS_ULOG << 8 | NFULNL_MSG_PACKET) && len >= NLMSG_HDRLEN + 4) {
                packets.add(packet(b, pos + NLMSG_HDRLEN + 4, pos + len));
            }
            pos += align(len);
        }
        return new Batch(packets, acks);
    }

    private static Packet packet(ByteBuffer b, int start, int end) {
        String prefix = "";
        byte[] payload = new byte[0];
        int pos = start;
        while (pos + 4 <= end) {
            int len = Short.toUnsignedInt(b.getShort(pos));
            int type = b.getShort(pos + 2) & NLA_TYPE_MASK;
            if (len < 4 || pos + len > end) {
                break;
            }
            if (type == NFULA_PREFIX) {
                int n = 0;
                while (n < len - 4 && b.get(pos + 4 + n) != 0) {
                    n++;
                }
                byte[] text = new byte[n];
                b.get(pos + 4, text);
                prefix = new String(text, StandardCharsets.US_ASCII);
            } else if (type == NFULA_PAYLOAD) {
                payload = new byte[len - 4];
                b.get(pos + 4, payload);
            }
            pos += align(len);
        }
        return new Packet(prefix, payload);
    }
}
