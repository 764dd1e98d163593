package io.netfence.agent.flows;

import com.google.common.net.InetAddresses;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/** Reads the IPv4 or IPv6 header and the TCP/UDP/SCTP ports of a copied packet (NFLOG copies from the network header). */
public final class PacketHeaders {

    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int FRAGMENT = 44;
    private static final int DEST_OPTIONS = 60;

    private PacketHeaders() {
    }

    /** Empty when the bytes are not a complete IPv4/IPv6 header. */
    public static Optional<FlowTuple> parse(byte[] p) {
        if (p.length < 1) {
            return Optional.empty();
        }
        int version = (p[0] & 0xff) >> 4;
        if (version == 4) {
            return ipv4(p);
        }
        return version == 6 ? ipv6(p) : Optional.empty();
    }

    private static Optional<FlowTuple> ipv4(byte[] p) {
        int ihl = (p[0] & 0x0f) * 4;
        if (ihl < 20 || p.length < ihl) {
            return Optional.empty();
        }
        int proto = p[9] & 0xff;
        boolean laterFragment = (((p[6] & 0x1f) << 8) | (p[7] & 0xff)) != 0;
        String src = address(p, 12, 4);
        String dst = address(p, 16, 4);
        return Optional.of(withPorts(p, ihl, proto, src, dst, laterFragment, false));
    }

    private static Optional<FlowTuple> ipv6(byte[] p) {
        if (p.length < 40) {
            return Optional.empty();
        }
        String src = address(p, 8, 16);
        String dst = address(p, 24, 16);
        int next = p[6] & 0xff;
        int pos = 40;
        boolean laterFragment = false;
        while (next == HOP_BY_HOP || next == ROUTING || next == DEST_OPTIONS || next == FRAGMENT) {
            if (p.length < pos + 8) {
                return Optional.of(new FlowTuple(src, dst, protocolName(next, true), 0, 0));
            }
            int header = next;
            next = p[pos] & 0xff;
            if (header == FRAGMENT) {
                laterFragment = (((p[pos + 2] & 0xff) << 8 | (p[pos + 3] & 0xff)) & 0xfff8) != 0;
                pos += 8;
            } else {
                pos += ((p[pos + 1] & 0xff) + 1) * 8;
            }
        }
        return Optional.of(withPorts(p, pos, next, src, dst, laterFragment, true));
    }

    private static FlowTuple withPorts(byte[] p, int at, int proto, String src, String dst, boolean laterFragment, boolean v6) {
        boolean ports = (proto == 6 || proto == 17 || proto == 132) && !laterFragment && p.length >= at + 4;
        int sport = ports ? (p[at] & 0xff) << 8 | (p[at + 1] & 0xff) : 0;
        int dport = ports ? (p[at + 2] & 0xff) << 8 | (p[at + 3] & 0xff) : 0;
        return new FlowTuple(src, dst, protocolName(proto, v6), sport, dport);
    }

    static String protocolName(int proto, boolean v6) {
        return switch (proto) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 132 -> "sctp";
            case 1 -> "icmp";
            case 58 -> v6 ? "ipv6-icmp" : "58";
            default -> String.valueOf(proto);
        };
    }

    private static String address(byte[] p, int at, int len) {
        try {
            InetAddress a = InetAddress.getByAddress(Arrays.copyOfRange(p, at, at + len));
            return InetAddresses.toAddrString(a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // only for a wrong length, which the callers exclude
        }
    }
}
