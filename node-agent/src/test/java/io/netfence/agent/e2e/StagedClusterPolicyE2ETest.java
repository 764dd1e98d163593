package io.netfence.agent.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.netfence.agent.flows.FlowAggregator;
import io.netfence.agent.flows.FlowObservation.Verdict;
import io.netfence.agent.status.StatusReporter;
import io.netfence.engine.compile.DropCounters;
import io.netfence.engine.compile.RulesetNames;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.status.NodeFirewallStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import static io.netfence.agent.e2e.ApiObjects.namespace;
import static io.netfence.agent.e2e.ApiObjects.node;
import static io.netfence.agent.e2e.ApiObjects.pod;
import static io.netfence.agent.e2e.MiniCluster.nodeIp;
import static io.netfence.agent.e2e.MiniCluster.nodeName;
import static io.netfence.agent.e2e.MiniCluster.podCidr;
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
class StagedClusterPolicyE2ETest {

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

    private MiniCluster cluster;
    private MockApiServer api;
    private KubernetesClient k;
    private final Map<Integer, RunningAgent> agents = new HashMap<>();

    @BeforeAll
    void setUp() throws Exception {
        cluster = new MiniCluster(2);
        api = new MockApiServer();
        k = api.admin();
        try (InputStream in = Files.newInputStream(CRD)) {
            k.apiextensions().v1().customResourceDefinitions().resource(
                    k.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
        }
        for (int n = 1; n <= 2; n++) {
            k.resource(node(nodeName(n), nodeIp(n), podCidr(n))).create();
        }
        k.resource(namespace("shop", Map.of())).create();
        k.resource(namespace("guest", Map.of())).create();
        addPod("web", 1);
        addPod("neighbour", 1);
        addPod("client", 2);
        addPod("tenant", 2);
        k.resource(ApiObjects.allowFrom("shop", "web", Map.of("app", "web"), Map.of("app", "client"), MiniCluster.TCP_PORT)).create();
        for (int n = 1; n <= 2; n++) {
            agents.put(n, RunningAgent.start(api, nodeName(n), cluster.nodeNetns(n), Map.of(
                    "netfence.agent.flows.enabled", "true",
                    "netfence.agent.flows.nflog-group", "35",
                    "netfence.agent.flows.netns", "/var/run/netns/" + cluster.nodeNetns(n))));
        }
    }

    private void addPod(String name, int node) {
        cluster.addPod(name, node, IP.get(name));
        k.resource(pod(NS.get(name), name, Map.of("app", name), nodeName(node), IP.get(name), MiniCluster.TCP_PORT)).create();
    }

    @AfterAll
    void tearDown() {
        agents.values().forEach(RunningAgent::close);
        if (api != null) {
            api.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void await(String what, BooleanSupplier probe) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (probe.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out: " + what);
    }

    /** Would-deny counts per staged cluster policy from the node's kernel counters. */
    private Map<String, Long> kernelCounts(int node) {
        Map<String, Long> out = new TreeMap<>();
        DropCounters.parseStagedClusterWouldDeny(cluster.nodeOutput(node, "iptables-save -c -t filter"))
                .forEach((key, dirs) -> dirs.values().forEach(c -> out.merge(key, c.packets(), Long::sum)));
        out.values().removeIf(c -> c == 0);
        return out;
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
        for (int n = 1; n <= 2; n++) {
            for (String line : cluster.nodeOutput(n, "iptables-save -t filter").split("\n")) {
                if (line.matches("-A NETFENCE-[SYVK][IE]-.*")) {
                    assertThat(line).as("a staged chain never decides").doesNotContain("-j DROP", "-j REJECT", "-j ACCEPT",
                            "-j NETFENCE-REJECT", "-j RETURN");
                }
            }
        }
        ClusterSnapshot snapshot = agents.get(1).bean(ClusterState.class).snapshot();
        assertThat(snapshot.clusterNetworkPolicies()).as("staged is never enforced").isEmpty();
        assertThat(snapshot.stagedClusterNetworkPolicies()).hasSize(2);
    }

    @Test
    @Order(2)
    void countersCountExactlyWhatTheEngineSaysWouldBeDeniedAndNothingIsDropped() {
        Map<Integer, Map<String, Long>> before = Map.of(1, kernelCounts(1), 2, kernelCounts(2));
        ReachabilityAnalyzer engine = new ReachabilityAnalyzer(agents.get(1).bean(ClusterState.class).snapshot());
        List<String[]> probes = List.of(
                new String[]{"client", "neighbour"}, // cross-node, allowed today: the staged Admin Deny would deny (ingress, node-1)
                new String[]{"web", "neighbour"},    // same node, allowed today: Admin Deny
                new String[]{"tenant", "client"},    // same node (node-2), allowed today: the staged Baseline Deny (egress)
                new String[]{"neighbour", "client"}, // cross-node, allowed today: Baseline Deny (egress, node-1)
                new String[]{"client", "web"},       // allowed by the enforced policy, nothing staged applies
                new String[]{"neighbour", "web"},    // same node, denied today: never counted
                new String[]{"tenant", "neighbour"});// cross-node, guest to guest: nothing staged applies
        Map<String, Long> expected = new TreeMap<>();
        int rounds = 3;
        for (int round = 0; round < rounds; round++) {
            for (String[] p : probes) {
                var from = engine.endpoint(NS.get(p[0]), p[0]);
                var to = engine.endpoint(NS.get(p[1]), p[1]);
                boolean allowed = engine.allowed(from, to, MiniCluster.TCP_PORT, Protocol.TCP);
                assertThat(cluster.tcp(p[0], IP.get(p[1]))).as(p[0] + " → " + p[1] + " as the enforced policies say").isEqualTo(allowed);
                engine.clusterWouldDeny(from, to, MiniCluster.TCP_PORT, Protocol.TCP).forEach(key -> expected.merge(key, 1L, Long::sum));
                assertThat(engine.wouldDeny(from, to, MiniCluster.TCP_PORT, Protocol.TCP)).isEmpty();
            }
        }
        assertThat(expected).as("the probes exercise both staged policies")
                .containsEntry("guest-guard", 2L * rounds).containsEntry("guest-floor", 2L * rounds);
        Map<String, Long> counted = new TreeMap<>();
        for (int n = 1; n <= 2; n++) {
            int node = n;
            kernelCounts(n).forEach((key, c) -> counted.merge(key, c - before.get(node).getOrDefault(key, 0L), Long::sum));
        }
        counted.values().removeIf(c -> c == 0);
        assertThat(counted).as("kernel would-deny counters vs. the engine").isEqualTo(expected);
        // ingress counts on the destination's node, egress on the source's
        assertThat(kernelCounts(1)).containsOnlyKeys("guest-guard", "guest-floor");
        assertThat(kernelCounts(2)).containsOnlyKeys("guest-floor");
    }

    @Test
    @Order(3)
    void theStatusReportsTheCountsAndTheAggregatorTheWouldDenyFlows() {
        Map<String, Long> node1 = kernelCounts(1);
        await("node-1's status carries the would-deny counts", () -> {
            NodeFirewallStatus s = agents.get(1).bean(StatusReporter.class).lastPublished();
            return s != null && s.stagedClusterWouldDeny().equals(node1) && s.stagedWouldDeny().isEmpty();
        });
        Map<String, Long> node2 = kernelCounts(2);
        await("node-2's status carries the would-deny counts", () -> {
            NodeFirewallStatus s = agents.get(2).bean(StatusReporter.class).lastPublished();
            return s != null && s.stagedClusterWouldDeny().equals(node2);
        });
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
