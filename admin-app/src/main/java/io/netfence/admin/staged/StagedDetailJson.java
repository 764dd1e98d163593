package io.netfence.admin.staged;

import io.netfence.admin.policies.WorkloadCount;
import io.netfence.admin.traffic.FlowReadout;
import io.netfence.admin.traffic.ObservedFlow;

import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/stagednetworkpolicies/{ns}/{name}}: the page's content, workloads capped at {@value #MAX_WORKLOADS}. */
public record StagedDetailJson(StagedPolicyRow summary, List<WorkloadCount> selectedWorkloads, Map<String, Long> wouldDenyPerNode,
                               List<ObservedFlow> wouldDenyFlows, List<ObservedFlow> agentWouldDenyFlows, boolean flowsEnabled, List<FlowReadout.NodeError> flowErrors,
                               Map<String, String> labels, Map<String, String> annotations, String yaml) {

    static final int MAX_WORKLOADS = 100;

    static StagedDetailJson of(StagedPolicyDetail d) {
        List<WorkloadCount> w = d.resolved() == null ? List.of() : d.resolved().selectedWorkloads();
        return new StagedDetailJson(d.row(), w.size() <= MAX_WORKLOADS ? w : List.copyOf(w.subList(0, MAX_WORKLOADS)), d.perNode(),
                d.wouldDenyFlows(), d.agentWouldDenyFlows(), d.flowsEnabled(), d.flowErrors(), d.labels(), d.annotations(), d.yaml());
    }
}
