package io.netfence.engine.compile;

import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;

import java.util.List;
import java.util.Map;

/**
 * Per local pod and direction, the staged policies (StagedNetworkPolicy) isolating it, sorted by namespace/name; pods
 * without any are absent. They compile to counting rules only (see docs/dataplane.md, "Staged policies").
 */
record StagedSelection(Map<PodInfo, List<Policy>> ingress, Map<PodInfo, List<Policy>> egress) {

    static final StagedSelection NONE = new StagedSelection(Map.of(), Map.of());

    boolean isEmpty() {
        return ingress.isEmpty() && egress.isEmpty();
    }
}
