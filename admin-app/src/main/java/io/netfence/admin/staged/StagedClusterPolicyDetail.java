package io.netfence.admin.staged;

import io.netfence.admin.traffic.FlowReadout;
import io.netfence.admin.traffic.ObservedFlow;

import java.util.List;
import java.util.Map;

/**
 * A staged ClusterNetworkPolicy's page (and {@code GET /api/v1/stagedclusternetworkpolicies/{name}}): its row, the
 * would-deny counts per node (the agents' counters), the observed flows its Deny rules would deny (the engine's staged
 * verdict, the first {@link StagedPolicyDetail#MAX_FLOWS}), the agents' own would-deny reports, and the stored object.
 *
 * @param perNode node → would-deny count reported by its agent (only nodes with a count)
 */
public record StagedClusterPolicyDetail(StagedClusterPolicyRow summary, Map<String, Long> perNode, List<ObservedFlow> wouldDenyFlows,
                                        List<ObservedFlow> agentWouldDenyFlows, List<FlowReadout.NodeError> flowErrors,
                                        boolean flowsEnabled, Map<String, String> labels, Map<String, String> annotations,
                                        String yaml) {
}
