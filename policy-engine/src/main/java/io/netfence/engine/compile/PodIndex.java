package io.netfence.engine.compile;

import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.snapshot.ClusterSnapshot;

import com.google.common.net.InetAddresses;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The selectable pods of a snapshot grouped by namespace, answering "which pods does this peer select" with a
 * per-compile cache keyed by the peer's canonical form (many policies share the same peers).
 */
final class PodIndex {

    private final ClusterSnapshot snapshot;
    private final Map<String, List<PodInfo>> byNamespace = new LinkedHashMap<>();
    private final Map<String, List<PodInfo>> peerCache = new HashMap<>();
    private final Map<String, List<PodInfo>> namedPortCache = new HashMap<>();
    private final Map<PodInfo, List<String>> ipv4 = new IdentityHashMap<>();
    private final Map<PodInfo, List<String>> ipv6 = new IdentityHashMap<>();
    private final boolean anyIpv6;

    PodIndex(ClusterSnapshot snapshot) {
        this.snapshot = snapshot;
        boolean v6 = false;
        for (PodInfo p : snapshot.pods()) {
            if (!p.selectable()) {
                continue;
            }
            byNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p);
            List<String> four = new ArrayList<>(1);
            List<String> six = new ArrayList<>(1);
            for (String ip : p.ips()) {
                canonicalIp(ip).ifPresent(a -> (IpFamily.of(a) == IpFamily.IPV4 ? four : six).add(a));
            }
            ipv4.put(p, four);
            ipv6.put(p, six);
            v6 |= !six.isEmpty();
        }
        this.anyIpv6 = v6;
    }

    /** The pod's addresses of one family in iptables-save's spelling (invalid ones dropped). */
    List<String> ips(PodInfo pod, IpFamily family) {
        List<String> ips = (family == IpFamily.IPV4 ? ipv4 : ipv6).get(pod);
        if (ips != null) {
            return ips;
        }
        List<String> out = new ArrayList<>();
        for (String ip : pod.ips()) {
            canonicalIp(ip).filter(a -> IpFamily.of(a) == family).ifPresent(out::add);
        }
        return out;
    }

    /** An address in canonical text ({@code fd00::5}, never {@code fd00:0:0::5}), empty when not an address. */
    static Optional<String> canonicalIp(String ip) {
        if (ip == null || !InetAddresses.isInetAddress(ip)) {
            return Optional.empty();
        }
        return Optional.of(InetAddresses.toAddrString(InetAddresses.forString(ip)));
    }

    /** Whether any selectable pod of the cluster has an IPv6 address (then the IPv6 ruleset is rendered). */
    boolean anyIpv6() {
        return anyIpv6;
    }

    List<PodInfo> selectedBy(SelectorPeer peer, String policyNamespace, String canonicalKey) {
        return peerCache.computeIfAbsent(canonicalKey, k -> {
            List<PodInfo> out = new ArrayList<>();
            if (peer.namespaceSelector() == null) {
                addMatching(out, policyNamespace, peer, policyNamespace);
            } else {
                for (String ns : byNamespace.keySet()) {
                    if (peer.namespaceSelector().matches(snapshot.namespaceLabels(ns))) {
                        addMatching(out, ns, peer, policyNamespace);
                    }
                }
            }
            return out;
        });
    }

    private void addMatching(List<PodInfo> out, String namespace, SelectorPeer peer, String policyNamespace) {
        for (PodInfo p : byNamespace.getOrDefault(namespace, List.of())) {
            if (peer.podSelector() == null || peer.podSelector().matches(p.labels())) {
                out.add(p);
            }
        }
    }

    /** Every selectable pod of the cluster with a container port of this name and protocol. */
    List<PodInfo> withNamedPort(Protocol protocol, String name) {
        return namedPortCache.computeIfAbsent(protocol + "/" + name, k -> {
            List<PodInfo> out = new ArrayList<>();
            for (List<PodInfo> pods : byNamespace.values()) {
                for (PodInfo p : pods) {
                    if (p.resolveNamedPort(name, protocol).isPresent()) {
                        out.add(p);
                    }
                }
            }
            return out;
        });
    }
}
