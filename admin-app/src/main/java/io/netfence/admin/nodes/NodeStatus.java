package io.netfence.admin.nodes;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.netfence.engine.compile.RulesetStats;
import io.netfence.engine.status.NodeFirewallStatus;

import java.util.List;

/**
 * One node on the nodes page and in {@code GET /api/v1/nodes}. Counts are the agent's report (what the kernel has);
 * {@code expected} is what the console compiles.
 *
 * @param agentHash   the hash the agent reports enforcing (null: no agent or nothing applied yet)
 * @param consoleHash the hash the console compiles for the node from its snapshot
 * @param drops       packets rejected for the node's pods since the agent started (sum of the agent's counters)
 * @param error       the agent's last apply error (null when the last apply succeeded)
 */
public record NodeStatus(String name, NodeState state, String agentHash, String consoleHash, String lastSync, long syncMillis,
                         String syncKind, int localPods, int isolatedPods, int rules, int sets, int setEntries, long drops,
                         String error, String agentVersion, String compilerVersion, String heartbeat,
                         List<NodeFirewallStatus.Condition> conditions, @JsonIgnore RulesetStats expected) {

    public String stateText() {
        return state.text();
    }

    /** The first 12 characters of a hash, for tables. */
    public static String shortHash(String hash) {
        return hash == null ? "—" : hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
