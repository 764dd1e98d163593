package io.netfence.engine.compile;

import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.Endpoint;
import io.netfence.engine.reachability.RandomCluster;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random clusters with ClusterNetworkPolicies of every kind (both tiers, all actions, tied priorities, pods /
 * namespaces / networks / nodes / domainNames / fail-closed peers, numbers, ranges, named ports) next to random
 * NetworkPolicies: a packet walked through the compiled chains and sets of the nodes it crosses must get the
 * {@link ReachabilityAnalyzer}'s verdict, for every pair of endpoints and port, and a denied packet that a Deny
 * decided must be dropped, never rejected.
 */
class CompiledClusterTiersMatchAnalyzerTest {

    private static final int SEEDS = 150;

    @Test
    void packetWalkAgreesWithAnalyzerOnRandomTieredClusters() {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        int denied = 0;
        for (long seed = 1; seed <= SEEDS && mismatches.size() < 5; seed++) {
            ClusterSnapshot snapshot = new RandomCluster(seed).snapshotWithClusterPolicies();
            // every other seed with dispatch chains of at most 2 pods: local pods reached through a prefix tree
            ClusterDataplane dataplane = new ClusterDataplane(snapshot, new NodeRulesetCompiler(
                    seed % 2 == 0 ? CompilerOptions.DEFAULTS.withDispatchBucket(2) : CompilerOptions.DEFAULTS));
            ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(snapshot);
            List<Endpoint> endpoints = RandomCluster.endpoints(snapshot);
            for (Endpoint from : endpoints) {
                for (Endpoint to : endpoints) {
                    if (from.equals(to) || from.ip().equals(to.ip()) || finished(from) || finished(to)) {
                        continue; // a finished pod's address is no longer its own
                    }
                    for (int port : RandomCluster.PORTS) {
                        for (Protocol proto : List.of(Protocol.TCP, Protocol.UDP)) {
                            boolean analyzed = analyzer.allowed(from, to, port, proto);
                            if (ambiguous(analyzer, endpoints, from, to, port, proto, analyzed)) {
                                continue;
                            }
                            boolean walked = dataplane.allowed(ref(from), node(from), isNode(from), ref(to), node(to), isNode(to),
                                    proto, port);
                            checked++;
                            if (!analyzed) {
                                denied++;
                            }
                            if (analyzed != walked) {
                                mismatches.add("seed " + seed + ": " + from.label() + " -> " + to.label() + " " + proto + "/" + port
                                        + ": analyzer " + (analyzed ? "allow" : "deny") + ", rules " + (walked ? "allow" : "deny")
                                        + "\n    " + analyzer.verdict(from, to, port, proto).describe().replace("\n", "\n    ")
                                        + "\n    " + snapshot.clusterNetworkPolicies());
                            }
                        }
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(checked).isGreaterThan(50_000);
        assertThat(denied).as("the random clusters must deny a fair share").isGreaterThan(checked / 10);
    }

    private static boolean finished(Endpoint e) {
        return e.pod() != null && ("Succeeded".equals(e.pod().phase()) || "Failed".equals(e.pod().phase()));
    }

    /**
     * The dataplane knows addresses only: a node and its host-network pods share one. Where the analyzer's verdict
     * differs between the endpoints of one address (a named port resolved on one host-network pod), the rules
     * cannot match them all, and the pair is left out.
     */
    private static boolean ambiguous(ReachabilityAnalyzer analyzer, List<Endpoint> endpoints, Endpoint from, Endpoint to,
                                     int port, Protocol proto, boolean verdict) {
        for (Endpoint other : endpoints) {
            if (other != to && other.ip().equals(to.ip()) && !finished(other) && !other.equals(from)
                    && analyzer.allowed(from, other, port, proto) != verdict) {
                return true;
            }
        }
        return false;
    }

    private static ReferenceVerdicts.Endpoint ref(Endpoint e) {
        return ReferenceVerdicts.Endpoint.of(e.pod(), e.ip());
    }

    /** Where the endpoint's packets cross netfilter: a pod's node, a node's own name, or nowhere (outside). */
    private static Optional<String> node(Endpoint e) {
        if (e.pod() != null) {
            return Optional.of(e.pod().nodeName());
        }
        return Optional.ofNullable(e.hostNode());
    }

    private static boolean isNode(Endpoint e) {
        return e.hostNode() != null;
    }
}
