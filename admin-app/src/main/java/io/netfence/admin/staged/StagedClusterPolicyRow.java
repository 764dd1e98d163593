package io.netfence.admin.staged;

/**
 * One line of the staged ClusterNetworkPolicy list.
 *
 * @param resourceVersion  of the stored object (null when only the engine knows it)
 * @param tier             Admin or Baseline (null when the stored object cannot be staged)
 * @param subject          the subject as text
 * @param selectedPods     pods its subject selects in the live cluster
 * @param wouldDeny        connections the nodes' agents counted as would-deny for it (their NodeFirewallStatus
 *                         {@code stagedClusterWouldDeny}, summed)
 * @param reportingNodes   nodes whose agent reports a count for it
 * @param observedFlows    observed flows the engine's staged verdict says one of its Deny rules would deny
 * @param observedConnections the connections of those flows
 * @param unusable         why the stored object cannot be staged as it is (null when it can)
 * @param enforcedNamesake a ClusterNetworkPolicy of the same name exists (Enforce would be refused)
 */
public record StagedClusterPolicyRow(String name, String resourceVersion, String tier, Integer priority, String subject,
                                     int ingressRules, int egressRules, int selectedPods, long wouldDeny, int reportingNodes,
                                     int observedFlows, long observedConnections, String unusable, boolean enforcedNamesake) {
}
