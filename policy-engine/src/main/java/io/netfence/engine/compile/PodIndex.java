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
final class PodIndex implements PeerIndex {

    private final ClusterSnapshot snapshot;
    private final Map<String, List<PodInfo>> byNamespace = new LinkedHashMap<>();
    private final Map<String, List<PodInfo>> peerCache = new HashMap<>();
    private final Map<String, List<PodInfo>> namedPortCache = new HashMap<>();
    private final Map<String, List<String>> entryCache4 = new HashMap<>();
    private final Map<String, List<String>> entryCache6 = new HashMap<>();
    private final Map<PodInfo, List<String>> ipv4 = new IdentityHashMap<>();
    private final Map<PodInfo, List<String>> ipv6 = new IdentityHashMap<>();
    private final boolean anyIpv6;
    private java.util.Set<String> podIps;

    PodIndex(ClusterSnapshot snapshot) {
        this.snapshot = snapshot;
        boolean v6 = false;
        String namespace = null;
        List<PodInfo> current = null;
        for (PodInfo p : snapshot.pods()) { // sorted by namespace, so each namespace is one run
            if (!p.selectable()) {
                continue;
            }
            if (!p.namespace().equals(namespace)) {
                namespace = p.namespace();
                current = byNamespace.computeIfAbsent(namespace, k -> new ArrayList<>());
            }
            current.add(p);
            v6 = v6 || PeerIndex.hasIpv6(p);
        }
        this.anyIpv6 = v6;
    }

    /** The pod's addresses of one family in iptables-save's spelling (invalid ones dropped); computed once per pod. */
    @Override
    public List<String> ips(PodInfo pod, IpFamily family) {
        Map<PodInfo, List<String>> cache = family == IpFamily.IPV4 ? ipv4 : ipv6;
        List<String> ips = cache.get(pod);
        if (ips == null) {
            ips = PeerIndex.ipsOf(pod, family);
            cache.put(pod, ips);
        }
        return ips;
    }

    /** An address in canonical text ({@code fd00::5}, never {@code fd00:0:0::5}), empty when not an address. */
    static Optional<String> canonicalIp(String ip) {
        if (ip == null) {
            return Optional.empty();
        }
        if (isCanonicalIpv4(ip)) {
            return Optional.of(ip); // the common case, without parsing into an InetAddress
        }
        if (!InetAddresses.isInetAddress(ip)) {
            return Optional.empty();
        }
        return Optional.of(InetAddresses.toAddrString(InetAddresses.forString(ip)));
    }

    /** Four decimal octets 0..255 without leading zeros. */
    static boolean isCanonicalIpv4(String ip) {
        int octets = 0;
        int i = 0;
        int n = ip.length();
        while (i < n) {
            int start = i;
            int value = 0;
            while (i < n && ip.charAt(i) >= '0' && ip.charAt(i) <= '9') {
                value = value * 10 + (ip.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return false;
                }
            }
            int len = i - start;
            if (len == 0 || value > 255 || (len > 1 && ip.charAt(start) == '0')) {
                return false;
            }
            octets++;
            if (i < n) {
                if (ip.charAt(i) != '.' || octets == 4) {
                    return false;
                }
                i++;
                if (i == n) {
                    return false;
                }
            }
        }
        return octets == 4;
    }

    /** Whether a selectable pod holds this address (canonical form); built on first use. */
    @Override
    public boolean isPodIp(String ip) {
        if (podIps == null) {
            java.util.Set<String> all = new java.util.HashSet<>();
            for (List<PodInfo> pods : byNamespace.values()) {
                for (PodInfo p : pods) {
                    all.addAll(ips(p, IpFamily.IPV4));
                    all.addAll(ips(p, IpFamily.IPV6));
                }
            }
            podIps = all;
        }
        return podIps.contains(ip);
    }

    /** Whether any selectable pod of the cluster has an IPv6 address (then the IPv6 ruleset is rendered). */
    @Override
    public boolean anyIpv6() {
        return anyIpv6;
    }

    @Override
    public List<String> selectorEntries(IpFamily family, SelectorPeer peer, String policyNamespace, String canonicalPeer) {
        // the same set appears on many nodes of one compileAll/compileNodes: sorted once (immutable, so shared safely)
        return (family == IpFamily.IPV4 ? entryCache4 : entryCache6).computeIfAbsent(canonicalPeer, k -> {
            List<PodInfo> selected = selectedBy(peer, policyNamespace, canonicalPeer);
            List<String> entries = new ArrayList<>(selected.size());
            for (PodInfo p : selected) {
                entries.addAll(ips(p, family));
            }
            return List.copyOf(PeerIndex.sortedUnique(entries));
        });
    }

    @Override
    public List<String> namedPortEntries(IpFamily family, Protocol protocol, String portName) {
        List<PodInfo> pods = withNamedPort(protocol, portName);
        List<String> entries = new ArrayList<>(pods.size());
        for (PodInfo p : pods) {
            var port = p.resolveNamedPort(portName, protocol);
            if (port.isPresent()) {
                for (String ip : ips(p, family)) {
                    entries.add(ip + "," + protocol.kernelName() + ":" + port.getAsInt());
                }
            }
        }
        return PeerIndex.sortedUnique(entries);
    }

    @Override
    public List<String> hostNetworkNamedPortEntries(IpFamily family, Protocol protocol, String portName) {
        List<String> out = new ArrayList<>();
        for (PodInfo p : snapshot.pods()) {
            if (PeerIndex.liveHostNetwork(p)) {
                out.addAll(PeerIndex.namedPortEntriesOf(p, family, protocol, portName));
            }
        }
        return out;
    }

    @Override
    public List<String> nodeSelectorEntries(IpFamily family, io.netfence.engine.model.LabelSelector nodeSelector) {
        return PeerIndex.nodeEntriesOf(snapshot.nodes(), family, nodeSelector);
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
