package io.netfence.admin.clusterpolicies;

import io.netfence.admin.audit.PolicyDiff;
import io.netfence.admin.composer.DraftAnalysis.Problem;
import io.netfence.admin.preview.MatrixImpact;
import io.netfence.admin.preview.Preview;

import java.util.List;

/**
 * A ClusterNetworkPolicy draft's (or deletion's) effect: the stored → new spec diff, the rules of every node that
 * changes (compiled as the agent compiles them) and the connectivity cells whose verdict changes (tiers included).
 *
 * @param errors     why there is nothing to preview (an invalid draft); empty otherwise
 * @param nodes      the nodes whose rules change and the unchanged ones; null with errors
 * @param policyDiff stored → draft (labels, annotations, spec); null with errors
 * @param cells      pod → pod cells on the ports the policy names (plus one it does not name)
 * @param selects    what the draft's subject and peers match; null for a deletion or with errors
 */
public record ClusterPreview(String name, List<Problem> errors, Preview nodes, PolicyDiff policyDiff,
                             List<MatrixImpact.CellChange> cells, ResolvedClusterPolicy selects) {

    static ClusterPreview invalid(List<Problem> errors) {
        return new ClusterPreview(null, List.copyOf(errors), null, null, List.of(), null);
    }
}
