package io.netfence.agent.e2e;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.netfence.agent.flows.FlowsController;
import io.netfence.agent.flows.FlowsController.Flow;
import io.netfence.agent.flows.NflogReader;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.recommend.ObservedConnection;
import io.netfence.engine.recommend.PolicyRecommender;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.validation.Policies;
import io.netfence.engine.validation.ValidatedPolicy;
import io.netfence.engine.workload.WorkloadRef;
import io.netfence.engine.workload.Workloads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.netfence.agent.e2e.ApiObjects.namespace;
import static io.netfence.agent.e2e.MiniCluster.nodeName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The closed loop of issue 12 on real kernels: on the two-node network-namespace cluster with flow observation on and
 * no policy, pods talk (TCP cross-node, UDP same-node); the flows are read from both agents as {@code /flows} serves
 * them, the engine's {@link PolicyRecommender} (the console's Recommend) turns them into each workload's
 * least-privilege NetworkPolicy with egress, which are created in the API server and enforced by the agents' own
 * compile/apply path. Then the same traffic still passes and connections never observed — allowed before the policy —
 * are rejected: another namespace into a recommended pod (ingress), the same pair on an unobserved protocol (egress,
 * same node), a recommended pod to an unobserved peer (egress, cross-node). Each kernel verdict also equals the
 * engine's for the cluster with the policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecommendClosedLoopE2ETest extends TwoNodeAgentE2E {

    static final String WEB = "10.77.1.20";     // shop/web on node-1, names 8080/TCP "http"
    static final String TENANT = "10.77.1.21";  // guest/tenant on node-1
    static final String API = "10.77.2.20";     // shop/api on node-2, names 8080/TCP "http"
    static final String CLIENT = "10.77.2.21";  // shop/client on node-2

    /** A probe: from a pod to an address over TCP 8080 or UDP 5353. */
    record Probe(String from, String fromIp, String to, Protocol protocol) {
        int port() {
            return protocol == Protocol.TCP ? MiniCluster.TCP_PORT : MiniCluster.UDP_PORT;
        }
    }

    static final List<Probe> OBSERVED = List.of(
            new Probe("client", CLIENT, WEB, Protocol.TCP),   // cross-node
            new Probe("web", WEB, API, Protocol.TCP),         // cross-node
            new Probe("client", CLIENT, API, Protocol.UDP));  // same node (node-2)
    static final List<Probe> NEVER_OBSERVED = List.of(
            new Probe("tenant", TENANT, WEB, Protocol.TCP),   // another namespace into web: web's ingress, same node
            new Probe("client", CLIENT, API, Protocol.TCP),   // an observed pair, unobserved protocol: client's egress
            new Probe("web", WEB, CLIENT, Protocol.TCP));     // web to a peer it never called: web's egress, cross-node

    @BeforeAll
    void setUp() {
        startCluster();
        k.resource(namespace("shop", Map.of())).create();
        k.resource(namespace("guest", Map.of())).create();
        addPod("shop", "web", 1, WEB, true);
        addPod("guest", "tenant", 1, TENANT, false);
        addPod("shop", "api", 2, API, true);
        addPod("shop", "client", 2, CLIENT, false);
        startAgents(n -> flowProperties(n, 34));
    }

    private void addPod(String ns, String name, int node, String ip, boolean namesHttp) {
        cluster.addPod(name, node, ip);
        ContainerBuilder c = new ContainerBuilder().withName("main").withImage("example");
        if (namesHttp) {
            c.addNewPort().withName("http").withContainerPort(MiniCluster.TCP_PORT).withProtocol("TCP").endPort();
        }
        Pod pod = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().withNodeName(nodeName(node)).withContainers(c.build()).endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).addNewPodIP().withIp(ip).endPodIP().endStatus().build();
        k.resource(pod).create();
    }

    private boolean passes(Probe p) {
        return p.protocol() == Protocol.TCP ? cluster.tcp(p.from(), p.to()) : cluster.udp(p.from(), p.to());
    }

    /** What both agents' {@code /flows} hold now (the response body, without the transport). */
    private List<Flow> flows() {
        List<Flow> all = new ArrayList<>();
        agents.values().forEach(a -> all.addAll(a.bean(FlowsController.class).flows().flows()));
        return all;
    }

    private boolean seen(Probe p, String verdict) {
        return flows().stream().anyMatch(f -> f.source().ip().equals(p.fromIp()) && f.destination().ip().equals(p.to())
                && f.port() == p.port() && f.protocol().equalsIgnoreCase(p.protocol().name()) && f.verdict().equals(verdict));
    }

    @Test
    void aPolicyRecommendedFromObservedFlowsKeepsThemAndDeniesWhatWasNeverObserved() {
        await("both agents programmed and reading their flow log", () -> agents.values().stream().allMatch(a ->
                a.bean(NflogReader.class).listening() && a.tracker().firstSyncDone()));
        for (int n = 1; n <= 2; n++) {
            int node = n;
            await("node-" + n + " logs flows", () -> cluster.nodeOutput(node, "iptables-save -t filter").contains("netfence flow allow"));
        }
        await("the local pod sets hold every pod", () -> cluster.nodeOutput(1, "ipset list").contains(WEB)
                && cluster.nodeOutput(2, "ipset list").contains(CLIENT));

        // 1. traffic without any policy, observed by the agents
        for (Probe p : OBSERVED) {
            assertThat(passes(p)).as("before any policy: %s", p).isTrue();
        }
        for (Probe p : OBSERVED) {
            await("observed allowed: " + p, () -> seen(p, "allowed"));
        }

        // 2. the recommendation from what the agents report (the console's merge: any agent's allowed flow counts)
        List<Flow> observed = flows();
        Set<ObservedConnection> connections = new LinkedHashSet<>();
        for (Flow f : observed) {
            connections.add(new ObservedConnection(f.source().ip(), f.destination().ip(), f.port(), f.protocol(), f.verdict().equals("allowed")));
        }
        assertThat(connections).as("nothing but the observed probes reached the log")
                .allMatch(c -> OBSERVED.stream().anyMatch(p -> p.fromIp().equals(c.sourceIp()) && p.to().equals(c.destinationIp())
                        && p.port() == c.port() && p.protocol().name().equalsIgnoreCase(c.protocol())));
        ClusterSnapshot before = agents.get(1).bean(ClusterState.class).snapshot();
        // one policy per workload of the namespace, with egress: least privilege per workload (a namespace-wide
        // recommendation would let every pod of shop reach a peer on the union of the ports any of them used)
        List<NetworkPolicy> recommended = new ArrayList<>();
        List<Policy> converted = new ArrayList<>();
        for (WorkloadRef w : Workloads.group(before.podsInNamespace("shop")).keySet()) {
            NetworkPolicy np = PolicyRecommender.recommend(before, List.copyOf(connections), "shop", w, true);
            System.out.println("[closed-loop] recommended for " + w.key() + " from " + connections.size() + " observed connections:\n"
                    + Serialization.asYaml(np));
            ValidatedPolicy validated = Policies.fromNetworkPolicy(np);
            assertThat(validated.errors()).as(w.key()).isEmpty();
            recommended.add(np);
            converted.add(validated.policy());
        }
        assertThat(recommended).extracting(np -> np.getMetadata().getName()).containsExactlyInAnyOrder("web-observed", "api-observed", "client-observed");
        assertThat(recommended).flatMap(np -> np.getSpec().getIngress()).flatMap(r -> r.getPorts())
                .anyMatch(p -> "http".equals(p.getPort().getStrVal()));

        // the connections never observed pass today: what denies them next is the policy
        for (Probe p : NEVER_OBSERVED) {
            assertThat(passes(p)).as("before the policy: %s", p).isTrue();
        }

        // 3. applied through the API server and the agents' compile/apply path
        recommended.forEach(np -> k.resource(np).create());
        await("both agents know the recommended policies", () -> agents.values().stream().allMatch(a ->
                recommended.stream().allMatch(np -> a.knowsPolicy("shop", np.getMetadata().getName()))));
        for (Probe p : NEVER_OBSERVED) {
            await("never observed, now denied: " + p, () -> !passes(p));
        }

        // 4. the same traffic still passes; the engine agrees with every kernel verdict
        ClusterSnapshot after = before;
        for (Policy p : converted) {
            after = after.withPolicy(p);
        }
        ReachabilityAnalyzer engine = new ReachabilityAnalyzer(after);
        for (Probe p : OBSERVED) {
            assertThat(passes(p)).as("observed, still allowed: %s", p).isTrue();
            assertThat(engine.allowed(engine.endpointForIp(p.fromIp()), engine.endpointForIp(p.to()), p.port(), p.protocol())).isTrue();
        }
        for (Probe p : NEVER_OBSERVED) {
            assertThat(passes(p)).as("never observed, denied: %s", p).isFalse();
            assertThat(engine.allowed(engine.endpointForIp(p.fromIp()), engine.endpointForIp(p.to()), p.port(), p.protocol())).isFalse();
        }
        // and the agents report the denials (which a next recommendation would leave out)
        for (Probe p : NEVER_OBSERVED) {
            await("denied flow reported: " + p, () -> seen(p, "denied"));
        }
    }
}
