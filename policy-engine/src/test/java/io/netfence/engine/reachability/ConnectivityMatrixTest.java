package io.netfence.engine.reachability;

import io.netfence.engine.model.Protocol;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.netfence.engine.model.Protocol.TCP;
import static io.netfence.engine.truthtable.NetworkPolicies.labels;
import static io.netfence.engine.truthtable.NetworkPolicies.peers;
import static io.netfence.engine.truthtable.NetworkPolicies.pods;
import static io.netfence.engine.truthtable.NetworkPolicies.policy;
import static io.netfence.engine.truthtable.NetworkPolicies.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class ConnectivityMatrixTest {

    /** Property: on random clusters every cell equals the analyzer's per-pair verdict, for every port and protocol. */
    @Test
    void everyCellEqualsTheAnalyzersVerdictOnRandomClusters() {
        int checked = 0;
        int allowed = 0;
        for (long seed = 1; seed <= 300; seed++) {
            ClusterSnapshot snapshot = new RandomCluster(seed).snapshot();
            ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);
            List<Endpoint> endpoints = RandomCluster.endpoints(snapshot);
            for (int port : RandomCluster.PORTS) {
                for (Protocol proto : List.of(Protocol.TCP, Protocol.UDP)) {
                    ConnectivityMatrix m = ConnectivityMatrix.compute(snapshot, endpoints, port, proto);
                    for (int i = 0; i < endpoints.size(); i++) {
                        for (int j = 0; j < endpoints.size(); j++) {
                            ReachabilityVerdict v = analyzer.verdict(endpoints.get(i), endpoints.get(j), port, proto);
                            if (v.allowed() != m.allowed(i, j)) {
                                fail("seed " + seed + ": matrix says " + m.allowed(i, j) + " but the analyzer says\n" + v.describe()
                                        + "\npolicies: " + snapshot.policies());
                            }
                            checked++;
                            allowed += v.allowed() ? 1 : 0;
                        }
                    }
                }
            }
        }
        // the generator must produce both outcomes in quantity, or the property proves little
        assertThat(allowed).isBetween(checked / 10, checked - checked / 10);
    }

    /** Multi-word bit sets (more than 64 endpoints) on the realistic generator, dual-stack, several ports. */
    @Test
    void everyCellEqualsTheAnalyzersVerdictOnALargerSyntheticCluster() {
        ClusterSnapshot snapshot = SyntheticCluster.generate(new SyntheticCluster.Params(150, 30, 4, 6, 0.3, 7));
        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);
        List<Endpoint> endpoints = ConnectivityMatrix.podEndpoints(snapshot);
        assertThat(endpoints.size()).isGreaterThan(130);
        for (String probe : List.of("tcp:8080", "tcp:9090", "tcp:5432", "udp:53", "tcp:8050")) {
            Protocol proto = Protocol.valueOf(probe.substring(0, 3).toUpperCase(java.util.Locale.ROOT));
            int port = Integer.parseInt(probe.substring(4));
            ConnectivityMatrix m = ConnectivityMatrix.compute(snapshot, endpoints, port, proto);
            long allowed = 0;
            for (int i = 0; i < endpoints.size(); i++) {
                for (int j = 0; j < endpoints.size(); j++) {
                    boolean expected = analyzer.allowed(endpoints.get(i), endpoints.get(j), port, proto);
                    if (expected != m.allowed(i, j)) {
                        fail(probe + ": matrix says " + m.allowed(i, j) + " but the analyzer says\n"
                                + analyzer.verdict(endpoints.get(i), endpoints.get(j), port, proto).describe());
                    }
                    allowed += expected ? 1 : 0;
                }
            }
            assertThat(m.allowedCount()).isEqualTo(allowed);
        }
    }

    @Test
    void rectangularMatrixRendersAndExplainsOnDemand() {
        TestCluster c = new TestCluster()
                .namespace("x", Map.of())
                .pod("x", "a", Map.of("pod", "a"), "10.0.0.1", "n1")
                .pod("x", "b", Map.of("pod", "b"), "10.0.0.2", "n1")
                .policy(policy("x", "b-from-a").select(labels("pod", "b")).ingress(peers(pods(labels("pod", "a"))), tcp(80)).build());
        ClusterSnapshot s = c.snapshot();
        List<Endpoint> pods = ConnectivityMatrix.podEndpoints(s);
        List<Endpoint> sources = List.of(pods.get(0), pods.get(1), Endpoint.ip("1.1.1.1"));
        ConnectivityMatrix m = ConnectivityMatrix.compute(s, sources, pods, 80, TCP);
        assertThat(m.render().lines().map(String::stripTrailing)).containsExactly(
                "TCP/80  x/a x/b",
                "x/a     .   .",
                "x/b     .   .",
                "1.1.1.1 .   X");
        assertThat(m.allowedCount()).isEqualTo(5);
        ConnectivityMatrix on81 = ConnectivityMatrix.compute(s, sources, pods, 81, TCP);
        assertThat(on81.allowed(0, 1)).isFalse();
        assertThat(on81.allowedCount()).isEqualTo(4);
        assertThat(m.explain(1, 1).ingress().outcome()).isEqualTo(SideExplanation.Outcome.LOOPBACK);
        assertThat(m.explain(2, 1).describe()).contains("DENIED 1.1.1.1 → x/b (10.0.0.2) TCP/80");
    }
}
