package io.netfence.engine.reachability;

import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.ClusterPolicyPort;
import io.netfence.engine.model.ClusterPolicyRule;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks one tier of ClusterNetworkPolicies for one side of a connection: policies in evaluation order (ascending
 * priority, ties by name), each policy's rules in order, the first matching rule decides. Notes what it could not
 * enforce (domainNames) on the way.
 */
final class ClusterTierEvaluator {

    private final ClusterSnapshot snapshot;
    private final Map<String, String> nodeByAddress;

    ClusterTierEvaluator(ClusterSnapshot snapshot, Map<String, String> nodeByAddress) {
        this.snapshot = snapshot;
        this.nodeByAddress = nodeByAddress;
    }

    /**
     * The first rule of {@code tier} that matches, or empty.
     *
     * @param notes receives a line for each rule passed over that names domainNames
     */
    Optional<ClusterRuleMatch> decide(ClusterPolicyTier tier, Direction dir, Endpoint subject, Endpoint peer,
                                      Endpoint destination, int port, Protocol protocol, List<String> notes) {
        return decision(tier, dir, subject, peer, destination, port, protocol, notes).map(Decision::match);
    }

    /** The deciding rule and the policy object it belongs to (names may repeat in a staged world). */
    record Decision(ClusterNetworkPolicy policy, ClusterRuleMatch match) {
    }

    Optional<Decision> decision(ClusterPolicyTier tier, Direction dir, Endpoint subject, Endpoint peer,
                                Endpoint destination, int port, Protocol protocol, List<String> notes) {
        if (!subject.isPod()) {
            return Optional.empty();
        }
        Map<String, String> subjectNs = snapshot.namespaceLabels(subject.pod().namespace());
        for (ClusterNetworkPolicy cnp : snapshot.clusterNetworkPolicies()) {
            if (cnp.tier() != tier || !cnp.subject().selects(subject.pod(), subjectNs)) {
                continue;
            }
            List<ClusterPolicyRule> rules = cnp.rules(dir);
            for (int r = 0; r < rules.size(); r++) {
                ClusterPolicyRule rule = rules.get(r);
                Optional<ClusterRuleMatch> m = match(cnp, dir, r, rule, peer, destination, port, protocol);
                if (m.isPresent()) {
                    return Optional.of(new Decision(cnp, m.get()));
                }
                for (ClusterPolicyPeer p : rule.peers()) {
                    if (p instanceof ClusterPolicyPeer.DomainNames d) {
                        notes.add(cnp.describe() + " rule " + rule.label(r) + " names domainNames " + String.join(",", d.names())
                                + ": netfence does not enforce domainNames (no DNS interception), so they matched nothing");
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Optional<ClusterRuleMatch> match(ClusterNetworkPolicy cnp, Direction dir, int index, ClusterPolicyRule rule,
                                             Endpoint peer, Endpoint destination, int port, Protocol protocol) {
        boolean unknown = rule.peers().stream().anyMatch(p -> p instanceof ClusterPolicyPeer.Unknown);
        if (unknown) {
            // The API's fail-closed reading of a peer it cannot understand: Accept matches nothing, Deny/Pass everything.
            if (rule.action() == ClusterPolicyAction.ACCEPT) {
                return Optional.empty();
            }
            String why = rule.peers().stream().filter(p -> p instanceof ClusterPolicyPeer.Unknown).findFirst().get().describe();
            return Optional.of(new ClusterRuleMatch(cnp.tier(), cnp.name(), cnp.priority(), dir, index, rule.name(),
                    rule.action(), why, "all ports"));
        }
        String portText = "all ports";
        if (!rule.allPorts()) {
            ClusterPolicyPort hit = null;
            for (ClusterPolicyPort p : rule.ports()) {
                if (p.matches(port, protocol, destination.pod())) {
                    hit = p;
                    break;
                }
            }
            if (hit == null) {
                return Optional.empty();
            }
            portText = hit.isNamed() ? hit.describe() + " (= " + protocol.name() + "/" + port + " on " + destination.pod().key() + ")"
                    : hit.describe();
        }
        for (ClusterPolicyPeer p : rule.peers()) {
            if (peerMatches(p, peer)) {
                return Optional.of(new ClusterRuleMatch(cnp.tier(), cnp.name(), cnp.priority(), dir, index, rule.name(),
                        rule.action(), p.describe(), portText));
            }
        }
        return Optional.empty();
    }

    boolean peerMatches(ClusterPolicyPeer peer, Endpoint e) {
        if (peer instanceof ClusterPolicyPeer.Pods pods) {
            return e.isPod() && pods.selects(e.pod(), snapshot.namespaceLabels(e.pod().namespace()));
        }
        if (peer instanceof ClusterPolicyPeer.Networks nets) {
            return nets.contains(e.ip());
        }
        if (peer instanceof ClusterPolicyPeer.Nodes nodes) {
            String node = nodeByAddress.get(e.ip());
            Optional<NodeInfo> info = node == null ? Optional.empty() : snapshot.node(node);
            return info.isPresent() && nodes.nodeSelector().matches(info.get().labels());
        }
        return false; // domainNames are not enforced; unknown peers are handled per rule
    }
}
