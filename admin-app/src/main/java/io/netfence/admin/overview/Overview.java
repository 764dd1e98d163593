package io.netfence.admin.overview;

import java.util.List;

/** The cluster at a glance (the Overview page and {@code GET /api/v1/overview}). */
public record Overview(Counts counts, Isolation isolation, List<NamespaceSummary> namespaces, List<NodeSync> nodes) {

    public record Counts(int namespaces, int nodes, int pods, int policies) {
    }

    /**
     * @param isolated     selectable pods some policy isolates (ingress or egress)
     * @param open         selectable pods no policy selects: everything may reach them and they may reach everything
     * @param unselectable pods policies can never select (hostNetwork, no IP yet, finished)
     */
    public record Isolation(int isolated, int ingressIsolated, int egressIsolated, int open, int unselectable) {
    }

    public record NamespaceSummary(String namespace, int policies, int pods, int isolatedPods) {
    }

    public enum SyncState {
        IN_SYNC("in sync"), DRIFT("drift"), NO_REPORT("no report");

        private final String text;

        SyncState(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * @param agentHash   the hash the node's agent reports enforcing (null without a NodeFirewallStatus)
     * @param consoleHash the hash the console computes for the node from the live cluster
     */
    public record NodeSync(String node, int localPods, int isolatedPods, int rules, String agentHash, String consoleHash,
                           SyncState state, String agentVersion, String lastSyncTime, String lastError) {
    }
}
