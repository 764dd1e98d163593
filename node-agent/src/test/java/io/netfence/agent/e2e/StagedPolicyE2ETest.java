package io.netfence.agent.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.netfence.agent.flows.FlowAggregator;
import io.netfence.agent.flows.FlowObservation.Verdict;
import io.netfence.engine.compile.DropCounters;
import io.netfence.engine.compile.RulesetNames;
import io.netfence.engine.model.Direction;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.snapshot.StagedPolicyConverter;
import io.netfence.engine.status.NodeFirewallStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.netfence.agent.e2e.ApiObjects.namespace;
import static io.netfence.agent.e2e.MiniCluster.nodeName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * StagedNetworkPolicies on the two-node network-namespace cluster: real TCP connections, same-node and cross-node, are
 * judged exactly as without them (a staged deny-all never drops a packet), and each staged policy's would-deny counter
 * counts exactly the connections the engine's {@link ReachabilityAnalyzer#wouldDeny} names for the same probes; the
 * node's status reports the counts and the flow aggregator records would-deny flows at the staged policy's chain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StagedPolicyE2ETest extends TwoNodeAgentE2E {

    static final Path STAGED_CRD = Path.of("..", "charts", "netfence", "crds", "stagednetworkpolicies.yaml");
    static final ResourceDefinitionContext STAGED = new ResourceDefinitionContext.Builder().withGroup("netfence.io")
            .withVersion("v1alpha1").withKind("StagedNetworkPolicy").withPlural("stagednetworkpolicies").withNamespaced(true).build();

    static final String WEB = "10.77.1.20";        // shop/web on node-1: enforced ingress only from app=client; staged deny-all ingress
    static final String NEIGHBOUR = "10.77.1.21";  // guest/neighbour on node-1: not isolated today; staged deny-all ingress
    static final String CLIENT = "10.77.2.20";     // shop/client on node-2: staged deny-all egress
    static final String TENANT = "10.77.2.21";     // guest/tenant on node-2
    static final Map<String, String> IP = Map.of("web", WEB, "neighbour", NEIGHBOUR, "client", CLIENT, "tenant", TENANT);
    static final Map<String, String> NS = Map.of("web", "shop", "neighbour", "guest", "client", "shop", "tenant", "guest");

    private StagedCounters counters;

    @BeforeAll
    void setUp() {
        startCluster(STAGED_CRD);
        addShopAndGuest(ns -> Map.of(), WEB, NEIGHBOUR, CLIENT, TENANT);
        enforceWebOnlyFromClient();
        counters = new StagedCounters(cluster, DropCounters::parseStagedWouldDeny, NodeFirewallStatus::stagedWouldDeny, "NETFENCE-[SQW][IE]-");
        startAgents(n -> flowProperties(n, 34));
    }

    private static GenericKubernetesResource staged(String ns, String name, String app, String type) {
        return Serialization.unmarshal("""
                apiVersion: netfence.io/v1alpha1
                kind: StagedNetworkPolicy
                metadata: {namespace: %s, name: %s}
                spec:
                  podSelector: {matchLabels: {app: %s}}
                  policyTypes: [%s]
                """.formatted(ns, name, app, type), GenericKubernetesResource.class);
    }

    @Test
    @Order(1)
    void stagedPoliciesAreCompiledButEnforceNothing() {
        await("enforced policy in place: tenant → web denied", () -> !cluster.tcp("tenant", WEB));
        k.genericKubernetesResources(STAGED).inNamespace("shop").resource(staged("shop", "web-lockdown", "web", "Ingress")).create();
        k.genericKubernetesResources(STAGED).inNamespace("guest").resource(staged("guest", "neighbour-lockdown", "neighbour", "Ingress")).create();
        k.genericKubernetesResources(STAGED).inNamespace("shop").resource(staged("shop", "client-egress", "client", "Egress")).create();
        await("node-1 compiled the staged chains", () -> cluster.nodeOutput(1, "iptables-save -t filter")
                .contains("netfence would-deny ingress stagednetworkpolicy guest/neighbour-lockdown"));
        await("node-2 compiled the staged chains", () -> cluster.nodeOutput(2, "iptables-save -t filter")
                .contains("netfence would-deny egress stagednetworkpolicy shop/client-egress"));
        counters.assertNeverDecide();
        assertThat(agents.get(1).bean(ClusterState.class).snapshot().policies()).extracting(p -> p.key()).containsExactly("shop/web");
    }

    @Test
    @Order(2)
    void countersCountExactlyWhatTheEngineSaysWouldBeDeniedAndNothingIsDropped() {
        Map<Integer, Map<String, Long>> before = counters.onEveryNode();
        ClusterSnapshot snapshot = agents.get(1).bean(ClusterState.class).snapshot();
        assertThat(snapshot.stagedPolicies()).hasSize(3);
        ReachabilityAnalyzer engine = new ReachabilityAnalyzer(snapshot);
        List<String[]> probes = List.of(
                new String[]{"client", "web"},       // cross-node, allowed by the enforced policy: staged ingress adds up with it; staged egress would deny
                new String[]{"tenant", "web"},       // cross-node, denied today: never counted
                new String[]{"neighbour", "web"},    // same node, denied today
                new String[]{"web", "neighbour"},    // same node, allowed today, staged ingress would deny
                new String[]{"client", "neighbour"}, // cross-node, both staged policies would deny
                new String[]{"tenant", "neighbour"}, // cross-node, staged ingress would deny
                new String[]{"tenant", "client"},    // same node (node-2), no staged ingress on client
                new String[]{"client", "tenant"});   // same node (node-2), staged egress would deny
        int rounds = 3;
        Map<String, Long> expected = counters.probe(engine, probes, rounds, NS, IP, engine::wouldDeny);
        assertThat(expected).as("the probes exercise every staged policy")
                .containsEntry("guest/neighbour-lockdown", 3L * rounds).containsEntry("shop/client-egress", 3L * rounds)
                .doesNotContainKey("shop/web-lockdown");
        assertThat(counters.since(before)).as("kernel would-deny counters vs. the engine").isEqualTo(expected);
        // ingress counts on the destination's node, egress on the source's
        assertThat(counters.on(1)).containsOnlyKeys("guest/neighbour-lockdown");
        assertThat(counters.on(2)).containsOnlyKeys("shop/client-egress");
    }

    @Test
    @Order(3)
    void theStatusReportsTheCountsAndTheAggregatorTheWouldDenyFlows() {
        counters.awaitReported(agents);

        var neighbourLockdown = agents.get(1).bean(ClusterState.class).snapshot().stagedPolicy("guest", "neighbour-lockdown").orElseThrow();
        String chain = RulesetNames.stagedWouldDenyChain(neighbourLockdown, Direction.INGRESS);
        FlowAggregator flows = agents.get(1).bean(FlowAggregator.class);
        await("node-1 records tenant → neighbour as would-deny at the staged policy's chain", () -> flows.aggregates().stream()
                .anyMatch(a -> a.key().srcIp().equals(TENANT) && a.key().dstIp().equals(NEIGHBOUR)
                        && a.key().verdict() == Verdict.WOULD_DENY && a.key().chain().equals(chain)));
        // a would-deny is still an allowed connection: logged allowed too, never denied
        assertThat(flows.aggregates()).anyMatch(a -> a.key().srcIp().equals(TENANT) && a.key().dstIp().equals(NEIGHBOUR)
                && a.key().verdict() == Verdict.ALLOWED);
        assertThat(flows.aggregates()).noneMatch(a -> a.key().dstIp().equals(NEIGHBOUR) && a.key().verdict() == Verdict.DENIED);
        assertThat(flows.aggregates()).noneMatch(a -> a.key().srcIp().equals(CLIENT) && a.key().dstIp().equals(WEB)
                && a.key().verdict() == Verdict.WOULD_DENY && a.key().chain().startsWith("NETFENCE-WI-"));
        FlowAggregator flows2 = agents.get(2).bean(FlowAggregator.class);
        String egressChain = RulesetNames.stagedWouldDenyChain(
                agents.get(2).bean(ClusterState.class).snapshot().stagedPolicy("shop", "client-egress").orElseThrow(), Direction.EGRESS);
        // the staged rules (a counting rule without a target among them) are written as iptables-save prints them
        for (RunningAgent agent : agents.values()) {
            assertThat(agent.bean(io.micrometer.core.instrument.MeterRegistry.class).get("netfence.drift.repairs")
                    .functionCounter().count()).isZero();
        }
        await("node-2 records client → web as would-deny (egress)", () -> flows2.aggregates().stream()
                .anyMatch(a -> a.key().srcIp().equals(CLIENT) && a.key().dstIp().equals(WEB)
                        && a.key().verdict() == Verdict.WOULD_DENY && a.key().chain().equals(egressChain)));
    }

    /**
     * {@code node-agent render} on a dump of the API server's objects (as {@code kubectl get namespaces,nodes,pods,
     * networkpolicies,stagednetworkpolicies -A -o yaml} prints them) writes exactly what each agent applied.
     */
    @Test
    @Order(4)
    void renderOfADumpIsWhatEachAgentApplied() throws Exception {
        List<io.fabric8.kubernetes.api.model.HasMetadata> objects = new java.util.ArrayList<>();
        objects.addAll(k.namespaces().list().getItems());
        objects.addAll(k.nodes().list().getItems());
        objects.addAll(k.pods().inAnyNamespace().list().getItems());
        objects.addAll(k.network().v1().networkPolicies().inAnyNamespace().list().getItems());
        List<GenericKubernetesResource> staged = k.genericKubernetesResources(STAGED).inAnyNamespace().list().getItems();
        assertThat(staged).hasSize(3);
        objects.addAll(staged);
        Path dir = Files.createTempDirectory("netfence-render-e2e");
        try {
            Path state = Files.writeString(dir.resolve("state.yaml"), Serialization.asYaml(
                    new io.fabric8.kubernetes.api.model.KubernetesListBuilder().withItems(objects).build()));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            int exit = io.netfence.agent.cli.RenderCommand.main(List.of("--state", state.toString(), "--all-nodes",
                    "--out", dir.resolve("out").toString(), "--flow-group", "34"), new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
            assertThat(exit).as(err.toString()).isZero();
            for (int n = 1; n <= 2; n++) {
                var applied = agents.get(n).bean(io.netfence.agent.sync.NodeSynchronizer.class).appliedRuleset();
                Path node = dir.resolve("out").resolve(nodeName(n));
                assertThat(Files.readString(node.resolve("iptables.restore"))).as("node-%d iptables", n).isEqualTo(applied.iptablesRestore())
                        .contains("netfence would-deny");
                assertThat(Files.readString(node.resolve("ipset.restore"))).as("node-%d ipsets", n).isEqualTo(applied.ipsetRestore());
                assertThat(out.toString()).contains(nodeName(n) + ": ").contains("hash " + applied.hash() + " -> ");
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(5)
    void removingAStagedPolicyRemovesItsChains() {
        k.genericKubernetesResources(STAGED).inNamespace("guest").withName("neighbour-lockdown").delete();
        await("node-1 dropped the staged policy's chains", () -> !cluster.nodeOutput(1, "iptables-save -t filter")
                .contains("guest/neighbour-lockdown"));
        assertThat(cluster.tcp("web", NEIGHBOUR)).isTrue();
        assertThat(StagedPolicyConverter.KIND).isEqualTo(STAGED.getKind());
    }
}
