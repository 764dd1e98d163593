package io.netfence.engine.reachability;

import com.google.common.net.InetAddresses;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.ClusterPolicyPort;
import io.netfence.engine.model.ClusterPolicyRule;
import io.netfence.engine.model.ClusterPolicySubject;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.PackedIp;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.Peer;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One side of a {@link ConnectivityMatrix} (its sources or its destinations), indexed so that "which of these
 * endpoints does this selector / peer / policy match" is answered as a bit set. Pods with identical labels share
 * a label class and namespaces are numbered, so every distinct selector is evaluated once per label class or
 * namespace, not once per pod and policy.
 */
final class EndpointIndex {

    final List<Endpoint> endpoints;
    final int size;
    private final ClusterSnapshot snapshot;
    /** Label class of each selectable pod endpoint; -1 for bare addresses and unselectable pods. */
    private final int[] labelClass;
    private final List<Map<String, String>> classLabels = new ArrayList<>();
    /** Namespace number of each selectable pod endpoint; -1 otherwise. */
    private final int[] namespaceId;
    private final List<String> namespaceNames = new ArrayList<>();
    private final Map<String, Integer> namespaceIds = new HashMap<>();
    private final PackedIp[] ips;
    private final Map<LabelSelector, boolean[]> podSelectorCache = new HashMap<>();
    private final Map<LabelSelector, boolean[]> namespaceSelectorCache = new HashMap<>();
    private final Map<Peer, long[]> ipBlockCache = new HashMap<>();
    private final Map<String, long[]> byIp = new HashMap<>();
    private final Map<String, long[]> byHostNode = new HashMap<>();
    private long[] all;
    private Map<String, NodeInfo> nodeByAddress;

    EndpointIndex(ClusterSnapshot snapshot, List<Endpoint> endpoints) {
        this.snapshot = snapshot;
        this.endpoints = List.copyOf(endpoints);
        this.size = endpoints.size();
        this.labelClass = new int[size];
        this.namespaceId = new int[size];
        this.ips = new PackedIp[size];
        Map<Map<String, String>, Integer> classes = new HashMap<>();
        for (int i = 0; i < size; i++) {
            Endpoint e = this.endpoints.get(i);
            ips[i] = PackedIp.of(e.ip());
            byIp.computeIfAbsent(e.ip(), k -> new long[Bits.words(size)]);
            Bits.set(byIp.get(e.ip()), i);
            if (e.hostNode() != null) {
                Bits.set(byHostNode.computeIfAbsent(e.hostNode(), k -> new long[Bits.words(size)]), i);
            }
            PodInfo pod = e.pod();
            if (pod == null || !pod.selectable()) {
                labelClass[i] = -1;
                namespaceId[i] = -1;
                continue;
            }
            labelClass[i] = classes.computeIfAbsent(pod.labels(), l -> {
                classLabels.add(l);
                return classLabels.size() - 1;
            });
            namespaceId[i] = namespaceIds.computeIfAbsent(pod.namespace(), n -> {
                namespaceNames.add(n);
                return namespaceNames.size() - 1;
            });
        }
    }

    int words() {
        return Bits.words(size);
    }

    long[] all() {
        if (all == null) {
            all = Bits.all(size);
        }
        return all;
    }

    /** Endpoints with exactly this address (loopback partners). */
    long[] withIp(String ip) {
        return byIp.get(ip);
    }

    /** Endpoints living in this node's own network namespace (node addresses, hostNetwork pods). */
    long[] onHost(String nodeName) {
        return nodeName == null ? null : byHostNode.get(nodeName);
    }

    /** The selectable pods {@code policy} selects (its namespace, its podSelector). */
    long[] selectedBy(Policy policy) {
        long[] bits = new long[words()];
        Integer ns = namespaceIds.get(policy.namespace());
        if (ns == null) {
            return bits;
        }
        boolean[] classOk = podClasses(policy.podSelector());
        for (int i = 0; i < size; i++) {
            int c = labelClass[i];
            if (c >= 0 && namespaceId[i] == ns && classOk[c]) {
                Bits.set(bits, i);
            }
        }
        return bits;
    }

    /** The endpoints any peer of {@code rule} matches; all endpoints for a rule without peers. */
    long[] peersOf(Policy policy, PolicyRule rule) {
        if (rule.allPeers()) {
            return all();
        }
        long[] bits = new long[words()];
        for (Peer peer : rule.peers()) {
            Bits.or(bits, peer instanceof IpBlockPeer block ? ipBlock(block) : selector((SelectorPeer) peer, policy.namespace()));
        }
        return bits;
    }

    /**
     * The endpoints (as destinations) whose connection on {@code port/protocol} one of the rule's ports covers.
     * Named ports are resolved per destination pod; numbers and ranges do not depend on the destination.
     */
    long[] portsOf(PolicyRule rule, int port, Protocol protocol) {
        if (rule.allPorts()) {
            return all();
        }
        boolean named = false;
        for (PortSpec spec : rule.ports()) {
            if (spec.isNamed()) {
                named = true;
            } else if (spec.matches(port, protocol, null)) {
                return all();
            }
        }
        long[] bits = new long[words()];
        if (!named) {
            return bits;
        }
        for (int i = 0; i < size; i++) {
            PodInfo pod = endpoints.get(i).pod();
            for (PortSpec spec : rule.ports()) {
                if (spec.isNamed() && spec.matches(port, protocol, pod)) {
                    Bits.set(bits, i);
                    break;
                }
            }
        }
        return bits;
    }

