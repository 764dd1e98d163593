package io.netfence.engine.model;

import java.util.List;

/** A peer given by {@code ipBlock}: every address in {@code cidr} except those in {@code except}. */
public record IpBlockPeer(Cidr cidr, List<Cidr> except) implements Peer {

    public IpBlockPeer {
        except = except == null ? List.of() : List.copyOf(except);
    }

    public boolean contains(String ip) {
        java.net.InetAddress a = Cidr.address(ip);
        if (a == null || !cidr.contains(a)) {
            return false;
        }
        for (Cidr e : except) {
            if (e.contains(a)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String describe() {
        if (except.isEmpty()) {
            return "ipBlock " + cidr;
        }
        return "ipBlock " + cidr + " except " + String.join(",", except.stream().map(Cidr::toString).toList());
    }
}
