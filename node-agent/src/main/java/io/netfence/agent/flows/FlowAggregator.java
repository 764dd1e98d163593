package io.netfence.agent.flows;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Observed flows in memory: (source IP, destination IP, destination port, protocol, verdict, chain) → count, first and
 * last seen, and the pods behind the addresses when first resolved. Bounded: beyond {@code maxAggregates} the aggregate
 * seen least recently is evicted (and counted). Nothing leaves the node from here; {@code /flows} reads a copy.
 */
public final class FlowAggregator implements Consumer<FlowObservation> {

    /** What is counted together. */
    public record Key(String srcIp, String dstIp, int dstPort, String protocol, FlowObservation.Verdict verdict, String chain) {
    }

    /** One aggregate as read: identities are null for addresses that are no pod this agent knows (outside, nodes). */
    public record Aggregate(Key key, long count, Instant firstSeen, Instant lastSeen, PodIdentity source, PodIdentity destination) {
    }

    private static final class Stats {
        long count;
        Instant first;
        Instant last;
        PodIdentity src;
        PodIdentity dst;
    }

    private final int maxAggregates;
    private final Clock clock;
    private final Function<String, java.util.Optional<PodIdentity>> pods;
    private final LinkedHashMap<Key, Stats> flows;
    private final Map<FlowObservation.Verdict, Counter> observed = new EnumMap<>(FlowObservation.Verdict.class);
    private long evictions;

    public FlowAggregator(int maxAggregates, Clock clock, Function<String, java.util.Optional<PodIdentity>> pods, MeterRegistry registry) {
        if (maxAggregates < 1) {
            throw new IllegalArgumentException("netfence.agent.flows.max-aggregates must be at least 1, got " + maxAggregates);
        }
        this.maxAggregates = maxAggregates;
        this.clock = clock;
        this.pods = pods;
        // access order: a hit moves the aggregate to the end, so the eldest is the one seen least recently
        this.flows = new LinkedHashMap<>(Math.min(maxAggregates, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Stats> eldest) {
                if (size() > FlowAggregator.this.maxAggregates) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
        for (FlowObservation.Verdict v : FlowObservation.Verdict.values()) {
            observed.put(v, Counter.builder("netfence.flows.observed").tag("verdict", v.label())
                    .description("first packets of new connections observed (after the kernel's rate limits)").register(registry));
        }
        FunctionCounter.builder("netfence.flows.evictions", this, FlowAggregator::evictions)
                .description("flow aggregates evicted (least recently seen first) to stay within max-aggregates").register(registry);
        Gauge.builder("netfence.flows.aggregates", this, FlowAggregator::size).description("flow aggregates held").register(registry);
    }

    @Override
    public void accept(FlowObservation o) {
        FlowTuple t = o.tuple();
        Key key = new Key(t.srcIp(), t.dstIp(), t.dstPort(), t.protocol(), o.verdict(), o.chain());
        Instant now = clock.instant();
        observed.get(o.verdict()).increment();
        synchronized (this) {
            Stats s = flows.get(key);
            if (s == null) {
                s = new Stats();
                s.first = now;
                flows.put(key, s);
            }
            s.count++;
            s.last = now;
            // resolved on first sight (the pod that held the address then); retried while unknown
            if (s.src == null) {
                s.src = pods.apply(t.srcIp()).orElse(null);
            }
            if (s.dst == null) {
                s.dst = pods.apply(t.dstIp()).orElse(null);
            }
        }
    }

    /** A copy of every aggregate, most recently seen last. */
    public synchronized List<Aggregate> aggregates() {
        List<Aggregate> out = new ArrayList<>(flows.size());
        flows.forEach((k, s) -> out.add(new Aggregate(k, s.count, s.first, s.last, s.src, s.dst)));
        return out;
    }

    public synchronized int size() {
        return flows.size();
    }

    public synchronized long evictions() {
        return evictions;
    }

    public int maxAggregates() {
        return maxAggregates;
    }
}
