package io.netfence.engine.compile;

import io.netfence.engine.model.Direction;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.SelectorRequirement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Chain and set names, derived from identity or content only (never from counters or order), so they are
 * stable across restarts and a pod coming or a label changing only changes set members. Every hash is the first
 * 16 hex digits (64 bits) of sha256 of a canonical text.
 */
public final class RulesetNames {

    public static final String CHAIN_PREFIX = "NETFENCE-";

    private RulesetNames() {
    }

    /** {@code NETFENCE-IN-<hash(ns/name)>}: judges new connections to a local pod. */
    public static String podIngressChain(PodInfo pod) {
        return CHAIN_PREFIX + "IN-" + hash16(pod.key());
    }

    /** {@code NETFENCE-EG-<hash(ns/name)>}: judges new connections from a local pod. */
    public static String podEgressChain(PodInfo pod) {
        return CHAIN_PREFIX + "EG-" + hash16(pod.key());
    }

    /**
     * {@code NETFENCE-DE-/DI-<hash(direction, prefix)>}: the per-pod jumps of one direction for the local pods inside
     * an address prefix ({@code 10.244.1.16/28}, {@code fd00:10:244:1::10/124}).
     */
    public static String dispatchChain(Direction direction, String prefix) {
        boolean egress = direction == Direction.EGRESS;
        return CHAIN_PREFIX + (egress ? "DE-" : "DI-") + hash16("dispatch|" + (egress ? "egress|" : "ingress|") + prefix);
    }

    /** {@code NETFENCE-PI-/PE-<hash(ns/name)>}: marks packets that one direction of one policy allows. */
    public static String policyChain(Policy policy, Direction direction) {
        return CHAIN_PREFIX + (direction == Direction.INGRESS ? "PI-" : "PE-") + hash16(policy.key());
    }

    /** {@code NETFENCE-CI-/CE-<hash(name)>}: one direction of one ClusterNetworkPolicy (accept, pass, deny). */
    /** A local pod's staged chain ({@code SI-}/{@code SE-}): what its staged policies would deny, counted, never dropped. */
    public static String stagedPodChain(PodInfo pod, Direction direction) {
        return CHAIN_PREFIX + (direction == Direction.INGRESS ? "SI-" : "SE-") + hash16(pod.key());
    }

    /** The allow rules of one direction of a staged policy ({@code QI-}/{@code QE-}; its key may equal an enforced policy's). */
    public static String stagedRuleChain(Policy staged, Direction direction) {
        return CHAIN_PREFIX + (direction == Direction.INGRESS ? "QI-" : "QE-") + hash16("staged|" + staged.key());
    }

    /** The would-deny counter of one direction of a staged policy ({@code WI-}/{@code WE-}). */
    public static String stagedWouldDenyChain(Policy staged, Direction direction) {
        return CHAIN_PREFIX + (direction == Direction.INGRESS ? "WI-" : "WE-") + hash16("staged|" + staged.key());
    }

    /**
     * The rules of one direction of a staged ClusterNetworkPolicy in counting form ({@code YI-}/{@code YE-}: Accept and
     * Pass mark, Deny jumps to its would-deny counter; its name may equal an enforced one's).
     */
    public static String stagedClusterChain(String stagedClusterPolicyName, Direction direction) {
        return CHAIN_PREFIX + (direction == Direction.INGRESS ? "YI-" : "YE-") + hash16("staged-cnp|" + stagedClusterPolicyName);
    }

    /** The would-deny counter of one direction of a staged ClusterNetworkPolicy ({@code VI-}/{@code VE-}). */
    public static String stagedClusterWouldDenyChain(String stagedClusterPolicyName, Direction direction) {
        return CHAIN_PREFIX + (direction == Direction.INGRESS ? "VI-" : "VE-") + hash16("staged-cnp|" + stagedClusterPolicyName);
    }

    /**
     * An enforced Baseline ClusterNetworkPolicy in counting form ({@code KI-}/{@code KE-}: Deny marks instead of
     * dropping), for staged chains, where a staged Admin Pass can lead to a Deny that does not drop today.
     */
    public static String stagedEvaluationChain(String clusterPolicyName, Direction direction) {
        return CHAIN_PREFIX + (direction == Direction.INGRESS ? "KI-" : "KE-") + hash16("staged-eval|" + clusterPolicyName);
    }

    public static String clusterPolicyChain(String clusterPolicyName, Direction direction) {
        return CHAIN_PREFIX + (direction == Direction.INGRESS ? "CI-" : "CE-") + hash16("cnp|" + clusterPolicyName);
    }

    /** {@code nfd-/nf6d-<hash(selector)>}: the addresses of the nodes a {@code nodes} peer selects. */
    public static String nodeSelectorSet(IpFamily family, LabelSelector nodeSelector) {
        return family.setPrefix() + "d-" + hash16("nodes|" + canonical(nodeSelector));
    }

    /** {@code nfh-/nf6h-<hash(node)>}: the node's own addresses, always allowed to reach local pods. */
    public static String nodeAddressSet(IpFamily family, String nodeName) {
        return family.setPrefix() + "h-" + hash16("node|" + nodeName);
    }

    /** {@code nfl-/nf6l-<hash(node)>}: the node's pod IPs, for flow observation. */
    public static String localPodSet(IpFamily family, String nodeName) {
        return family.setPrefix() + "l-" + hash16("local|" + nodeName);
    }

    /** {@code nfs-/nf6s-<hash>} of the peer's canonical form: pod IPs the peer selects. */
    public static String selectorPeerSet(IpFamily family, String canonicalPeer) {
        return family.setPrefix() + "s-" + hash16("peer|" + canonicalPeer);
    }

    /** {@code nfb-/nf6b-<hash>} of the block's canonical form: the CIDR with {@code except} as nomatch entries. */
    public static String ipBlockSet(IpFamily family, String canonicalBlock) {
        return family.setPrefix() + "b-" + hash16("block|" + canonicalBlock);
    }

    /** {@code nfn-/nf6n-<hash>}: IP,proto:port of the pods that resolve a named port. */
    public static String namedPortSet(IpFamily family, String scope, String protocol, String portName) {
        return family.setPrefix() + "n-" + hash16("port|" + scope + "|" + protocol + "|" + portName);
    }

    /**
     * The canonical text of a selector peer written in {@code policyNamespace}: equal text means the same pods.
     * An absent and an empty podSelector both select every pod; an absent namespaceSelector means the policy's
     * own namespace.
     */
    public static String canonicalPeer(LabelSelector podSelector, LabelSelector namespaceSelector, String policyNamespace) {
        String pods = podSelector == null ? "" : canonical(podSelector);
        String ns = namespaceSelector == null ? "=" + policyNamespace : "sel:" + canonical(namespaceSelector);
        return "pods{" + pods + "} ns{" + ns + "}";
    }

    /** A label selector as text with labels and expressions sorted. */
    public static String canonical(LabelSelector selector) {
        String labels = selector.matchLabels().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        List<String> exprs = selector.matchExpressions().stream().map(RulesetNames::canonical).sorted().distinct().toList();
        return labels + ";" + String.join(";", exprs);
    }

    private static String canonical(SelectorRequirement r) {
        return r.key() + " " + r.operator().apiName() + " (" + String.join(",", r.values()) + ")";
    }

    static String hash16(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
