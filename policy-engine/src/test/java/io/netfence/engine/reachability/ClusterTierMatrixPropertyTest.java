package io.netfence.engine.reachability;

import io.netfence.engine.model.Protocol;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Property: with ClusterNetworkPolicies in both tiers, every matrix cell equals the analyzer's per-pair verdict. */
class ClusterTierMatrixPropertyTest {

    @Test
    void everyCellEqualsTheAnalyzersVerdictOnRandomClustersWithClusterNetworkPolicies() {
        int checked = 0;
        int allowed = 0;
        int decidedByTiers = 0;
        int baselineDecided = 0;
        int passed = 0;
        for (long seed = 1; seed <= 300; seed++) {
            ClusterSnapshot snapshot = new RandomCluster(seed).snapshotWithClusterPolicies();
            ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);
            List<Endpoint> endpoints = RandomCluster.endpoints(snapshot);
            for (int port : RandomCluster.PORTS) {
                for (Protocol proto : List.of(Protocol.TCP, Protocol.UDP)) {
                    ConnectivityMatrix m = ConnectivityMatrix.compute(snapshot, endpoints, port, proto);
                    for (int i = 0; i < endpoints.size(); i++) {
                        for (int j = 0; j < endpoints.size(); j++) {
                            ReachabilityVerdict v = analyzer.verdict(endpoints.get(i), endpoints.get(j), port, proto);
                            if (v.allowed() != m.allowed(i, j)) {
                                fail("seed " + seed + " " + proto + "/" + port + ": matrix says " + m.allowed(i, j)
                                        + " but the analyzer says\n" + v.describe()
                                        + "\ncluster policies: " + snapshot.clusterNetworkPolicies() + "\npolicies: " + snapshot.policies());
                            }
                            checked++;
                            allowed += v.allowed() ? 1 : 0;
                            decidedByTiers += v.egress().decidingClusterRule().isPresent() || v.ingress().decidingClusterRule().isPresent() ? 1 : 0;
                            for (SideExplanation side : List.of(v.egress(), v.ingress())) {
                                baselineDecided += side.outcome() == SideExplanation.Outcome.BASELINE_ACCEPTED
                                        || side.outcome() == SideExplanation.Outcome.BASELINE_DENIED ? 1 : 0;
                                passed += side.clusterRules().stream().anyMatch(r -> r.action() == io.netfence.engine.model.ClusterPolicyAction.PASS) ? 1 : 0;
                            }
                        }
                    }
                }
            }
        }
        // both outcomes in quantity, and the tiers deciding a good share, or the property proves little
        assertThat(allowed).isBetween(checked / 10, checked - checked / 10);
        assertThat(decidedByTiers).isGreaterThan(checked / 10);
        assertThat(baselineDecided).isGreaterThan(checked / 50);
        assertThat(passed).isGreaterThan(checked / 50);
    }

    /** Multi-word bit sets, dual-stack, several ports, on the synthetic cluster with its seeded ClusterNetworkPolicies. */
    @Test
    void everyCellEqualsTheAnalyzersVerdictOnTheSyntheticClusterWithClusterPolicies() {
        ClusterSnapshot snapshot = io.netfence.engine.synthetic.SyntheticClusterPolicies.withClusterPolicies(
                io.netfence.engine.synthetic.SyntheticCluster.generate(new io.netfence.engine.synthetic.SyntheticCluster.Params(150, 30, 4, 6, 0.3, 7)), 24, 7);
        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);
        List<Endpoint> endpoints = ConnectivityMatrix.podEndpoints(snapshot);
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
            assertThat(allowed).isPositive();
        }
    }
}
