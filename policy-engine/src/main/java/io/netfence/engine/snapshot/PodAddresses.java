package io.netfence.engine.snapshot;

import com.google.common.net.InetAddresses;
import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.PackedIp;
import io.netfence.engine.model.PodInfo;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every pod IP of a snapshot parsed once, so that "which pods does this ipBlock cover" (lint, the policy detail, a
 * draft's peer resolution) is a mask and a compare per IP instead of parsing 10,000 addresses per ipBlock peer. Agrees
 * with {@link IpBlockPeer#contains(String)}: an IP that is not an address is in no block.
 */
public final class PodAddresses {

    /** A pod and the first of its IPs (in the pod's order) inside the block. */
    public record Match(PodInfo pod, String ip) {
    }

    private final List<PodInfo> pods;
    /** Per pod, its IPs parsed; null where an IP is not an address. */
    private final PackedIp[][] addresses;
    private volatile Map<String, PodInfo> byCanonicalIp;

    PodAddresses(List<PodInfo> pods) {
        this.pods = pods;
        this.addresses = new PackedIp[pods.size()][];
        for (int i = 0; i < addresses.length; i++) {
            List<String> ips = pods.get(i).ips();
            PackedIp[] parsed = new PackedIp[ips.size()];
            for (int j = 0; j < parsed.length; j++) {
                InetAddress a = Cidr.address(ips.get(j));
                parsed[j] = a == null ? null : PackedIp.of(a);
            }
            addresses[i] = parsed;
        }
    }

    /** The pods with an IP inside {@code block} (and outside its excepts), in snapshot order, each with its first such IP. */
    public List<Match> in(IpBlockPeer block) {
        PackedIp.Block packed = PackedIp.Block.of(block);
        List<Match> out = new ArrayList<>();
        for (int i = 0; i < addresses.length; i++) {
            PackedIp[] parsed = addresses[i];
            for (int j = 0; j < parsed.length; j++) {
                if (parsed[j] != null && packed.contains(parsed[j])) {
                    out.add(new Match(pods.get(i), pods.get(i).ips().get(j)));
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The pod of each IP in canonical text form ({@code fd00::1}, not {@code fd00:0::1}); built on first use. Several pods
     * may report the same IP (hostNetwork pods share the node's): a selectable pod wins, else the first in snapshot order.
     */
    public Map<String, PodInfo> byCanonicalIp() {
        Map<String, PodInfo> m = byCanonicalIp;
        if (m == null) {
            Map<String, PodInfo> built = new HashMap<>();
            for (PodInfo pod : pods) {
                for (String ip : pod.ips()) {
                    InetAddress a = Cidr.address(ip);
                    if (a != null) {
                        built.merge(InetAddresses.toAddrString(a), pod, (old, cur) -> old.selectable() || !cur.selectable() ? old : cur);
                    }
                }
            }
            m = java.util.Collections.unmodifiableMap(built);
            byCanonicalIp = m;
        }
        return m;
    }

    /** The pods with an IP inside {@code block}, in snapshot order. */
    public List<PodInfo> podsIn(IpBlockPeer block) {
        return in(block).stream().map(Match::pod).toList();
    }
}
