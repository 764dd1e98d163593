package io.netfence.agent.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.netfence.agent.flows.FlowAggregator;
import io.netfence.agent.flows.FlowObservation.Verdict;
import io.netfence.agent.status.StatusReporter;
import io.netfence.engine.compile.DropCounters;
import io.netfence.engine.compile.RulesetNames;
import io.netfence.engine.model.Direction;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.status.NodeFirewallStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.netfence.agent.e2e.ApiObjects.namespace;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * StagedClusterNetworkPolicies on the two-node network-namespace cluster: a staged Admin-tier Deny and a staged Baseline
 * Deny never drop a packet (real TCP connections, same-node and cross-node, judged exactly as without them), and each
 * one's would-deny counter counts exactly the connections the engine's {@link ReachabilityAnalyzer#clusterWouldDeny}
 * names for the same probes; the node's status reports them in {@code stagedClusterWouldDeny} and the flow aggregator
 * records would-deny flows at the staged policy's counter chain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StagedClusterPolicyE2ETest extends TwoNodeAgentE2E {

    static final Path CRD = Path.of("..", "charts", "netfence", "crds", "stagedclusternetworkpolicies.yaml");
    static final ResourceDefinitionContext STAGED = new ResourceDefinitionContext.Builder().withGroup("netfence.io")
            .withVersion("v1alpha1").withKind("StagedClusterNetworkPolicy").withPlural("stagedclusternetworkpolicies")
            .withNamespaced(false).build();

    static final String WEB = "10.77.1.30";        // shop/web on node-1: enforced ingress only from app=client
    static final String NEIGHBOUR = "10.77.1.31";  // guest/neighbour on node-1
    static final String CLIENT = "10.77.2.30";     // shop/client on node-2
    static final String TENANT = "10.77.2.31";     // guest/tenant on node-2
    static final Map<String, String> IP = Map.of("web", WEB, "neighbour", NEIGHBOUR, "client", CLIENT, "tenant", TENANT);
    static final Map<String, String> NS = Map.of("web", "shop", "neighbour", "guest", "client", "shop", "tenant", "guest");

    /** Admin: guest's pods would refuse connections from shop. */
    static final String GUARD = """
            apiVersion: netfence.io/v1alpha1
            kind: StagedClusterNetworkPolicy
            metadata: {name: guest-guard}
            spec:
              tier: Admin
              priority: 10
              subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: guest}}}
              ingress:
              - name: no-shop
                action: Deny
                from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}]
            """;
    /** Baseline: guest's pods would not open connections to shop (where no NetworkPolicy isolates their egress). */
    static final String FLOOR = """
            apiVersion: netfence.io/v1alpha1
            kind: StagedClusterNetworkPolicy
            metadata: {name: guest-floor}
            spec:
              tier: Baseline
              priority: 5
              subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: guest}}}
              egress:
              - action: Deny
                to: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}]
            """;

    private StagedCounters counters;

    @BeforeAll
    void setUp() {
        startCluster(CRD);
        addShopAndGuest(ns -> Map.of(), WEB, NEIGHBOUR, CLIENT, TENANT);
        enforceWebOnlyFromClient();
        counters = new StagedCounters(cluster, DropCounters::parseStagedClusterWouldDeny, NodeFirewallStatus::stagedClusterWouldDeny,
                "NETFENCE-[SYVK][IE]-");
        startAgents(n -> flowProperties(n, 35));
    }

    @Test
    @Order(1)
    void stagedClusterPoliciesAreCompiledButEnforceNothing() {
        await("enforced policy in place: tenant → web denied", () -> !cluster.tcp("tenant", WEB));
        k.genericKubernetesResources(STAGED).resource(Serialization.unmarshal(GUARD, GenericKubernetesResource.class)).create();
        k.genericKubernetesResources(STAGED).resource(Serialization.unmarshal(FLOOR, GenericKubernetesResource.class)).create();
        await("node-1 compiled the staged chains", () -> cluster.nodeOutput(1, "iptables-save -t filter")
                .contains("netfence would-deny ingress stagedclusternetworkpolicy guest-guard"));
        await("node-2 compiled the staged chains", () -> cluster.nodeOutput(2, "iptables-save -t filter")
                .contains("netfence would-deny egress stagedclusternetworkpolicy guest-floor"));
        counters.assertNeverDecide();
        ClusterSnapshot snapshot = agents.get(1).bean(ClusterState.class).snapshot();
        assertThat(snapshot.clusterNetworkPolicies()).as("staged is never enforced").isEmpty();
        assertThat(snapshot.stagedClusterNetworkPolicies()).hasSize(2);
    }

    @Test
    @Order(2)
    void countersCountExactlyWhatTheEngineSaysWouldBeDeniedAndNothingIsDropped() {
        Map<Integer, Map<String, Long>> before = counters.onEveryNode();
        ReachabilityAnalyzer engine = new ReachabilityAnalyzer(agents.get(1).bean(ClusterState.class).snapshot());
        List<String[]> probes = List.of(
                new String[]{"client", "neighbour"}, // cross-node, allowed today: the staged Admin Deny would deny (ingress, node-1)
                new String[]{"web", "neighbour"},    // same node, allowed today: Admin Deny
                new String[]{"tenant", "client"},    // same node (node-2), allowed today: the staged Baseline Deny (egress)
                new String[]{"neighbour", "client"}, // cross-node, allowed today: Baseline Deny (egress, node-1)
                new String[]{"client", "web"},       // allowed by the enforced policy, nothing staged applies
                new String[]{"neighbour", "web"},    // same node, denied today: never counted
                new String[]{"tenant", "neighbour"});// cross-node, guest to guest: nothing staged applies
        int rounds = 3;
        Map<String, Long> expected = counters.probe(engine, probes, rounds, NS, IP, (from, to, port, protocol) -> {
            assertThat(engine.wouldDeny(from, to, port, protocol)).as("no staged NetworkPolicy here").isEmpty();
            return engine.clusterWouldDeny(from, to, port, protocol);
        });
        assertThat(expected).as("the probes exercise both staged policies")
                .containsEntry("guest-guard", 2L * rounds).containsEntry("guest-floor", 2L * rounds);
        assertThat(counters.since(before)).as("kernel would-deny counters vs. the engine").isEqualTo(expected);
        // ingress counts on the destination's node, egress on the source's
        assertThat(counters.on(1)).containsOnlyKeys("guest-guard", "guest-floor");
        assertThat(counters.on(2)).containsOnlyKeys("guest-floor");
    }

    @Test
    @Order(3)
    void theStatusReportsTheCountsAndTheAggregatorTheWouldDenyFlows() {
        counters.awaitReported(agents);
        assertThat(agents.get(1).bean(StatusReporter.class).lastPublished().stagedWouldDeny()).as("no staged NetworkPolicy").isEmpty();
        String chain = RulesetNames.stagedClusterWouldDenyChain("guest-guard", Direction.INGRESS);
        FlowAggregator flows = agents.get(1).bean(FlowAggregator.class);
        await("node-1 records client → neighbour as would-deny at the staged policy's counter chain", () -> flows.aggregates().stream()
                .anyMatch(a -> a.key().srcIp().equals(CLIENT) && a.key().dstIp().equals(NEIGHBOUR)
                        && a.key().verdict() == Verdict.WOULD_DENY && a.key().chain().equals(chain)));
        assertThat(agents.get(1).bean(io.netfence.agent.sync.NodeSynchronizer.class).appliedRuleset().origin(chain).orElseThrow())
                .contains("staged ClusterNetworkPolicy guest-guard");
        assertThat(flows.aggregates()).anyMatch(a -> a.key().srcIp().equals(CLIENT) && a.key().dstIp().equals(NEIGHBOUR)
                && a.key().verdict() == Verdict.ALLOWED);
        assertThat(flows.aggregates()).noneMatch(a -> a.key().dstIp().equals(NEIGHBOUR) && a.key().verdict() == Verdict.DENIED);
        String egressChain = RulesetNames.stagedClusterWouldDenyChain("guest-floor", Direction.EGRESS);
        FlowAggregator flows2 = agents.get(2).bean(FlowAggregator.class);
        await("node-2 records tenant → client as would-deny (egress)", () -> flows2.aggregates().stream()
                .anyMatch(a -> a.key().srcIp().equals(TENANT) && a.key().dstIp().equals(CLIENT)
                        && a.key().verdict() == Verdict.WOULD_DENY && a.key().chain().equals(egressChain)));
        for (RunningAgent agent : agents.values()) {
            assertThat(agent.bean(io.micrometer.core.instrument.MeterRegistry.class).get("netfence.drift.repairs")
                    .functionCounter().count()).as("the staged chains are written as iptables-save prints them").isZero();
        }
    }

    @Test
    @Order(4)
    void removingAStagedClusterPolicyRemovesItsChains() {
        k.genericKubernetesResources(STAGED).withName("guest-guard").delete();
        await("node-1 dropped the staged policy's chains", () -> !cluster.nodeOutput(1, "iptables-save -t filter")
                .contains("stagedclusternetworkpolicy guest-guard"));
        assertThat(cluster.tcp("client", NEIGHBOUR)).isTrue();
        assertThat(cluster.nodeOutput(1, "iptables-save -t filter")).contains("stagedclusternetworkpolicy guest-floor");
    }
}
