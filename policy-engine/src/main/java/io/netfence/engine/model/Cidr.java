package io.netfence.engine.model;

import com.google.common.net.InetAddresses;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * An IPv4 or IPv6 network in canonical form. Parsing never touches DNS. Host bits set in the input
 * ({@code 10.0.0.1/8}) are accepted as the API server does and masked off.
 */
public record Cidr(InetAddress network, int prefixLength) implements Comparable<Cidr> {

    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash < 0 || slash != text.lastIndexOf('/')) {
            return Optional.empty();
        }
        String addr = text.substring(0, slash);
        String len = text.substring(slash + 1);
        if (!InetAddresses.isInetAddress(addr) || addr.contains("%") || len.isEmpty() || len.length() > 3
                || !len.chars().allMatch(Character::isDigit) || (len.length() > 1 && len.startsWith("0"))) {
            return Optional.empty();
        }
        InetAddress a = InetAddresses.forString(addr);
        int bits = a instanceof Inet4Address ? 32 : 128;
        int prefix = Integer.parseInt(len);
        if (prefix > bits) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(mask(a, prefix), prefix));
    }

    public static Cidr of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not a CIDR: " + text));
    }

    /** A single host: /32 or /128. */
    public static Cidr host(String ip) {
        InetAddress a = InetAddresses.forString(ip);
        return new Cidr(a, a instanceof Inet4Address ? 32 : 128);
    }

    public boolean isIpv4() {
        return network instanceof Inet4Address;
    }

    public int bits() {
        return isIpv4() ? 32 : 128;
    }

    public boolean contains(String ip) {
        InetAddress a = address(ip);
        return a != null && contains(a);
    }

    /** The address, or null when {@code ip} is not an IPv4 or IPv6 address (parsed once; never DNS). */
    public static InetAddress address(String ip) {
        if (ip == null) {
            return null;
        }
        try {
            return InetAddresses.forString(ip);
        } catch (IllegalArgumentException notAnAddress) {
            return null;
        }
    }

    public boolean contains(InetAddress ip) {
        if ((ip instanceof Inet4Address) != isIpv4()) {
            return false;
        }
        // compares the prefix bytes in place: called for every pod IP against every ipBlock of a policy
        byte[] a = ip.getAddress();
        byte[] n = network.getAddress();
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xff << (8 - rest)) & 0xff;
        return (a[full] & m) == (n[full] & m);
    }

    /** Whether {@code other} lies entirely inside this network. */
    public boolean contains(Cidr other) {
        return other.isIpv4() == isIpv4() && other.prefixLength >= prefixLength && contains(other.network);
    }

    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    private static InetAddress mask(InetAddress a, int prefix) {
        byte[] b = a.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] = (byte) (b[i] & (0xff << (8 - keep)));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return InetAddresses.toAddrString(network) + "/" + prefixLength;
    }

    @Override
    public int compareTo(Cidr o) {
        if (isIpv4() != o.isIpv4()) {
            return isIpv4() ? -1 : 1;
        }
        int c = new BigInteger(1, network.getAddress()).compareTo(new BigInteger(1, o.network.getAddress()));
        return c != 0 ? c : Integer.compare(prefixLength, o.prefixLength);
    }
}
