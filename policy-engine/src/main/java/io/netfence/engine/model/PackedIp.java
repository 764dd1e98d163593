package io.netfence.engine.model;

import com.google.common.net.InetAddresses;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An address as two longs, so that ipBlock membership over thousands of endpoints is a mask and a compare
 * instead of parsing and allocating per test.
 */
public record PackedIp(boolean v4, long hi, long lo) {

    public static PackedIp of(String ip) {
        return of(InetAddresses.forString(ip));
    }

    public static PackedIp of(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return new PackedIp(true, 0, toLong(b, 0, 4));
        }
        return new PackedIp(false, toLong(b, 0, 8), toLong(b, 8, 8));
    }

    private static long toLong(byte[] b, int off, int len) {
        long v = 0;
        for (int i = 0; i < len; i++) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    /** Membership test for one CIDR, precomputed. */
    public record Net(boolean v4, long hi, long lo, long maskHi, long maskLo) {

        public static Net of(Cidr cidr) {
            PackedIp n = PackedIp.of(cidr.network());
            int p = cidr.prefixLength();
            if (n.v4) {
                long mask = p == 0 ? 0 : (0xffffffffL << (32 - p)) & 0xffffffffL;
                return new Net(true, 0, n.lo & mask, 0, mask);
            }
            long mh = p == 0 ? 0 : p >= 64 ? -1L : -1L << (64 - p);
            long ml = p <= 64 ? 0 : p == 128 ? -1L : -1L << (128 - p);
            return new Net(false, n.hi & mh, n.lo & ml, mh, ml);
        }

        public boolean contains(PackedIp ip) {
            return ip.v4 == v4 && (ip.hi & maskHi) == hi && (ip.lo & maskLo) == lo;
        }
    }

    /** An ipBlock peer: inside {@code cidr} and outside every {@code except}. */
    public record Block(Net cidr, Net[] except) {

        public static Block of(IpBlockPeer peer) {
            return new Block(Net.of(peer.cidr()), peer.except().stream().map(Net::of).toArray(Net[]::new));
        }

        public boolean contains(PackedIp ip) {
            if (!cidr.contains(ip)) {
                return false;
            }
            for (Net e : except) {
                if (e.contains(ip)) {
                    return false;
                }
            }
            return true;
        }
    }
}