    private long[] selector(SelectorPeer peer, String policyNamespace) {
        boolean[] classOk = peer.podSelector() == null ? null : podClasses(peer.podSelector());
        boolean[] nsOk = namespaces(peer.namespaceSelector(), policyNamespace);
        long[] bits = new long[words()];
        for (int i = 0; i < size; i++) {
            int c = labelClass[i];
            if (c >= 0 && nsOk[namespaceId[i]] && (classOk == null || classOk[c])) {
                Bits.set(bits, i);
            }
        }
        return bits;
    }

    private boolean[] podClasses(LabelSelector selector) {
        return podSelectorCache.computeIfAbsent(selector, s -> {
            boolean[] ok = new boolean[classLabels.size()];
            for (int c = 0; c < ok.length; c++) {
                ok[c] = s.matches(classLabels.get(c));
            }
            return ok;
        });
    }

    /** Which namespaces a peer's namespace part admits: the selector's matches, or only the policy's own. */
    private boolean[] namespaces(LabelSelector selector, String policyNamespace) {
        if (selector == null) {
            boolean[] ok = new boolean[namespaceNames.size()];
            for (int n = 0; n < ok.length; n++) {
                ok[n] = namespaceNames.get(n).equals(policyNamespace);
            }
            return ok;
        }
        return namespaceSelectorCache.computeIfAbsent(selector, s -> {
            boolean[] ok = new boolean[namespaceNames.size()];
            for (int n = 0; n < ok.length; n++) {
                ok[n] = s.matches(snapshot.namespaceLabels(namespaceNames.get(n)));
            }
            return ok;
        });
    }

    private long[] ipBlock(IpBlockPeer peer) {
        return ipBlockCache.computeIfAbsent(peer, p -> {
            PackedIp.Block block = PackedIp.Block.of(peer);
            long[] bits = new long[words()];
            for (int i = 0; i < size; i++) {
                if (block.contains(ips[i])) {
                    Bits.set(bits, i);
                }
            }
            return bits;
        });
    }

    /** The selectable pods a ClusterNetworkPolicy subject selects (any namespace). */
    long[] subjectOf(ClusterPolicySubject subject) {
        return clusterPods(subject.namespaceSelector(), subject.podSelector());
    }

    /**
     * The endpoints any peer of a ClusterNetworkPolicy rule matches: pods by selectors (selectable pods only),
     * networks and nodes by address; domainNames and unknown peers add nothing (the caller handles fail-closed rules).
     */
    long[] clusterPeersOf(ClusterPolicyRule rule) {
        long[] bits = new long[words()];
        for (ClusterPolicyPeer peer : rule.peers()) {
            if (peer instanceof ClusterPolicyPeer.Pods pods) {
                Bits.or(bits, clusterPods(pods.namespaceSelector(), pods.podSelector()));
            } else if (peer instanceof ClusterPolicyPeer.Networks nets) {
                for (io.netfence.engine.model.Cidr c : nets.cidrs()) {
                    Bits.or(bits, ipBlock(new IpBlockPeer(c, List.of())));
                }
            } else if (peer instanceof ClusterPolicyPeer.Nodes nodes) {
                Map<String, NodeInfo> byAddress = nodeByAddress();
                for (int i = 0; i < size; i++) {
                    NodeInfo n = byAddress.get(endpoints.get(i).ip());
                    if (n != null && nodes.nodeSelector().matches(n.labels())) {
                        Bits.set(bits, i);
                    }
                }
            }
        }
        return bits;
    }

    /** The endpoints (as destinations) whose connection on {@code port/protocol} a ClusterNetworkPolicy rule's protocols cover. */
    long[] clusterPortsOf(ClusterPolicyRule rule, int port, Protocol protocol) {
        if (rule.allPorts()) {
            return all();
        }
        boolean named = false;
        for (ClusterPolicyPort p : rule.ports()) {
            if (p.isNamed()) {
                named = true;
            } else if (p.matches(port, protocol, null)) {
                return all();
            }
        }
        long[] bits = new long[words()];
        if (!named) {
            return bits;
        }
        for (int i = 0; i < size; i++) {
            PodInfo pod = endpoints.get(i).pod();
            for (ClusterPolicyPort p : rule.ports()) {
                if (p.isNamed() && p.matches(port, protocol, pod)) {
                    Bits.set(bits, i);
                    break;
                }
            }
        }
        return bits;
    }

    private long[] clusterPods(LabelSelector namespaceSelector, LabelSelector podSelector) {
        boolean[] classOk = podSelector == null ? null : podClasses(podSelector);
        boolean[] nsOk = namespaces(namespaceSelector, null);
        long[] bits = new long[words()];
        for (int i = 0; i < size; i++) {
            int c = labelClass[i];
            if (c >= 0 && nsOk[namespaceId[i]] && (classOk == null || classOk[c])) {
                Bits.set(bits, i);
            }
        }
        return bits;
    }

    private Map<String, NodeInfo> nodeByAddress() {
        if (nodeByAddress == null) {
            Map<String, NodeInfo> m = new HashMap<>();
            for (NodeInfo n : snapshot.nodes()) {
                for (String a : n.addresses()) {
                    if (InetAddresses.isInetAddress(a)) {
                        m.putIfAbsent(InetAddresses.toAddrString(InetAddresses.forString(a)), n);
                    }
                }
            }
            nodeByAddress = m;
        }
        return nodeByAddress;
    }
}
