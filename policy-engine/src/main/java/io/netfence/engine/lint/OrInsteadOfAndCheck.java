package io.netfence.engine.lint;

import io.netfence.engine.model.Direction;
import io.netfence.engine.model.Peer;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * A rule with a namespaceSelector-only peer and a (non-empty) podSelector-only peer: two list items are an OR,
 * "all pods of those namespaces, or those pods of my namespace", where one item with both selectors (AND) was
 * most likely meant. A podSelector {} next to a namespaceSelector is the common "my namespace or those
 * namespaces" and is not flagged.
 */
final class OrInsteadOfAndCheck implements LintCheck {

    @Override
    public List<LintWarning> check(Policy policy, ClusterSnapshot cluster) {
        List<LintWarning> out = new ArrayList<>();
        for (Direction d : Direction.values()) {
            List<PolicyRule> rules = policy.rules(d);
            for (int i = 0; i < rules.size(); i++) {
                List<Peer> peers = rules.get(i).peers();
                int nsOnly = -1;
                int podOnly = -1;
                for (int j = 0; j < peers.size(); j++) {
                    if (peers.get(j) instanceof SelectorPeer sp) {
                        if (sp.podSelector() == null && nsOnly < 0) {
                            nsOnly = j;
                        } else if (sp.namespaceSelector() == null && !sp.podSelector().isEmpty() && podOnly < 0) {
                            podOnly = j;
                        }
                    }
                }
                if (nsOnly >= 0 && podOnly >= 0) {
                    SelectorPeer ns = (SelectorPeer) peers.get(nsOnly);
                    SelectorPeer pod = (SelectorPeer) peers.get(podOnly);
                    String field = d == Direction.INGRESS ? "from" : "to";
                    out.add(new LintWarning(LintCodes.OR_INSTEAD_OF_AND, Paths.peers(d, i),
                            field + "[" + nsOnly + "] and " + field + "[" + podOnly + "] are separate peers, so this rule "
                                    + (d == Direction.INGRESS ? "admits" : "allows traffic to") + " ALL pods in namespaces "
                                    + ns.namespaceSelector().describe() + " OR pods " + pod.podSelector().describe()
                                    + " in namespace " + policy.namespace(),
                            "for pods " + pod.podSelector().describe() + " in namespaces " + ns.namespaceSelector().describe()
                                    + ", put podSelector and namespaceSelector in the same " + field
                                    + " item (no '-' before podSelector)"));
                }
            }
        }
        return out;
    }
}
