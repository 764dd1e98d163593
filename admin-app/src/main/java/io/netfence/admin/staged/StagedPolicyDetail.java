package io.netfence.admin.staged;

import io.netfence.admin.policies.ResolvedPolicy;
import io.netfence.admin.traffic.FlowReadout;
import io.netfence.admin.traffic.ObservedFlow;

import java.util.List;
import java.util.Map;

/**
 * A staged policy's page: its row, what it selects and allows resolved against the live cluster, the would-deny counts
 * per node (the agents' counters), the observed flows it would deny (the engine's staged verdict, the first
 * {@link #MAX_FLOWS}), and the stored object.
 *
 * @param resolved       null when the stored object cannot be staged
 * @param perNode        node → would-deny count reported by its agent (only nodes with a count)
 * @param agentWouldDenyFlows the agents' own would-deny reports attributed to this policy (the first {@link #MAX_FLOWS})
 * @param flowErrors     nodes whose flows could not be read (their flows are missing)
 * @param flowsEnabled   false when flow observation is off
 * @param labels         of the stored object
 */
public record StagedPolicyDetail(StagedPolicyRow row, ResolvedPolicy resolved, Map<String, Long> perNode,
                                 List<ObservedFlow> wouldDenyFlows, List<ObservedFlow> agentWouldDenyFlows,
                                 List<FlowReadout.NodeError> flowErrors, boolean flowsEnabled,
                                 Map<String, String> labels, Map<String, String> annotations, String yaml) {

    public static final int MAX_FLOWS = 200;
}
