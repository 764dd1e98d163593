package io.netfence.agent.e2e;

import io.micrometer.core.instrument.MeterRegistry;
import io.netfence.agent.flows.FlowAggregator;
import io.netfence.agent.flows.FlowAggregator.Aggregate;
import io.netfence.agent.flows.FlowObservation.Verdict;
import io.netfence.agent.flows.NflogReader;
import io.netfence.agent.flows.PodIdentity;
import io.netfence.engine.compile.NodeRulesetCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.netfence.agent.e2e.ApiObjects.namespace;
import static io.netfence.agent.e2e.ApiObjects.pod;
import static io.netfence.agent.e2e.MiniCluster.nodeIp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flow observation on the two-node network-namespace cluster: two agents with {@code netfence.agent.flows.enabled}
 * compile the flow NFLOG rules, read them in their node's namespace and aggregate real TCP connections, allowed and
 * denied, same-node and cross-node, with the pods behind the addresses; a flood of new connections is cut by the
 * kernel's per-pair limit while other flows keep being observed. Steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlowObservationE2ETest extends TwoNodeAgentE2E {

    static final String WEB = "10.77.1.20";        // shop/web on node-1: ingress only from app=client on 8080
    static final String NEIGHBOUR = "10.77.1.21";  // guest/neighbour on node-1
    static final String CLIENT = "10.77.2.20";     // shop/client on node-2
    static final String TENANT = "10.77.2.21";     // guest/tenant on node-2
    static final int PAIR_PER_SECOND = 5;
    static final int PAIR_BURST = 10;

    @BeforeAll
    void setUp() {
        startCluster();
        addShopAndGuest(ns -> Map.of(), WEB, NEIGHBOUR, CLIENT, TENANT);
        enforceWebOnlyFromClient();
        startAgents(n -> flowProperties(n, 33, Map.of(
                "netfence.agent.flows.pair-per-second", String.valueOf(PAIR_PER_SECOND),
                "netfence.agent.flows.pair-burst", String.valueOf(PAIR_BURST))));
    }

    private FlowAggregator flows(int node) {
        return agents.get(node).bean(FlowAggregator.class);
    }

    private Optional<Aggregate> flow(int node, String src, String dst, Verdict verdict) {
        return flows(node).aggregates().stream().filter(a -> a.key().srcIp().equals(src) && a.key().dstIp().equals(dst)
                && a.key().dstPort() == MiniCluster.TCP_PORT && a.key().protocol().equals("tcp") && a.key().verdict() == verdict).findFirst();
    }

    private long count(int node, String src, String dst, Verdict verdict) {
        return flow(node, src, dst, verdict).map(Aggregate::count).orElse(0L);
    }

    private static PodIdentity app(String ns, String name) {
        return new PodIdentity(ns, name, "App", name);
    }

    @Test
    @Order(1)
    void agentsEnforceAndListen() {
        await("policy enforced: guest/neighbour → shop/web denied", () -> !cluster.tcp("neighbour", WEB));
        Map<Integer, List<String>> local = Map.of(1, List.of(WEB, NEIGHBOUR), 2, List.of(CLIENT, TENANT));
        for (int n = 1; n <= 2; n++) {
            int node = n;
            await("node-" + n + " has the flow rules and its pods in the local pod set", () -> {
                String localSet = cluster.nodeOutput(node, "ipset list | sed -n '/^Name: nfl-/,/^$/p'");
                return cluster.nodeOutput(node, "iptables-save -t filter").contains("--nflog-prefix \"netfence flow allow NETFENCE-FORWARD\"")
                        && local.get(node).stream().allMatch(localSet::contains);
            });
        }
        await("both readers bound", () -> agents.values().stream().allMatch(a -> a.bean(NflogReader.class).listening()));
        assertThat(agents.get(1).bean(NodeRulesetCompiler.class).options().flows()).isTrue();
    }

    @Test
    @Order(2)
    void allowedAndDeniedConnectionsAppearWithVerdictAndPods() {
        assertThat(cluster.tcp("client", WEB)).as("cross-node, allowed").isTrue();
        assertThat(cluster.tcp("tenant", WEB)).as("cross-node, denied").isFalse();
        assertThat(cluster.tcp("neighbour", WEB)).as("same node, denied").isFalse();
        assertThat(cluster.tcp("web", NEIGHBOUR)).as("same node, allowed").isTrue();
        String webIngress = io.netfence.engine.compile.RulesetNames.podIngressChain(
                new io.netfence.engine.model.PodInfo("shop", "web", Map.of(), List.of(WEB), "node-1", false, "Running", List.of()));

        await("node-1 sees client → web allowed", () -> flow(1, CLIENT, WEB, Verdict.ALLOWED).isPresent());
        Aggregate allowed = flow(1, CLIENT, WEB, Verdict.ALLOWED).orElseThrow();
        assertThat(allowed.key().chain()).isEqualTo(NodeRulesetCompiler.FORWARD_CHAIN);
        assertThat(allowed.source()).isEqualTo(app("shop", "client"));
        assertThat(allowed.destination()).isEqualTo(app("shop", "web"));

        await("node-1 sees tenant → web denied", () -> flow(1, TENANT, WEB, Verdict.DENIED).isPresent());
        Aggregate crossDenied = flow(1, TENANT, WEB, Verdict.DENIED).orElseThrow();
        assertThat(crossDenied.key().chain()).isEqualTo(webIngress);
        assertThat(crossDenied.source()).isEqualTo(app("guest", "tenant"));
        assertThat(crossDenied.destination()).isEqualTo(app("shop", "web"));
        assertThat(flow(1, TENANT, WEB, Verdict.ALLOWED)).as("a denied connection is never also allowed").isEmpty();

        await("node-1 sees neighbour → web denied (same node)", () -> flow(1, NEIGHBOUR, WEB, Verdict.DENIED).isPresent());
        assertThat(flow(1, NEIGHBOUR, WEB, Verdict.DENIED).orElseThrow().source()).isEqualTo(app("guest", "neighbour"));
        await("node-1 sees web → neighbour allowed (same node), once per connection",
                () -> flow(1, WEB, NEIGHBOUR, Verdict.ALLOWED).isPresent());
        assertThat(count(1, WEB, NEIGHBOUR, Verdict.ALLOWED)).isEqualTo(1);

        // the source's node sees the egress side: neither client nor tenant is isolated for egress
        await("node-2 sees client → web and tenant → web leave allowed",
                () -> flow(2, CLIENT, WEB, Verdict.ALLOWED).isPresent() && flow(2, TENANT, WEB, Verdict.ALLOWED).isPresent());
        assertThat(flow(2, TENANT, WEB, Verdict.ALLOWED).orElseThrow().source()).isEqualTo(app("guest", "tenant"));
        assertThat(flows(2).aggregates()).noneMatch(a -> a.key().verdict() == Verdict.DENIED);
        // only first packets: one connection, one count (its data and FIN packets are established)
        assertThat(count(1, CLIENT, WEB, Verdict.ALLOWED)).isEqualTo(1);
        // the node's own probes are not flows
        assertThat(cluster.tcpFromNode(1, WEB)).isTrue();
        assertThat(flows(1).aggregates()).noneMatch(a -> a.key().srcIp().equals(nodeIp(1)));
    }

    @Test
    @Order(3)
    void aFloodIsRateLimitedInTheKernelAndOtherFlowsKeepBeingObserved() throws Exception {
        long tenantBefore = count(1, TENANT, WEB, Verdict.DENIED);
        long clientBefore = count(1, CLIENT, WEB, Verdict.ALLOWED);
        int aggregatesBefore = flows(1).size();
        int attempts = 400;
        long t0 = System.nanoTime();
        Thread flood = new Thread(() -> cluster.podThread("tenant").call(() -> {
            for (int i = 0; i < attempts; i++) {
                try (SocketChannel ch = SocketChannel.open()) {
                    ch.connect(new InetSocketAddress(WEB, MiniCluster.TCP_PORT));
                } catch (IOException refused) {
                    // the reject: the flood is denied
                }
            }
            return null;
        }), "flood");
        flood.start();
        // while the flood runs, another pair's connections are still logged (its own hashlimit bucket)
        assertThat(cluster.tcp("client", WEB)).isTrue();
        assertThat(cluster.tcp("neighbour", WEB)).isFalse();
        flood.join(60_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        await("client → web during the flood observed", () -> count(1, CLIENT, WEB, Verdict.ALLOWED) == clientBefore + 1);
        Thread.sleep(500); // let the last batch arrive
        long logged = count(1, TENANT, WEB, Verdict.DENIED) - tenantBefore;
        long bound = PAIR_BURST + (long) Math.ceil(PAIR_PER_SECOND * (seconds + 1));
        System.out.printf("[flows] flood: %d connections in %.2f s, %d logged (per-pair limit %d/s burst %d: at most %d)%n",
                attempts, seconds, logged, PAIR_PER_SECOND, PAIR_BURST, bound);
        assertThat(logged).as("the flood reached the log at all").isPositive();
        assertThat(logged).as("flood logged within the per-pair limit").isLessThanOrEqualTo(bound).isLessThan(attempts / 2);
        // the flood is one aggregate: nothing of the others was evicted
        assertThat(flows(1).size()).isEqualTo(aggregatesBefore);
        assertThat(flows(1).evictions()).isZero();
        assertThat(flow(1, NEIGHBOUR, WEB, Verdict.DENIED)).isPresent();
        MeterRegistry registry = agents.get(1).bean(MeterRegistry.class);
        assertThat(registry.get("netfence.flows.reader.errors").counter().count()).isZero();
        assertThat(registry.get("netfence.flows.observed").tag("verdict", "denied").counter().count()).isPositive();
        // the flow rules are written as iptables-save prints them: the periodic drift checks (every 500 ms here) find nothing
        for (RunningAgent agent : agents.values()) {
            assertThat(agent.bean(MeterRegistry.class).get("netfence.drift.repairs").functionCounter().count()).isZero();
        }
    }

    @Test
    @Order(4)
    void aClusterNetworkPolicyDenyIsObservedAtItsDrop() throws IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(ClusterNetworkPolicyE2ETest.CNP_CRD)) {
            k.apiextensions().v1().customResourceDefinitions().resource(k.getKubernetesSerialization()
                    .unmarshal(in, io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class)).create();
        }
        k.genericKubernetesResources(ClusterNetworkPolicyE2ETest.CNP).resource(io.fabric8.kubernetes.client.utils.Serialization.unmarshal("""
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata:
                  name: guard-guests
                spec:
                  tier: Admin
                  priority: 5
                  subject:
                    namespaces: {matchLabels: {kubernetes.io/metadata.name: guest}}
                  ingress:
                  - name: not-from-shop
                    action: Deny
                    from:
                    - namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}
                """, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class)).create();
        await("client → neighbour dropped by the ClusterNetworkPolicy", () -> !cluster.tcp("client", NEIGHBOUR));
        String chain = io.netfence.engine.compile.RulesetNames.clusterPolicyChain("guard-guests", io.netfence.engine.model.Direction.INGRESS);
        await("node-1 sees client → neighbour denied at the policy's chain", () -> flow(1, CLIENT, NEIGHBOUR, Verdict.DENIED).isPresent());
        Aggregate denied = flow(1, CLIENT, NEIGHBOUR, Verdict.DENIED).orElseThrow();
        assertThat(denied.key().chain()).isEqualTo(chain);
        assertThat(denied.source()).isEqualTo(app("shop", "client"));
        assertThat(denied.destination()).isEqualTo(app("guest", "neighbour"));
        // (connections before the policy was enforced were allowed); from now on each one is a denial, never an allow
        long allowedBefore = count(1, CLIENT, NEIGHBOUR, Verdict.ALLOWED);
        long deniedBefore = count(1, CLIENT, NEIGHBOUR, Verdict.DENIED);
        assertThat(cluster.tcp("client", NEIGHBOUR)).isFalse();
        await("the next attempts are denials", () -> count(1, CLIENT, NEIGHBOUR, Verdict.DENIED) > deniedBefore);
        assertThat(count(1, CLIENT, NEIGHBOUR, Verdict.ALLOWED)).isEqualTo(allowedBefore);
    }

    @Test
    @Order(5)
    void theEndpointGivesNothingOverPlainHttp() {
        // these agents have no TLS configured (FlowsTlsServerTest covers the HTTPS path): /flows is refused outright
        String response = agents.get(1).get("/flows");
        assertThat(response).startsWith("403 ").contains("HTTPS only").doesNotContain(WEB);
        assertThat(agents.get(1).get("/flows?x=1")).startsWith("403 ");
    }
}
