package io.netfence.admin.demo;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.cluster.ConsoleMode;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.compile.RulesetStats;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.status.NodeFirewallStatus;
import io.netfence.watch.status.NodeFirewallStatuses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stand-ins for the node agents of the demo cluster: for each demo node, compile the node's ruleset with the
 * engine (exactly as the real agent does) and publish its NodeFirewallStatus (create, then the status
 * subresource) whenever the hash changes. Nothing touches the kernel.
 */
@Component
public class DemoAgents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoAgents.class);
    static final long PERIOD_MILLIS = 500;
    /** Republished without a change this often, so a demo node never looks stale. */
    static final long HEARTBEAT_MILLIS = 10_000;

    private final ConsoleMode mode;
    private final KubernetesClient client;
    private final NodeFirewallStatuses statuses;
    private final LiveCluster cluster;
    private final NodeRulesetCompiler compiler;
    private final Map<String, String> published = new HashMap<>();
    private final Map<String, Long> publishedAt = new HashMap<>();
    private final Map<String, NodeFirewallStatus> lastStatus = new HashMap<>();
    private final java.util.Set<String> paused = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> resumed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService executor;

    public DemoAgents(ConsoleMode mode, KubernetesClient client, LiveCluster cluster, NodeRulesetCompiler compiler) {
        this.mode = mode;
        this.client = client;
        this.statuses = new NodeFirewallStatuses(client);
        this.cluster = cluster;
        this.compiler = compiler;
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (!mode.demo() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-agents");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::syncAll, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The node's demo agent stops reporting (as if it were down); someone else may write its status meanwhile. */
    public void pause(String nodeName) {
        paused.add(nodeName);
    }

    /** The node's demo agent reports again, from scratch (its status object is recreated if it was deleted). */
    public void resume(String nodeName) {
        resumed.add(nodeName);
        paused.remove(nodeName);
    }

    void syncAll() {
        try {
            for (String node : List.copyOf(resumed)) {
                published.remove(node);
                publishedAt.remove(node);
                lastStatus.remove(node);
                resumed.remove(node);
            }
            ClusterSnapshot snapshot = cluster.snapshot();
            io.netfence.admin.staged.StagedVerdicts.NodeCounters counters = stagedCounters(snapshot);
            for (NodeInfo node : snapshot.nodes()) {
                if (paused.contains(node.name())) {
                    continue;
                }
                long started = System.nanoTime();
                NodeRuleset ruleset = compiler.compile(snapshot, node.name());
                Long last = publishedAt.get(node.name());
                Map<String, Long> wouldDeny = counters.policies().getOrDefault(node.name(), Map.of());
                Map<String, Long> clusterWouldDeny = counters.clusterPolicies().getOrDefault(node.name(), Map.of());
                NodeFirewallStatus previous = lastStatus.get(node.name());
                boolean sameCounters = previous != null && previous.stagedWouldDeny().equals(wouldDeny)
                        && previous.stagedClusterWouldDeny().equals(clusterWouldDeny);
                if (ruleset.hash().equals(published.get(node.name())) && last != null && sameCounters
                        && System.currentTimeMillis() - last < HEARTBEAT_MILLIS) {
                    continue;
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                NodeFirewallStatus status = previous != null && ruleset.hash().equals(previous.rulesetHash())
                        ? heartbeat(previous, wouldDeny, clusterWouldDeny) : status(ruleset, millis, wouldDeny, clusterWouldDeny);
                publish(node.name(), status);
                lastStatus.put(node.name(), status);
                published.put(node.name(), ruleset.hash());
                publishedAt.put(node.name(), System.currentTimeMillis());
            }
        } catch (RuntimeException e) {
            log.warn("demo agents: {}", e.getMessage());
        }
    }

    /**
     * The would-deny counters the demo agents report: the demo traffic judged by the engine's staged verdict, counted on
     * the node of the side each staged policy isolates (what a real node's counting rules count). Worked out again only
     * when the cluster changed.
     */
    private io.netfence.admin.staged.StagedVerdicts.NodeCounters stagedCounters(ClusterSnapshot snapshot) {
        if (snapshot != countedSnapshot) {
            counted = io.netfence.admin.staged.StagedVerdicts.nodeCounters(snapshot,
                    new io.netfence.admin.traffic.DemoFlowSource(() -> snapshot, java.time.Clock.systemUTC()).read());
            countedSnapshot = snapshot;
        }
        return counted;
    }

    private ClusterSnapshot countedSnapshot;
    private io.netfence.admin.staged.StagedVerdicts.NodeCounters counted =
            new io.netfence.admin.staged.StagedVerdicts.NodeCounters(Map.of(), Map.of());

    /** The same report with a new heartbeat time (the last sync stays what it was). */
    private static NodeFirewallStatus heartbeat(NodeFirewallStatus s, Map<String, Long> wouldDeny, Map<String, Long> clusterWouldDeny) {
        return new NodeFirewallStatus(s.nodeName(), s.agentVersion(), s.rulesetHash(), s.lastSyncTime(), s.lastSyncDurationMillis(),
                "none", Instant.now().toString(), s.lastError(), s.counts(), s.driftRepairs(), s.applyFailures(), s.droppedPackets(),
                s.conditions(), s.compilerVersion(), wouldDeny, clusterWouldDeny);
    }

    private static NodeFirewallStatus status(NodeRuleset r, long millis, Map<String, Long> wouldDeny, Map<String, Long> clusterWouldDeny) {
        RulesetStats s = r.stats();
        String now = Instant.now().toString();
        return new NodeFirewallStatus(r.nodeName(), "demo", r.hash(), now, millis, "full", now, null,
                new NodeFirewallStatus.Counts(s.localPods(), s.isolatedPods(), s.chains(), s.rules(), s.sets(), s.setEntries()),
                0, 0, Map.of(),
                List.of(new NodeFirewallStatus.Condition(NodeFirewallStatus.CONDITION_READY, "True", "AgentRunning",
                                "demo agent (in-process, no kernel changes)", now),
                        new NodeFirewallStatus.Condition(NodeFirewallStatus.CONDITION_SYNCED, "True", "Applied",
                                "ruleset " + r.hash().substring(0, 12) + " compiled", now)), NodeRulesetCompiler.VERSION, wouldDeny,
                clusterWouldDeny);
    }

    private void publish(String nodeName, NodeFirewallStatus status) {
        statuses.publish(nodeName, status, "netfence-demo-agent");
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
