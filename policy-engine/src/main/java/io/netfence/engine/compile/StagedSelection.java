package io.netfence.engine.compile;

import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;

import java.util.List;
import java.util.Map;

/**
 * Per local pod and direction, the staged policies (StagedNetworkPolicy) isolating it, sorted by namespace/name, and the
 * staged ClusterNetworkPolicies (StagedClusterNetworkPolicy) whose subject it is with rules of that direction, in
 * evaluation order; pods without any are absent. They compile to counting rules only (see docs/dataplane.md, "Staged
 * policies").
 */
record StagedSelection(Map<PodInfo, List<Policy>> ingress, Map<PodInfo, List<Policy>> egress,
                       Map<PodInfo, List<ClusterNetworkPolicy>> clusterIngress,
                       Map<PodInfo, List<ClusterNetworkPolicy>> clusterEgress) {

    static final StagedSelection NONE = new StagedSelection(Map.of(), Map.of(), Map.of(), Map.of());

    boolean isEmpty() {
        return ingress.isEmpty() && egress.isEmpty() && clusterIngress.isEmpty() && clusterEgress.isEmpty();
    }
}
