package io.netfence.engine.lint;

import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.Peer;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.List;

/**
 * The egress half of NetworkPolicy semantics, as much as lint needs: whether the union of the policies that
 * select a pod lets it send to a destination. The destination's own ingress policies are not considered
 * (lint asks "did this policy take something away", not "does the packet arrive").
 */
final class EgressAllowance {

    private EgressAllowance() {
    }

    static List<Policy> isolating(ClusterSnapshot cluster, PodInfo source) {
        return cluster.policies().stream().filter(p -> p.isolates(Direction.EGRESS) && p.selects(source)).toList();
    }

    /** To pod {@code dest}. */
    static boolean allows(ClusterSnapshot cluster, PodInfo source, PodInfo dest, int port, Protocol protocol) {
        List<Policy> policies = isolating(cluster, source);
        if (policies.isEmpty()) {
            return true;
        }
        for (Policy p : policies) {
            for (PolicyRule r : p.egress()) {
                if (peerMatches(r, p, cluster, dest) && portMatches(r, port, protocol, dest)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** To anywhere at all on this port: the question when the cluster's DNS servers are unknown. */
    static boolean allowsSomewhere(ClusterSnapshot cluster, PodInfo source, int port, Protocol protocol) {
        List<Policy> policies = isolating(cluster, source);
        return policies.isEmpty() || policies.stream().flatMap(p -> p.egress().stream())
                .anyMatch(r -> portMatches(r, port, protocol, null));
    }

    private static boolean peerMatches(PolicyRule rule, Policy policy, ClusterSnapshot cluster, PodInfo dest) {
        if (rule.allPeers()) {
            return true;
        }
        for (Peer peer : rule.peers()) {
            if (peer instanceof SelectorPeer sp && sp.selects(dest, cluster.namespaceLabels(dest.namespace()), policy.namespace())) {
                return true;
            }
            if (peer instanceof IpBlockPeer ib && dest.ips().stream().anyMatch(ib::contains)) {
                return true;
            }
        }
        return false;
    }

    private static boolean portMatches(PolicyRule rule, int port, Protocol protocol, PodInfo dest) {
        if (rule.allPorts()) {
            return true;
        }
        for (PortSpec ps : rule.ports()) {
            if (ps.matches(port, protocol, dest)) {
                return true;
            }
        }
        return false;
    }
}
