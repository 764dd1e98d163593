package io.netfence.engine.compile;

import io.netfence.engine.compile.ReferenceVerdicts.Endpoint;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.synthetic.RandomPolicies;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For random clusters, a packet walked through every node's compiled chains and sets must get the verdict the
 * engine's {@link ReachabilityAnalyzer} gives (and an independent plain statement of the semantics agrees too), for every pair of pods, nodes and outside addresses, on every probed port, in
 * both address families.
 */
class CompiledRulesMatchSemanticsTest {

    record Site(String label, Endpoint endpoint, Optional<String> node, boolean isNode,
                io.netfence.engine.reachability.Endpoint analyzerEndpoint) {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void realisticPoliciesPacketWalkAgreesWithSemantics(long seed) {
        ClusterSnapshot snapshot = SyntheticCluster.generate(new SyntheticCluster.Params(16, 10, 3, 3, 0.4, seed));
        assertAgreement(snapshot, SyntheticCluster.probePorts(), seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120,
            121, 122, 123, 124, 125, 126, 127, 128, 129, 130})
    void randomPoliciesPacketWalkAgreesWithSemantics(long seed) {
        ClusterSnapshot base = SyntheticCluster.generate(new SyntheticCluster.Params(14, 0, 3, 3, 0.5, seed));
        assertAgreement(RandomPolicies.replacePolicies(base, 8, seed), RandomPolicies.probePorts(), seed);
    }

    private static void assertAgreement(ClusterSnapshot snapshot, java.util.Set<String> probePorts, long seed) {
        // odd seeds with dispatch chains of at most 2 pods: local pods reached through a prefix tree
        ClusterDataplane dataplane = new ClusterDataplane(snapshot, new NodeRulesetCompiler(
                seed % 2 == 1 ? CompilerOptions.DEFAULTS.withDispatchBucket(2) : CompilerOptions.DEFAULTS));
        ReferenceVerdicts reference = new ReferenceVerdicts(snapshot);
        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);

        List<Site> sites = new ArrayList<>();
        for (PodInfo p : snapshot.pods()) {
            for (String ip : p.ips()) {
                sites.add(new Site(p.key() + "@" + ip, Endpoint.of(p, ip), Optional.of(p.nodeName()), false,
                        io.netfence.engine.reachability.Endpoint.pod(p, ip)));
            }
        }
        for (NodeInfo n : snapshot.nodes()) {
            for (String ip : n.addresses()) {
                sites.add(new Site(n.name() + "@" + ip, Endpoint.of(null, ip), Optional.of(n.name()), true,
                        io.netfence.engine.reachability.Endpoint.nodeAddress(n.name(), ip)));
            }
        }
        for (String ip : List.of("203.0.113.7", "10.100.250.9", "8.8.8.8", "fd00:10:ff::99", "2001:db8::1")) {
            sites.add(new Site("outside@" + ip, Endpoint.of(null, ip), Optional.empty(), false,
                    io.netfence.engine.reachability.Endpoint.ip(ip)));
        }

        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Site from : sites) {
            for (Site to : sites) {
                if (from == to || from.node().isEmpty() && to.node().isEmpty()
                        || IpFamily.of(from.endpoint().ip()) != IpFamily.of(to.endpoint().ip())) {
                    continue;
                }
                for (String probe : probePorts) {
                    String[] pp = probe.split(":");
                    Protocol proto = Protocol.valueOf(pp[0].toUpperCase(Locale.ROOT));
                    int port = Integer.parseInt(pp[1]);
                    boolean expected = reference.allowed(from.endpoint(), to.endpoint(), proto, port);
                    boolean actual = dataplane.allowed(from.endpoint(), from.node(), from.isNode(), to.endpoint(), to.node(),
                            to.isNode(), proto, port);
                    boolean analyzed = analyzer.allowed(from.analyzerEndpoint(), to.analyzerEndpoint(), port, proto);
                    checked++;
                    if (analyzed != actual) {
                        mismatches.add(from.label() + " -> " + to.label() + " " + probe + ": ReachabilityAnalyzer "
                                + (analyzed ? "allow" : "deny") + ", rules " + (actual ? "allow" : "deny") + "\n    "
                                + analyzer.verdict(from.analyzerEndpoint(), to.analyzerEndpoint(), port, proto).describe().replace("\n", "\n    "));
                    } else if (expected != actual) {
                        mismatches.add(from.label() + " -> " + to.label() + " " + probe + ": semantics "
                                + (expected ? "allow" : "deny") + ", rules " + (actual ? "allow" : "deny"));
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
        assertThat(mismatches).as("seed %d, policies:%n%s", seed, snapshot.policies()).isEmpty();
    }
}
