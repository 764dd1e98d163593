package io.netfence.agent.status;

import io.netfence.agent.kernel.KernelStateReader;
import io.netfence.agent.metrics.AgentMetrics;
import io.netfence.agent.sync.SyncOutcome;
import io.netfence.agent.sync.SyncTracker;
import io.netfence.engine.compile.RulesetStats;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.snapshot.UnusablePolicy;
import io.netfence.engine.status.NodeFirewallStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes the node's status after every sync that changed something or failed, and as a jittered heartbeat.
 * Runs on its own thread so a slow or unreachable API server never delays enforcement; requests coalesce.
 */
public final class StatusReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

    static final int MAX_LISTED_UNUSABLE = 5;

    private final StatusPublisher publisher;
    private final SyncTracker tracker;
    private final KernelStateReader reader;
    private final ClusterState state;
    private final AgentMetrics metrics;
    private final String nodeName;
    private final String agentVersion;
    private final Duration heartbeat;
    private final boolean publish;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final Map<String, NodeFirewallStatus.Condition> conditions = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile NodeFirewallStatus lastPublished;
    /** An unusable policy may change no rule (its last version stays), so it is published by itself. */
    private volatile List<UnusablePolicy> lastPublishedUnusable = List.of();
    private volatile Long countersReadNanos;
    private volatile Map<String, Long> lastDrops = Map.of();
    private volatile Map<String, Long> lastStaged = Map.of();
    private volatile Map<String, Long> lastStagedCluster = Map.of();

    public StatusReporter(StatusPublisher publisher, SyncTracker tracker, KernelStateReader reader, ClusterState state,
                          AgentMetrics metrics, String nodeName, String agentVersion, Duration heartbeat, boolean publish) {
        this.publisher = publisher;
        this.tracker = tracker;
        this.reader = reader;
        this.state = state;
        this.metrics = metrics;
        this.nodeName = nodeName;
        this.agentVersion = agentVersion;
        this.heartbeat = heartbeat;
        this.publish = publish;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "netfence-status");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        tracker.addListener(this::onSync);
        scheduleHeartbeat();
    }

    private void scheduleHeartbeat() {
        long base = heartbeat.toMillis();
        long jitter = (long) (base * 0.1);
        long delay = base + (jitter > 0 ? ThreadLocalRandom.current().nextLong(-jitter, jitter + 1) : 0);
        executor.schedule(() -> {
            request();
            scheduleHeartbeat();
        }, Math.max(delay, 1), TimeUnit.MILLISECONDS);
    }

    private void onSync(SyncOutcome o) {
        metrics.record(o);
        if (o.kind() != io.netfence.agent.apply.SyncKind.NONE || !o.ok() || lastPublished == null
                || o.driftFound() || !java.util.Objects.equals(o.rulesetHash(), lastPublished.rulesetHash())
                || !state.unusablePolicies().equals(lastPublishedUnusable)) {
            request();
        }
    }

    /** Publish soon; requests made while one is queued are merged into it. */
    public void request() {
        if (queued.compareAndSet(false, true)) {
            executor.execute(() -> {
                queued.set(false);
                publishNow();
            });
        }
    }

    private void publishNow() {
        List<UnusablePolicy> unusable = state.unusablePolicies();
        NodeFirewallStatus s = build();
        try {
            if (publish) {
                publisher.publish(s);
            }
            lastPublished = s;
            lastPublishedUnusable = unusable;
        } catch (RuntimeException e) {
            log.warn("could not write NodeFirewallStatus/{} (will retry with the next heartbeat): {}", nodeName, e.getMessage());
        }
    }

    /**
     * Rejected packets per pod from the rule counters ({@code iptables-save -c}), read at most twice per heartbeat: a
     * status written right after each sync reuses the last read, so a burst of syncs does not add one full
     * {@code iptables-save} each.
     */
    private Map<String, Long> drops(List<PodInfo> local) {
        long now = System.nanoTime();
        if (countersReadNanos != null && now - countersReadNanos < heartbeat.toNanos() / 2) {
            return lastDrops;
        }
        try {
            var tables = reader.readTables(true);
            lastDrops = DropCounter.dropsPerPod(tables, local);
            lastStaged = StagedCounter.wouldDenyPerPolicy(tables);
            lastStagedCluster = StagedCounter.wouldDenyPerClusterPolicy(tables);
            countersReadNanos = now;
            metrics.dropsPerPod(lastDrops);
        } catch (RuntimeException e) {
            log.debug("could not read rule counters: {}", e.getMessage());
        }
        return lastDrops;
    }

    NodeFirewallStatus build() {
        SyncOutcome last = tracker.last();
        SyncOutcome ok = tracker.lastSuccess();
        List<PodInfo> local = state.snapshot().podsOnNode(nodeName);
        Map<String, Long> drops = ok != null ? drops(local) : Map.of();
        Map<String, Long> staged = ok != null ? lastStaged : Map.of();
        Map<String, Long> stagedCluster = ok != null ? lastStagedCluster : Map.of();
        RulesetStats st = ok != null && ok.stats() != null ? ok.stats() : new RulesetStats(local.size(), 0, 0, 0, 0, 0);
        String now = Instant.now().toString();
        boolean synced = last != null && last.ok();
        condition(NodeFirewallStatus.CONDITION_SYNCED, last == null ? "Unknown" : synced ? "True" : "False",
                last == null ? "Starting" : synced ? "Applied" : "ApplyFailed",
                last == null ? "no sync yet" : synced ? "the kernel enforces the latest cluster state" : last.error(), now);
        boolean ready = tracker.firstSyncDone() && synced;
        condition(NodeFirewallStatus.CONDITION_READY, ready ? "True" : "False",
                ready ? "Enforcing" : tracker.firstSyncDone() ? "LastApplyFailed" : "NotSyncedYet",
                ready ? "rules programmed" : tracker.firstSyncDone() ? "previous rules stay in place until an apply succeeds"
                        : "no rules applied by this agent yet", now);
        List<UnusablePolicy> unusable = state.unusablePolicies();
        condition(NodeFirewallStatus.CONDITION_POLICIES_USABLE, unusable.isEmpty() ? "True" : "False",
                unusable.isEmpty() ? "AllUsable" : "UnusablePolicies", unusable.isEmpty() ? "every NetworkPolicy can be enforced as stored"
                        : describe(unusable), now);
        List<NodeFirewallStatus.Condition> cs = new ArrayList<>();
        cs.add(conditions.get(NodeFirewallStatus.CONDITION_READY));
        cs.add(conditions.get(NodeFirewallStatus.CONDITION_SYNCED));
        cs.add(conditions.get(NodeFirewallStatus.CONDITION_POLICIES_USABLE));
        SyncOutcome change = tracker.lastChange() != null ? tracker.lastChange() : ok;
        return new NodeFirewallStatus(nodeName, agentVersion, ok == null ? null : ok.rulesetHash(),
                change == null ? null : change.time().toString(), change == null ? 0 : change.duration().toMillis(),
                change == null ? "none" : change.kind().label(), now, synced ? null : last == null ? null : last.error(),
                new NodeFirewallStatus.Counts(st.localPods(), st.isolatedPods(), st.chains(), st.rules(), st.sets(), st.setEntries()),
                tracker.driftRepairs(), tracker.applyFailures(), drops, cs,
                io.netfence.engine.compile.NodeRulesetCompiler.VERSION, staged, stagedCluster);
    }

    /** The first few, so the condition stays small however many there are. */
    static String describe(List<UnusablePolicy> unusable) {
        int shown = Math.min(unusable.size(), MAX_LISTED_UNUSABLE);
        String text = String.join("; ", unusable.subList(0, shown).stream().map(UnusablePolicy::describe).toList());
        return unusable.size() > shown ? text + "; and " + (unusable.size() - shown) + " more" : text;
    }

    /** Keeps lastTransitionTime when the condition's status did not change. */
    private void condition(String type, String status, String reason, String message, String now) {
        conditions.compute(type, (t, old) -> new NodeFirewallStatus.Condition(type, status, reason, message,
                old != null && old.status().equals(status) ? old.lastTransitionTime() : now));
    }

    public NodeFirewallStatus lastPublished() {
        return lastPublished;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
