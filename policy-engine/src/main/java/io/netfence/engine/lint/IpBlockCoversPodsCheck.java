package io.netfence.engine.lint;

import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.Peer;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.PodAddresses;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ipBlock that covers pod IPs, or a node's pod CIDR (future pods), without excepting them. The API says
 * ipBlock is meant for cluster-external IPs and leaves matching pod IPs to the implementation: netfence
 * matches them (as the upstream e2e suite expects), other plugins may not, so the policy is not portable.
 */
final class IpBlockCoversPodsCheck implements LintCheck {

    @Override
    public List<LintWarning> check(Policy policy, ClusterSnapshot cluster) {
        List<LintWarning> out = new ArrayList<>();
        for (Direction d : Direction.values()) {
            List<PolicyRule> rules = policy.rules(d);
            for (int i = 0; i < rules.size(); i++) {
                List<Peer> peers = rules.get(i).peers();
                for (int j = 0; j < peers.size(); j++) {
                    if (peers.get(j) instanceof IpBlockPeer block) {
                        String path = pathOf(d, i, j);
                        warning(block, cluster).ifPresent(msg -> out.add(new LintWarning(LintCodes.IPBLOCK_COVERS_PODS, path, msg,
                                "to allow pods, use podSelector/namespaceSelector; to keep this block to addresses outside "
                                        + "the cluster, add the pod CIDRs to ipBlock.except")));
                    }
                }
            }
        }
        return out;
    }

    private static String pathOf(Direction d, int rule, int peer) {
        return Paths.peer(d, rule, peer) + ".ipBlock";
    }

    private static Optional<String> warning(IpBlockPeer block, ClusterSnapshot cluster) {
        // the message names 3 pods and counts the rest: a /0 block covers every pod of the cluster
        List<String> pods = new ArrayList<>();
        int covered = 0;
        for (PodAddresses.Match m : cluster.podAddresses().in(block)) {
            if (m.pod().selectable()) {
                if (++covered <= 3) {
                    pods.add(m.pod().key() + " " + m.ip());
                }
            }
        }
        List<String> cidrs = new ArrayList<>();
        for (NodeInfo n : cluster.nodes()) {
            for (String text : n.podCidrs()) {
                Cidr.parse(text).filter(c -> block.cidr().overlaps(c) && block.except().stream().noneMatch(e -> e.contains(c)))
                        .ifPresent(c -> cidrs.add(c + " (" + n.name() + ")"));
            }
        }
        if (pods.isEmpty() && cidrs.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder(block.describe()).append(" covers ");
        if (!pods.isEmpty()) {
            sb.append("the IPs of ").append(covered).append(" pod(s) (").append(String.join(", ", pods))
                    .append(covered > 3 ? ", ..." : "").append(")");
        }
        if (!cidrs.isEmpty()) {
            sb.append(pods.isEmpty() ? "" : " and ").append("pod CIDR(s) ").append(String.join(", ", cidrs.stream().limit(3).toList()))
                    .append(cidrs.size() > 3 ? ", ..." : "");
        }
        sb.append(": netfence matches pod IPs in an ipBlock, but the NetworkPolicy API leaves that to the implementation");
        return Optional.of(sb.toString());
    }
}
