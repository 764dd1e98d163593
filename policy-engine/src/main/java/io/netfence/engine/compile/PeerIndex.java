package io.netfence.engine.compile;

import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;

import java.util.ArrayList;
import java.util.List;

/**
 * What a node's ruleset needs to know about the pods of the whole cluster: the members of peer and named-port sets,
 * whether an address belongs to a pod, whether IPv6 is in use. {@link PodIndex} answers from a snapshot for one
 * compile; {@link LivePeerIndex} keeps the answers up to date event by event for {@link IncrementalNodeCompiler}.
 */
interface PeerIndex {

    /** The pod's addresses of one family in iptables-save's spelling (invalid ones dropped). */
    default List<String> ips(PodInfo pod, IpFamily family) {
        return ipsOf(pod, family);
    }

    /** Whether a selectable pod holds this address (canonical form). */
    boolean isPodIp(String ip);

    /** Whether any selectable pod of the cluster has an IPv6 address (then the IPv6 ruleset is rendered). */
    boolean anyIpv6();

    /** Sorted, without duplicates: the addresses of {@code family} of the pods {@code peer} selects. */
    List<String> selectorEntries(IpFamily family, SelectorPeer peer, String policyNamespace, String canonicalPeer);

    /** Sorted, without duplicates: {@code ip,proto:port} of every selectable pod of the cluster resolving the name. */
    List<String> namedPortEntries(IpFamily family, Protocol protocol, String portName);

    /**
     * {@code ip,proto:port} of the live host-network pods resolving the name (a ClusterNetworkPolicy named port is
     * resolved on any destination pod; a host-network pod is reached at its node's address). Unsorted.
     */
    List<String> hostNetworkNamedPortEntries(IpFamily family, Protocol protocol, String portName);

    /** A host-network pod that runs (not finished) and has an address. */
    static boolean liveHostNetwork(PodInfo p) {
        return p.hostNetwork() && !p.ips().isEmpty() && !"Succeeded".equals(p.phase()) && !"Failed".equals(p.phase());
    }

    /** Sorted, without duplicates: the addresses of {@code family} of the nodes whose labels {@code nodeSelector} matches. */
    List<String> nodeSelectorEntries(IpFamily family, io.netfence.engine.model.LabelSelector nodeSelector);

    static List<String> nodeEntriesOf(java.util.Collection<io.netfence.engine.model.NodeInfo> nodes, IpFamily family,
                                      io.netfence.engine.model.LabelSelector nodeSelector) {
        List<String> out = new ArrayList<>();
        for (io.netfence.engine.model.NodeInfo n : nodes) {
            if (nodeSelector.matches(n.labels())) {
                for (String a : n.addresses()) {
                    PodIndex.canonicalIp(a).filter(ip -> IpFamily.of(ip) == family).ifPresent(out::add);
                }
            }
        }
        return sortedUnique(out);
    }

    static List<String> ipsOf(PodInfo pod, IpFamily family) {
        List<String> ips = new ArrayList<>(1);
        for (String ip : pod.ips()) {
            if ((ip.indexOf(':') >= 0) == (family == IpFamily.IPV6)) {
                PodIndex.canonicalIp(ip).ifPresent(ips::add);
            }
        }
        return ips;
    }

    /** Whether the pod has a valid IPv6 address (what makes the cluster use the IPv6 ruleset). */
    static boolean hasIpv6(PodInfo pod) {
        for (String ip : pod.ips()) {
            if (ip.indexOf(':') >= 0 && PodIndex.canonicalIp(ip).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** {@code ip,proto:port} entries of one pod for a named port (empty when it does not resolve the name). */
    static List<String> namedPortEntriesOf(PodInfo pod, IpFamily family, Protocol protocol, String portName) {
        var port = pod.resolveNamedPort(portName, protocol);
        if (port.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(1);
        for (String ip : ipsOf(pod, family)) {
            out.add(ip + "," + protocol.kernelName() + ":" + port.getAsInt());
        }
        return out;
    }

    /** Sorted without duplicates; much cheaper than a TreeSet for the thousands of members of large peer sets. */
    static List<String> sortedUnique(List<String> entries) {
        entries.sort(null);
        List<String> out = new ArrayList<>(entries.size());
        String last = null;
        for (String e : entries) {
            if (!e.equals(last)) {
                out.add(e);
                last = e;
            }
        }
        return out;
    }
}
