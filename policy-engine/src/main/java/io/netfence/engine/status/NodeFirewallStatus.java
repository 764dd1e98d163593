package io.netfence.engine.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code status} of a {@code NodeFirewallStatus} object ({@code netfence.io/v1alpha1}, cluster-scoped, one
 * per node, named after the node). The node agent writes it, the console reads it; both exchange it as the
 * plain map a fabric8 {@code GenericKubernetesResource} carries, so neither needs a typed client.
 * Size is O(local pods): {@code droppedPackets} lists only local pods with drops.
 *
 * @param compilerVersion the agent's {@code NodeRulesetCompiler.VERSION}; its hash is comparable with the console's
 *                        only when they are equal (null: an agent from before the field existed)
 */
public record NodeFirewallStatus(String nodeName, String agentVersion, String rulesetHash, String lastSyncTime,
                                 long lastSyncDurationMillis, String lastSyncKind, String heartbeatTime,
                                 String lastError, Counts counts, long driftRepairs, long applyFailures,
                                 Map<String, Long> droppedPackets, List<Condition> conditions, String compilerVersion) {

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

    public NodeFirewallStatus {
        counts = counts == null ? Counts.ZERO : counts;
        droppedPackets = java.util.Collections.unmodifiableMap(new TreeMap<>(droppedPackets == null ? Map.of() : droppedPackets));
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /** Resource counts of the node's ruleset. */
    public record Counts(int localPods, int isolatedPods, int chains, int rules, int sets, int setEntries) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);
    }

    /** A Kubernetes-style condition; {@code status} is "True", "False" or "Unknown". */
    public record Condition(String type, String status, String reason, String message, String lastTransitionTime) {
        public boolean isTrue() {
            return "True".equals(status);
        }
    }

    public java.util.Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /** The JSON-shaped map stored under {@code status}; null fields are left out. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "nodeName", nodeName);
        put(m, "agentVersion", agentVersion);
        put(m, "compilerVersion", compilerVersion);
        put(m, "rulesetHash", rulesetHash);
        put(m, "lastSyncTime", lastSyncTime);
        m.put("lastSyncDurationMillis", lastSyncDurationMillis);
        put(m, "lastSyncKind", lastSyncKind);
        put(m, "heartbeatTime", heartbeatTime);
        put(m, "lastError", lastError);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("localPods", counts.localPods());
        c.put("isolatedPods", counts.isolatedPods());
        c.put("chains", counts.chains());
        c.put("rules", counts.rules());
        c.put("sets", counts.sets());
        c.put("setEntries", counts.setEntries());
        m.put("counts", c);
        m.put("driftRepairs", driftRepairs);
        m.put("applyFailures", applyFailures);
        m.put("droppedPackets", new LinkedHashMap<>(droppedPackets));
        List<Map<String, Object>> cs = new ArrayList<>();
        for (Condition cond : conditions) {
            Map<String, Object> cm = new LinkedHashMap<>();
            put(cm, "type", cond.type());
            put(cm, "status", cond.status());
            put(cm, "reason", cond.reason());
            put(cm, "message", cond.message());
            put(cm, "lastTransitionTime", cond.lastTransitionTime());
            cs.add(cm);
        }
        m.put("conditions", cs);
        return m;
    }

    /** Reads the map of a stored object's {@code status}; missing fields become null/zero. */
    @SuppressWarnings("unchecked")
    public static NodeFirewallStatus fromMap(Map<String, Object> m) {
        if (m == null) {
            m = Map.of();
        }
        Map<String, Object> c = m.get("counts") instanceof Map<?, ?> cm ? (Map<String, Object>) cm : Map.of();
        Counts counts = new Counts(integer(c.get("localPods")), integer(c.get("isolatedPods")), integer(c.get("chains")),
                integer(c.get("rules")), integer(c.get("sets")), integer(c.get("setEntries")));
        Map<String, Long> drops = new TreeMap<>();
        if (m.get("droppedPackets") instanceof Map<?, ?> dm) {
            dm.forEach((k, v) -> drops.put(String.valueOf(k), number(v)));
        }
        List<Condition> conditions = new ArrayList<>();
        if (m.get("conditions") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> cond) {
                    conditions.add(new Condition(string(cond.get("type")), string(cond.get("status")),
                            string(cond.get("reason")), string(cond.get("message")), string(cond.get("lastTransitionTime"))));
                }
            }
        }
        return new NodeFirewallStatus(string(m.get("nodeName")), string(m.get("agentVersion")), string(m.get("rulesetHash")),
                string(m.get("lastSyncTime")), number(m.get("lastSyncDurationMillis")), string(m.get("lastSyncKind")),
                string(m.get("heartbeatTime")), string(m.get("lastError")), counts, number(m.get("driftRepairs")),
                number(m.get("applyFailures")), drops, conditions, string(m.get("compilerVersion")));
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

    private static long number(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        return o == null ? 0 : Long.parseLong(o.toString());
    }

    private static int integer(Object o) {
        return (int) number(o);
    }
}
