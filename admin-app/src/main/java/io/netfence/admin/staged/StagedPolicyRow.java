package io.netfence.admin.staged;

import java.util.List;

/**
 * One line of the staged policy list.
 *
 * @param resourceVersion  of the stored object (null when only the engine knows it, e.g. just deleted)
 * @param wouldDeny        connections the nodes' agents counted as would-deny for it (their NodeFirewallStatus, summed)
 * @param reportingNodes   nodes whose agent reports a count for it
 * @param observedFlows    observed flows the engine's staged verdict says it would deny
 * @param observedConnections the connections of those flows
 * @param unusable         why the stored object cannot be staged as it is (null when it can)
 * @param enforcedNamesake a NetworkPolicy of the same namespace and name exists (Enforce would be refused)
 */
public record StagedPolicyRow(String namespace, String name, String resourceVersion, String podSelector, List<String> policyTypes,
                              int ingressRules, int egressRules, int selectedPods, int selectedWorkloads, long wouldDeny,
                              int reportingNodes, int observedFlows, long observedConnections, String unusable,
                              boolean enforcedNamesake) {

    public String key() {
        return namespace + "/" + name;
    }
}
