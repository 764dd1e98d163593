package io.netfence.agent.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.netfence.agent.apply.SyncKind;
import io.netfence.agent.sync.SyncOutcome;
import io.netfence.agent.sync.SyncTracker;
import io.netfence.engine.compile.RulesetStats;
import io.netfence.engine.snapshot.ClusterState;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent's Prometheus metrics: sync duration by kind (histogram), syncs by result, ruleset size, drift repairs,
 * apply failures, drops per pod and the time of the last successful sync.
 */
public final class AgentMetrics {

    private final MeterRegistry registry;
    private final AtomicReference<RulesetStats> stats = new AtomicReference<>(new RulesetStats(0, 0, 0, 0, 0, 0));
    private final MultiGauge drops;
    private volatile double lastSuccessEpochSeconds;

    public AgentMetrics(MeterRegistry registry, SyncTracker tracker, ClusterState state) {
        this.registry = registry;
        Gauge.builder("netfence.policies.unusable", state, s -> s.unusablePolicies().size())
                .description("stored NetworkPolicies that cannot be used as they are (last usable version or fail-closed enforced)")
                .register(registry);
        Gauge.builder("netfence.ruleset.rules", stats, s -> s.get().rules()).description("rules in netfence chains").register(registry);
        Gauge.builder("netfence.ruleset.chains", stats, s -> s.get().chains()).register(registry);
        Gauge.builder("netfence.ruleset.sets", stats, s -> s.get().sets()).description("netfence ipsets").register(registry);
        Gauge.builder("netfence.ruleset.set.entries", stats, s -> s.get().setEntries()).register(registry);
        Gauge.builder("netfence.pods.local", stats, s -> s.get().localPods()).register(registry);
        Gauge.builder("netfence.pods.isolated", stats, s -> s.get().isolatedPods()).register(registry);
        Gauge.builder("netfence.sync.last.success", this, m -> m.lastSuccessEpochSeconds)
                .description("unix time of the last successful sync").baseUnit("seconds").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("netfence.drift.repairs", tracker, t -> t.driftRepairs())
                .description("kernel drift found by the periodic resync and repaired").register(registry);
        this.drops = MultiGauge.builder("netfence.pod.dropped.packets")
                .description("packets rejected by netfence per local pod (rule counters)").register(registry);
        for (SyncKind k : SyncKind.values()) {
            timer(k);
        }
        counter("success", SyncKind.NONE);
        Counter.builder("netfence.apply.failures").register(registry);
    }

    public void record(SyncOutcome o) {
        timer(o.kind()).record(o.duration());
        counter(o.ok() ? "success" : "failure", o.kind()).increment();
        if (o.ok()) {
            if (o.stats() != null) {
                stats.set(o.stats());
            }
            lastSuccessEpochSeconds = o.time().plus(o.duration()).toEpochMilli() / 1000.0;
        } else {
            Counter.builder("netfence.apply.failures").description("syncs whose apply failed").register(registry).increment();
        }
    }

    public void dropsPerPod(Map<String, Long> perPod) {
        drops.register(perPod.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("pod", e.getKey()), e.getValue()))
                .toList(), true);
    }

    private Timer timer(SyncKind kind) {
        return Timer.builder("netfence.sync.duration").description("time to compile and apply one sync")
                .tag("kind", kind.label()).publishPercentileHistogram().register(registry);
    }

    private Counter counter(String result, SyncKind kind) {
        return Counter.builder("netfence.syncs").tag("result", result).tag("kind", kind.label()).register(registry);
    }

    /** Count of syncs of one kind and result so far (tests assert which path a change took). */
    public double syncs(String result, SyncKind kind) {
        return counter(result, kind).count();
    }
}
