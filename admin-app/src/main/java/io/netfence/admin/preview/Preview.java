package io.netfence.admin.preview;

import io.netfence.admin.audit.PolicyDiff;
import io.netfence.admin.composer.DraftAnalysis;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.RulesetStats;

import java.util.List;

/**
 * The draft's effect on every node: only nodes whose ruleset changes are listed, each with the diff against the
 * ruleset it should enforce now and the complete new scripts, exactly as {@code node-agent render} writes them.
 *
 * @param draft          the draft's analysis (errors when it is not a valid NetworkPolicy: then no nodes)
 * @param unchangedNodes nodes whose ruleset stays byte-identical
 * @param computeMillis  server time to compile and diff every node
 * @param policyDiff     the policy itself, stored → draft (labels, annotations, spec): what the user changed, shown
 *                       above what it does to the rules; null when there is no draft
 * @param selects        the workloads (and pods) the draft selects, null for a delete preview or an invalid draft
 * @param traffic        the change's impact on the connections observed in the last hour (null when not computed:
 *                       an invalid draft, or a comparison other than "the cluster now" against "with the change")
 */
public record Preview(String policy, List<DraftAnalysis.Problem> errors, List<NodePreview> changedNodes,
                      List<String> unchangedNodes, long computeMillis, PolicyDiff policyDiff,
                      io.netfence.admin.policies.ResolvedPolicy selects, io.netfence.admin.traffic.TrafficImpact traffic) {

    Preview withPolicyDiff(PolicyDiff diff) {
        return new Preview(policy, errors, changedNodes, unchangedNodes, computeMillis, diff, selects, traffic);
    }

    Preview withSelects(io.netfence.admin.policies.ResolvedPolicy resolved) {
        return new Preview(policy, errors, changedNodes, unchangedNodes, computeMillis, policyDiff, resolved, traffic);
    }

    Preview withTraffic(io.netfence.admin.traffic.TrafficImpact impact) {
        return new Preview(policy, errors, changedNodes, unchangedNodes, computeMillis, policyDiff, selects, impact);
    }

    /**
     * @param agentHash the hash the node's agent reports (null when it reports nothing)
     * @param currentHash the console's hash of what the node should enforce now
     * @param draftHash  the hash with the draft applied
     */
    public record NodePreview(String node, String agentHash, String currentHash, String draftHash, RulesetStats before,
                              RulesetStats after, RulesetDiff diff, @com.fasterxml.jackson.annotation.JsonIgnore NodeRuleset ruleset) {

        public boolean agentInSync() {
            return currentHash.equals(agentHash);
        }

        public String ipsetRestore() {
            return ruleset.ipsetRestore();
        }

        public String iptablesRestore() {
            return ruleset.iptablesRestore();
        }

        public String ip6tablesRestore() {
            return ruleset.ip6tablesRestore();
        }
    }
}
