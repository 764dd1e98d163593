package io.netfence.admin.nodes;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.cluster.NodeRulesets;
import io.netfence.admin.push.PushOutcome;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.PolicyConverter;
import io.netfence.engine.status.NodeFirewallStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows pushes until every node they change enforces them: {@link #start} computes what each node must enforce
 * after the push, {@link #progress} compares it with the agents' reports. Pushes still converging are checked in the
 * background too, so the push → enforced timer ({@value #TIMER}) is recorded whether or not anyone watches.
 */
@Service
public class ConvergenceTracker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConvergenceTracker.class);
    static final String TIMER = "netfence.console.push.enforced";
    /** A push not converged after this long is no longer followed in the background (its page still shows it). */
    static final Duration GIVE_UP = Duration.ofMinutes(30);

    private final LiveCluster cluster;
    private final NodeRulesets rulesets;
    private final NodeStates states;
    private final Timer timer;
    private final Map<String, Convergence> active = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor;

    public ConvergenceTracker(LiveCluster cluster, NodeRulesets rulesets, NodeStates states, MeterRegistry meters) {
        this.cluster = cluster;
        this.rulesets = rulesets;
        this.states = states;
        this.timer = Timer.builder(TIMER).description("time from a push (or bundle) to every node it changes enforcing it")
                .publishPercentileHistogram().register(meters);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "push-convergence");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::checkActive, 500, 500, TimeUnit.MILLISECONDS);
    }

    /**
     * @param before  the snapshot the push started from (taken before the write)
     * @param written the pushes that wrote something (created, updated or deleted a policy)
     */
    public Convergence start(ClusterSnapshot before, List<PushOutcome> written, Instant pushedAt) {
        ClusterSnapshot after = before;
        for (PushOutcome o : written) {
            if (o.status() == PushOutcome.Status.DELETED) {
                after = after.withoutPolicy(o.namespace(), o.name());
            } else if (o.written() && o.result() != null) {
                try {
                    after = after.withPolicy(PolicyConverter.convert(o.result()));
                } catch (RuntimeException e) {
                    log.debug("cannot follow {}: {}", o.key(), e.getMessage());
                }
            }
        }
        Map<String, NodeRuleset> was = before == cluster.snapshot() ? rulesets.currentAll() : rulesets.compileAll(before);
        Map<String, NodeRuleset> will = rulesets.compileAll(after);
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> previous = new LinkedHashMap<>();
        will.forEach((node, r) -> {
            NodeRuleset old = was.get(node);
            if (old == null || !old.hash().equals(r.hash())) {
                expected.put(node, r.hash());
                if (old != null) {
                    previous.put(node, old.hash());
                }
            }
        });
        Convergence c = new Convergence(UUID.randomUUID().toString(), pushedAt.toEpochMilli(), expected, previous);
        active.put(c.id(), c);
        return c;
    }

    /**
     * A node has enforced the push when its agent reports the hash expected after the push, or (a later change
     * superseded it) is in sync with the console's current snapshot.
     */
    public ConvergenceProgress progress(Convergence c) {
        Map<String, NodeFirewallStatus> reports = cluster.nodeStatuses();
        Map<String, NodeRuleset> current = rulesets.currentAll();
        List<ConvergenceProgress.Node> nodes = new ArrayList<>();
        int enforced = 0;
        long lastSync = c.pushedAtMillis();
        for (Map.Entry<String, String> e : c.expected().entrySet()) {
            NodeFirewallStatus report = reports.get(e.getKey());
            NodeRuleset now = current.get(e.getKey());
            NodeState byPush = states.stateOf(e.getValue(), report);
            // "in sync with the console's current snapshot" counts only once that snapshot has moved on from the state
            // before the push: right after the write the informers may not have the push yet, and every node is in sync
            // with the old state
            NodeState byNow = now == null || now.hash().equals(c.before().get(e.getKey())) ? byPush : states.stateOf(now.hash(), report);
            NodeState state = byPush == NodeState.IN_SYNC || byNow == NodeState.IN_SYNC ? NodeState.IN_SYNC : byPush;
            if (state == NodeState.IN_SYNC) {
                enforced++;
                Instant synced = NodeStates.instant(report.lastSyncTime());
                if (synced != null) {
                    lastSync = Math.max(lastSync, synced.toEpochMilli() + report.lastSyncDurationMillis());
                }
            }
            nodes.add(new ConvergenceProgress.Node(e.getKey(), state, state == NodeState.ERROR ? report.lastError() : null));
        }
        boolean done = nodes.stream().allMatch(n -> n.state().settled());
        long end = done ? lastSync : System.currentTimeMillis();
        ConvergenceProgress p = new ConvergenceProgress(nodes, enforced, done, Math.max(0, end - c.pushedAtMillis()) / 1000.0);
        // a node reporting an error ends the page's wait, not the timer's: it is recorded once every node enforces the push
        if (p.allEnforced() && active.remove(c.id()) != null) {
            timer.record(Duration.ofMillis(Math.max(0, end - c.pushedAtMillis())));
        }
        return p;
    }

    private void checkActive() {
        try {
            long now = System.currentTimeMillis();
            for (Convergence c : List.copyOf(active.values())) {
                if (now - c.pushedAtMillis() > GIVE_UP.toMillis()) {
                    active.remove(c.id());
                } else {
                    progress(c);
                }
            }
        } catch (RuntimeException e) {
            log.debug("convergence check: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
