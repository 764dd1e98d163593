package io.netfence.admin.staged;

import io.netfence.engine.status.NodeFirewallStatus;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One staged policy's would-deny connections as the agents count them.
 *
 * @param total   summed over the nodes
 * @param perNode node → count, only nodes that report one (sorted by node)
 */
record StagedWouldDeny(long total, Map<String, Long> perNode) {

    /** How many nodes report a count. */
    int nodes() {
        return perNode.size();
    }

    /**
     * @param counters which of a status's counters ({@code stagedWouldDeny} keyed {@code ns/name},
     *                 {@code stagedClusterWouldDeny} keyed by name)
     */
    static StagedWouldDeny of(Map<String, NodeFirewallStatus> statuses, Function<NodeFirewallStatus, Map<String, Long>> counters,
                              String key) {
        Map<String, Long> perNode = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, NodeFirewallStatus> e : statuses.entrySet()) {
            Long n = counters.apply(e.getValue()).get(key);
            if (n != null) {
                perNode.put(e.getKey(), n);
                total += n;
            }
        }
        return new StagedWouldDeny(total, perNode);
    }
}
