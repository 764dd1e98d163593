package io.netfence.engine.status;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code status} of a {@code NodeFirewallStatus} object ({@code netfence.io/v1alpha1}, cluster-scoped, one
 * per node, named after the node). The node agent writes it, the console reads it, both through the typed resource
 * {@code io.netfence.watch.status.NodeFirewallStatusResource}, from which the chart's CRD is generated: the
 * annotations here are its schema. Size is O(local pods): {@code droppedPackets} lists only local pods with drops.
 *
 * @param compilerVersion the agent's {@code NodeRulesetCompiler.VERSION}; its hash is comparable with the console's
 *                        only when they are equal (null: an agent from before the field existed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeFirewallStatus(
        String nodeName,
        String agentVersion,
        @JsonPropertyDescription("sha256 of the node's compiled ruleset (NodeRuleset.hash()), the same hash the console computes.")
        String rulesetHash,
        @JsonPropertyDescription("Start of the last successful sync that changed the kernel (kind ipset-only or full).")
        String lastSyncTime,
        long lastSyncDurationMillis,
        @Pattern("^(none|ipset-only|full)$")
        String lastSyncKind,
        @JsonPropertyDescription("When the agent last wrote this status (at least every heartbeat, default 60 s).")
        String heartbeatTime,
        @JsonPropertyDescription("The last failed apply (command and its stderr); empty once an apply succeeds.")
        String lastError,
        Counts counts,
        long driftRepairs,
        long applyFailures,
        @JsonPropertyDescription("Packets rejected per local pod (\"namespace/name\"), from rule counters; only pods with drops.")
        Map<String, Long> droppedPackets,
        List<Condition> conditions,
        @JsonPropertyDescription("The agent's ruleset compiler version (NodeRulesetCompiler.VERSION); rulesetHash is comparable "
                + "with the console's only when the versions are equal.")
        String compilerVersion,
        @JsonPropertyDescription("New connections this node allowed that a StagedNetworkPolicy (\"namespace/name\") would deny, "
                + "from the staged policies' counting rules (both directions, both families); only staged policies with counts.")
        Map<String, Long> stagedWouldDeny,
        @JsonPropertyDescription("New connections this node allowed that a StagedClusterNetworkPolicy (\"name\") would deny (one of "
                + "its Deny rules would decide them), from its counting rules (both directions, both families); only staged "
                + "cluster policies with counts.")
        Map<String, Long> stagedClusterWouldDeny) {

    public static final String GROUP = "netfence.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String KIND = "NodeFirewallStatus";
    public static final String PLURAL = "nodefirewallstatuses";
    public static final String CONDITION_READY = "Ready";
    public static final String CONDITION_SYNCED = "Synced";
    /** False while a stored NetworkPolicy cannot be used as it is (its last usable version or a closed one is enforced). */
    public static final String CONDITION_POLICIES_USABLE = "PoliciesUsable";

    /** Without a compiler version (agents from before the field existed). */
    public NodeFirewallStatus(String nodeName, String agentVersion, String rulesetHash, String lastSyncTime,
                              long lastSyncDurationMillis, String lastSyncKind, String heartbeatTime, String lastError,
                              Counts counts, long driftRepairs, long applyFailures, Map<String, Long> droppedPackets,
                              List<Condition> conditions) {
        this(nodeName, agentVersion, rulesetHash, lastSyncTime, lastSyncDurationMillis, lastSyncKind, heartbeatTime,
                lastError, counts, driftRepairs, applyFailures, droppedPackets, conditions, null);
    }

    /** Without staged policy counters (agents from before StagedNetworkPolicy). */
    public NodeFirewallStatus(String nodeName, String agentVersion, String rulesetHash, String lastSyncTime,
                              long lastSyncDurationMillis, String lastSyncKind, String heartbeatTime, String lastError,
                              Counts counts, long driftRepairs, long applyFailures, Map<String, Long> droppedPackets,
                              List<Condition> conditions, String compilerVersion) {
        this(nodeName, agentVersion, rulesetHash, lastSyncTime, lastSyncDurationMillis, lastSyncKind, heartbeatTime,
                lastError, counts, driftRepairs, applyFailures, droppedPackets, conditions, compilerVersion, null, null);
    }

    /** Without staged cluster policy counters (agents from before StagedClusterNetworkPolicy). */
    public NodeFirewallStatus(String nodeName, String agentVersion, String rulesetHash, String lastSyncTime,
                              long lastSyncDurationMillis, String lastSyncKind, String heartbeatTime, String lastError,
                              Counts counts, long driftRepairs, long applyFailures, Map<String, Long> droppedPackets,
                              List<Condition> conditions, String compilerVersion, Map<String, Long> stagedWouldDeny) {
        this(nodeName, agentVersion, rulesetHash, lastSyncTime, lastSyncDurationMillis, lastSyncKind, heartbeatTime,
                lastError, counts, driftRepairs, applyFailures, droppedPackets, conditions, compilerVersion, stagedWouldDeny, null);
    }

    public NodeFirewallStatus {
        counts = counts == null ? Counts.ZERO : counts;
        droppedPackets = java.util.Collections.unmodifiableMap(new TreeMap<>(droppedPackets == null ? Map.of() : droppedPackets));
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        stagedWouldDeny = java.util.Collections.unmodifiableMap(new TreeMap<>(stagedWouldDeny == null ? Map.of() : stagedWouldDeny));
        stagedClusterWouldDeny = java.util.Collections.unmodifiableMap(new TreeMap<>(stagedClusterWouldDeny == null ? Map.of()
                : stagedClusterWouldDeny));
    }

    /** Resource counts of the node's ruleset. */
    public record Counts(int localPods, int isolatedPods, int chains, int rules, int sets, int setEntries) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);
    }

    /** A Kubernetes-style condition; {@code status} is "True", "False" or "Unknown". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Condition(@Required String type, @Required @Pattern("^(True|False|Unknown)$") String status, String reason,
                            String message, String lastTransitionTime) {
        @JsonIgnore
        public boolean isTrue() {
            return "True".equals(status);
        }
    }

    public java.util.Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }
}
