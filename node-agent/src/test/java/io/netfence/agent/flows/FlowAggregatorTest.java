package io.netfence.agent.flows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netfence.agent.flows.FlowObservation.Verdict;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.PodOwner;
import io.netfence.engine.snapshot.ClusterState;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowAggregatorTest {

    private final MutableClock clock = new MutableClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ClusterState state = new ClusterState();
    private final AtomicLong nanos = new AtomicLong();
    private final PodDirectory directory = new PodDirectory(state, Duration.ofSeconds(1), nanos::get);

    private static FlowObservation flow(Verdict v, String src, String dst, int sport, int dport) {
        return new FlowObservation(v, v == Verdict.ALLOWED ? "NETFENCE-FORWARD" : "NETFENCE-IN-0bc001f3d4c08096",
                new FlowTuple(src, dst, "tcp", sport, dport));
    }

    private static PodInfo pod(String ns, String name, String ip, PodOwner owner, Map<String, String> labels) {
        return new PodInfo(ns, name, labels, List.of(ip), "n1", false, "Running", List.of(), owner);
    }

    @Test
    void countsConnectionsPerKeyWithFirstAndLastSeenAndIgnoresTheSourcePort() {
        FlowAggregator agg = new FlowAggregator(100, clock, directory::lookup, registry);
        agg.accept(flow(Verdict.ALLOWED, "10.0.0.1", "10.0.0.2", 40000, 80));
        clock.advance(Duration.ofSeconds(5));
        agg.accept(flow(Verdict.ALLOWED, "10.0.0.1", "10.0.0.2", 40001, 80));
        agg.accept(flow(Verdict.DENIED, "10.0.0.1", "10.0.0.2", 40002, 80));
        assertThat(agg.aggregates()).hasSize(2);
        FlowAggregator.Aggregate allowed = agg.aggregates().stream().filter(a -> a.key().verdict() == Verdict.ALLOWED).findFirst().orElseThrow();
        assertThat(allowed.count()).isEqualTo(2);
        assertThat(allowed.firstSeen()).isEqualTo(MutableClock.START);
        assertThat(allowed.lastSeen()).isEqualTo(MutableClock.START.plusSeconds(5));
        assertThat(registry.get("netfence.flows.observed").tag("verdict", "allowed").counter().count()).isEqualTo(2);
        assertThat(registry.get("netfence.flows.observed").tag("verdict", "denied").counter().count()).isEqualTo(1);
    }

    @Test
    void boundedByEvictingTheLeastRecentlySeenAndCountingEvictions() {
        FlowAggregator agg = new FlowAggregator(3, clock, ip -> java.util.Optional.empty(), registry);
        agg.accept(flow(Verdict.ALLOWED, "10.0.0.1", "10.0.0.9", 1, 80));
        agg.accept(flow(Verdict.ALLOWED, "10.0.0.2", "10.0.0.9", 1, 80));
        agg.accept(flow(Verdict.ALLOWED, "10.0.0.3", "10.0.0.9", 1, 80));
        agg.accept(flow(Verdict.ALLOWED, "10.0.0.1", "10.0.0.9", 2, 80)); // .1 seen again: now the freshest
        agg.accept(flow(Verdict.ALLOWED, "10.0.0.4", "10.0.0.9", 1, 80)); // evicts .2
        agg.accept(flow(Verdict.ALLOWED, "10.0.0.5", "10.0.0.9", 1, 80)); // evicts .3
        assertThat(agg.aggregates()).extracting(a -> a.key().srcIp()).containsExactly("10.0.0.1", "10.0.0.4", "10.0.0.5");
        assertThat(agg.aggregates().get(0).count()).isEqualTo(2);
        assertThat(agg.evictions()).isEqualTo(2);
        assertThat(registry.get("netfence.flows.evictions").functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("netfence.flows.aggregates").gauge().value()).isEqualTo(3);
        assertThatThrownBy(() -> new FlowAggregator(0, clock, ip -> java.util.Optional.empty(), new SimpleMeterRegistry()))
                .hasMessageContaining("netfence.agent.flows.max-aggregates");
    }

    @Test
    void resolvesPodsToNamespaceNameAndWorkload() {
        state.upsertPod(pod("shop", "web-7d4b9-x2x", "10.0.0.1", new PodOwner("ReplicaSet", "web-7d4b9"), Map.of("pod-template-hash", "7d4b9")));
        state.upsertPod(pod("shop", "db-0", "fd00::a1", new PodOwner("StatefulSet", "db"), Map.of()));
        state.upsertPod(pod("tools", "debug", "10.0.0.3", null, Map.of("app", "toolbox")));
        FlowAggregator agg = new FlowAggregator(100, clock, directory::lookup, registry);
        agg.accept(flow(Verdict.ALLOWED, "10.0.0.1", "fd00::a1", 1, 5432));
        agg.accept(flow(Verdict.DENIED, "10.0.0.3", "8.8.8.8", 1, 53));
        List<FlowAggregator.Aggregate> a = agg.aggregates();
        assertThat(a.get(0).source()).isEqualTo(new PodIdentity("shop", "web-7d4b9-x2x", "Deployment", "web"));
        assertThat(a.get(0).destination()).isEqualTo(new PodIdentity("shop", "db-0", "StatefulSet", "db"));
        assertThat(a.get(1).source()).isEqualTo(new PodIdentity("tools", "debug", "App", "toolbox"));
        assertThat(a.get(1).destination()).isNull(); // outside the cluster
    }

    @Test
    void aPodCreatedAfterTheIndexIsFoundOnItsFirstFlowAndAnAddressKeepsItsFirstOwner() {
        state.upsertPod(pod("shop", "a", "10.0.0.1", null, Map.of()));
        FlowAggregator agg = new FlowAggregator(100, clock, directory::lookup, registry);
        agg.accept(flow(Verdict.ALLOWED, "10.0.0.1", "10.0.0.2", 1, 80));
        assertThat(agg.aggregates().get(0).destination()).isNull();
        state.upsertPod(pod("shop", "b", "10.0.0.2", null, Map.of()));
        agg.accept(flow(Verdict.ALLOWED, "10.0.0.1", "10.0.0.2", 2, 80));
        assertThat(agg.aggregates().get(0).destination()).isEqualTo(new PodIdentity("shop", "b", "Pod", "b"));
        // the address moves to another pod: the aggregate keeps who it was first seen with
        state.removePod("shop", "b");
        state.upsertPod(pod("shop", "c", "10.0.0.2", null, Map.of()));
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        agg.accept(flow(Verdict.ALLOWED, "10.0.0.1", "10.0.0.2", 3, 80));
        assertThat(agg.aggregates().get(0).destination().name()).isEqualTo("b");
        assertThat(directory.lookup("10.0.0.2")).map(PodIdentity::name).contains("c");
    }

    static final class MutableClock extends Clock {
        static final Instant START = Instant.parse("2026-12-01T03:00:00Z");
        private Instant now = START;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
