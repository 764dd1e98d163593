package io.netfence.admin.nodes;

import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.cluster.NodeRulesets;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.compile.RulesetStats;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.status.NodeFirewallStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of every node: the agents' reports (the NodeFirewallStatus informer) against the rulesets the console
 * compiles per snapshot (cached in {@link NodeRulesets}). Reads only in-memory state: no API traffic per call.
 */
@Service
public class NodeStates {

    /** A node whose agent has not written its status for this many heartbeat intervals is stale. */
    static final int STALE_AFTER_HEARTBEATS = 3;

    private final LiveCluster cluster;
    private final NodeRulesets rulesets;
    private final Duration heartbeat;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    public NodeStates(LiveCluster cluster, NodeRulesets rulesets,
                      @Value("${netfence.console.agent-heartbeat:60s}") Duration heartbeat) {
        this(cluster, rulesets, heartbeat, Clock.systemUTC());
    }

    NodeStates(LiveCluster cluster, NodeRulesets rulesets, Duration heartbeat, Clock clock) {
        this.cluster = cluster;
        this.rulesets = rulesets;
        this.heartbeat = heartbeat;
        this.clock = clock;
    }

    /** Every node of the live cluster, sorted by name. */
    public List<NodeStatus> all() {
        Map<String, NodeRuleset> compiled = rulesets.currentAll();
        Map<String, NodeFirewallStatus> reports = cluster.nodeStatuses();
        Instant now = clock.instant();
        List<NodeStatus> out = new ArrayList<>();
        for (NodeInfo node : cluster.snapshot().nodes()) {
            NodeRuleset r = compiled.get(node.name());
            if (r != null) {
                out.add(view(node.name(), r, reports.get(node.name()), now));
            }
        }
        out.sort(java.util.Comparator.comparing(NodeStatus::name));
        return out;
    }

    /** The state of every node of the live cluster, without the rest of its status (no ruleset statistics). */
    public Map<String, NodeState> stateByNode() {
        Map<String, NodeRuleset> compiled = rulesets.currentAll();
        Map<String, NodeFirewallStatus> reports = cluster.nodeStatuses();
        Instant now = clock.instant();
        Map<String, NodeState> out = new java.util.HashMap<>();
        for (NodeInfo node : cluster.snapshot().nodes()) {
            NodeRuleset r = compiled.get(node.name());
            if (r != null) {
                out.put(node.name(), classify(r.hash(), reports.get(node.name()), now, heartbeat));
            }
        }
        return out;
    }

    public Optional<NodeStatus> of(String nodeName) {
        NodeRuleset r = rulesets.currentAll().get(nodeName);
        return r == null ? Optional.empty() : Optional.of(view(nodeName, r, cluster.nodeStatuses().get(nodeName), clock.instant()));
    }

    /** The state of one node whose agent should enforce {@code expectedHash}. */
    public NodeState stateOf(String expectedHash, NodeFirewallStatus report) {
        return classify(expectedHash, report, clock.instant(), heartbeat);
    }

    public Map<NodeState, Integer> counts(List<NodeStatus> nodes) {
        Map<NodeState, Integer> counts = new EnumMap<>(NodeState.class);
        for (NodeState s : NodeState.values()) {
            counts.put(s, 0);
        }
        nodes.forEach(n -> counts.merge(n.state(), 1, Integer::sum));
        return counts;
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    /**
     * Stale beats everything (an old report says nothing about now), then a different compiler version (hashes are not
     * comparable), then an apply error, then the hash comparison. An agent that reports no compiler version (older
     * than the field) is compared by hash.
     */
    static NodeState classify(String expectedHash, NodeFirewallStatus report, Instant now, Duration heartbeat) {
        if (report == null) {
            return NodeState.NO_AGENT;
        }
        Instant beat = instant(report.heartbeatTime());
        if (beat != null && beat.plus(heartbeat.multipliedBy(STALE_AFTER_HEARTBEATS)).isBefore(now)) {
            return NodeState.STALE;
        }
        if (report.compilerVersion() != null && !report.compilerVersion().equals(NodeRulesetCompiler.VERSION)) {
            return NodeState.VERSION_SKEW;
        }
        boolean syncFailed = report.condition(NodeFirewallStatus.CONDITION_SYNCED).map(c -> "False".equals(c.status())).orElse(false);
        if ((report.lastError() != null && !report.lastError().isBlank()) || syncFailed) {
            return NodeState.ERROR;
        }
        return expectedHash.equals(report.rulesetHash()) ? NodeState.IN_SYNC : NodeState.PENDING;
    }

    private NodeStatus view(String name, NodeRuleset r, NodeFirewallStatus st, Instant now) {
        RulesetStats expected = r.stats();
        NodeState state = classify(r.hash(), st, now, heartbeat);
        if (st == null) {
            return new NodeStatus(name, state, null, r.hash(), null, 0, null, expected.localPods(), expected.isolatedPods(),
                    0, 0, 0, 0, null, null, null, null, List.of(), expected);
        }
        NodeFirewallStatus.Counts c = st.counts();
        String error = st.lastError() != null ? st.lastError()
                : st.condition(NodeFirewallStatus.CONDITION_SYNCED).filter(x -> "False".equals(x.status())).map(NodeFirewallStatus.Condition::message).orElse(null);
        return new NodeStatus(name, state, st.rulesetHash(), r.hash(), st.lastSyncTime(), st.lastSyncDurationMillis(),
                st.lastSyncKind(), c.localPods(), c.isolatedPods(), c.rules(), c.sets(), c.setEntries(),
                st.droppedPackets().values().stream().mapToLong(Long::longValue).sum(), error, st.agentVersion(),
                st.compilerVersion(), st.heartbeatTime(), st.conditions(), expected);
    }

    static Instant instant(String time) {
        if (time == null) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
