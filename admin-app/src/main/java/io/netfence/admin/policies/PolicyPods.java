package io.netfence.admin.policies;

import io.netfence.admin.paging.BadParameterException;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.List;
import java.util.function.Predicate;

/**
 * The pods of a policy as a filter of the paged pods list: {@code policy=ns/name} the pods it selects,
 * {@code &peer=spec.ingress[0].from[1]} the pods one of its peers matches. The policy detail API links here instead of
 * listing thousands of pods.
 */
public final class PolicyPods {

    private PolicyPods() {
    }

    /** {@code /api/v1/pods?policy=ns/name[&peer=path]}, encoded. */
    public static String url(String namespace, String name, String peerPath) {
        var b = UriComponentsBuilder.fromPath("/api/v1/pods").queryParam("policy", namespace + "/" + name);
        if (peerPath != null) {
            b.queryParam("peer", peerPath);
        }
        return b.encode().build().toUriString();
    }

    /**
     * The filter for {@code policy} and {@code peer} (both null: no filter).
     *
     * @throws BadParameterException naming {@code policy} or {@code peer} when there is no such policy or peer
     */
    public static Predicate<PodInfo> filter(String policyParam, String peerParam, ClusterSnapshot snapshot) {
        boolean noPeer = peerParam == null || peerParam.isBlank();
        if (policyParam == null || policyParam.isBlank()) {
            if (!noPeer) {
                throw new BadParameterException("peer", "peer needs policy=<namespace>/<name> too");
            }
            return pod -> true;
        }
        String[] parts = policyParam.strip().split("/", -1);
        Policy policy = parts.length != 2 ? null : snapshot.policy(parts[0], parts[1]).orElse(null);
        if (policy == null) {
            throw new BadParameterException("policy", "policy \"" + policyParam + "\" is not a NetworkPolicy in the cluster: "
                    + "give it as <namespace>/<name>");
        }
        if (noPeer) {
            return policy::selects;
        }
        String wanted = peerParam.strip();
        for (Direction dir : Direction.values()) {
            List<PolicyRule> rules = policy.rules(dir);
            String field = dir == Direction.INGRESS ? "ingress" : "egress";
            String peerField = dir == Direction.INGRESS ? "from" : "to";
            for (int r = 0; r < rules.size(); r++) {
                List<io.netfence.engine.model.Peer> peers = rules.get(r).peers();
                for (int p = 0; p < peers.size(); p++) {
                    if (wanted.equals("spec." + field + "[" + r + "]." + peerField + "[" + p + "]")) {
                        return matcher(policy, peers.get(p), snapshot);
                    }
                }
            }
        }
        throw new BadParameterException("peer", "peer \"" + peerParam + "\" is not a peer of " + policyParam
                + ": give its path as the policy detail names it, e.g. spec.ingress[0].from[0]");
    }

    private static Predicate<PodInfo> matcher(Policy policy, io.netfence.engine.model.Peer peer, ClusterSnapshot snapshot) {
        if (peer instanceof IpBlockPeer block) {
            // equal pods have equal IPs: membership in the parsed result is the same test as parsing each pod's IPs
            java.util.Set<PodInfo> covered = new java.util.HashSet<>(snapshot.podAddresses().podsIn(block));
            return covered::contains;
        }
        SelectorPeer sp = (SelectorPeer) peer;
        return pod -> sp.selects(pod, snapshot.namespaceLabels(pod.namespace()), policy.namespace());
    }
}
