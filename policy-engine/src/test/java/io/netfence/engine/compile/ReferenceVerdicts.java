package io.netfence.engine.compile;

import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.NodeInfo;
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
 * A deliberately plain, independent statement of NetworkPolicy semantics (written straight from the API
 * reference, sharing no code with the compiler) used as the oracle of the compiler's property tests.
 * An endpoint is a pod or a bare address.
 */
final class ReferenceVerdicts {

    record Endpoint(PodInfo pod, String ip) {
        static Endpoint of(PodInfo pod, String ip) {
            return new Endpoint(pod, ip);
        }
    }

    private final ClusterSnapshot snapshot;

    ReferenceVerdicts(ClusterSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    boolean allowed(Endpoint src, Endpoint dst, Protocol proto, int port) {
        return egressAllows(src, dst, proto, port) && ingressAllows(src, dst, proto, port);
    }

    private boolean egressAllows(Endpoint src, Endpoint dst, Protocol proto, int port) {
        if (src.pod() == null || !src.pod().selectable()) {
            return true;
        }
        List<Policy> isolating = snapshot.policies().stream()
                .filter(p -> p.isolates(Direction.EGRESS) && p.selects(src.pod())).toList();
        if (isolating.isEmpty()) {
            return true;
        }
        return isolating.stream().anyMatch(p -> p.egress().stream().anyMatch(r -> ruleMatches(p, r, dst, dst, proto, port)));
    }

    private boolean ingressAllows(Endpoint src, Endpoint dst, Protocol proto, int port) {
        if (dst.pod() == null || !dst.pod().selectable()) {
            return true;
        }
        List<Policy> isolating = snapshot.policies().stream()
                .filter(p -> p.isolates(Direction.INGRESS) && p.selects(dst.pod())).toList();
        if (isolating.isEmpty()) {
            return true;
        }
        if (src.pod() == null && fromOwnNode(src.ip(), dst.pod())) {
            return true;
        }
        return isolating.stream().anyMatch(p -> p.ingress().stream().anyMatch(r -> ruleMatches(p, r, src, dst, proto, port)));
    }

    private boolean fromOwnNode(String ip, PodInfo pod) {
        NodeInfo node = snapshot.node(pod.nodeName()).orElse(null);
        return node != null && node.addresses().contains(ip);
    }

    private boolean ruleMatches(Policy policy, PolicyRule rule, Endpoint peer, Endpoint dst, Protocol proto, int port) {
        boolean peerOk = rule.peers().isEmpty() || rule.peers().stream().anyMatch(p -> peerMatches(policy, p, peer));
        boolean portOk = rule.ports().isEmpty() || rule.ports().stream().anyMatch(s -> portMatches(s, dst, proto, port));
        return peerOk && portOk;
    }

    private boolean peerMatches(Policy policy, Peer peer, Endpoint e) {
        if (peer instanceof IpBlockPeer block) {
            return block.contains(e.ip());
        }
        SelectorPeer sp = (SelectorPeer) peer;
        return e.pod() != null && sp.selects(e.pod(), snapshot.namespaceLabels(e.pod().namespace()), policy.namespace());
    }

    private static boolean portMatches(PortSpec spec, Endpoint dst, Protocol proto, int port) {
        return spec.matches(port, proto, dst.pod());
    }
}
