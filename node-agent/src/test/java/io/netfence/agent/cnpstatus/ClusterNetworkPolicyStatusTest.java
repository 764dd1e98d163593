package io.netfence.agent.cnpstatus;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netfence.agent.e2e.MockApiServer;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.watch.ClusterWatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.Queue;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.netfence.agent.cnpstatus.ClusterNetworkPolicyStatusWriter.Result;
import io.netfence.engine.status.ClusterNetworkPolicyConditions.Condition;

import static io.netfence.agent.cnpstatus.ClusterNetworkPolicyStatusWriter.CONTEXT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agents (each with its own client, watch and state, as separate pods) elect one writer of ClusterNetworkPolicy
 * conditions with a Lease on the CRUD mock API server, which serves the status subresource of the upstream CRD
 * stored in it (PUT .../status, optimistic concurrency on resourceVersion) as a real API server does.
 */
class ClusterNetworkPolicyStatusTest {

    static final Path CNP_CRD = Path.of("..", "charts", "netfence", "files", "clusternetworkpolicies.policy.networking.k8s.io.yaml");
    static final LeaseElection.Timing FAST = new LeaseElection.Timing(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(300));
    static final String NAMESPACE = "netfence-system";

    private MockApiServer api;
    private KubernetesClient admin;
    private final List<Agent> agents = new ArrayList<>();

    /** One agent's part in this: its watch, state, controller and election. */
    final class Agent implements AutoCloseable {
        final String identity;
        final KubernetesClient client = api.newClient();
        final ClusterState state = new ClusterState();
        final ClusterWatcher watcher;
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final ClusterNetworkPolicyStatusController controller;
        final ClusterNetworkPolicyStatusLifecycle lifecycle;

        Agent(String identity) {
            this(identity, () -> true);
        }

        Agent(String identity, BooleanSupplier candidate) {
            this.identity = identity;
            watcher = new ClusterWatcher(client, state, identity, () -> { });
            watcher.start().join();
            controller = new ClusterNetworkPolicyStatusController(watcher, state,
                    new ClusterNetworkPolicyStatusWriter(client, Clock.systemUTC(), 5, () -> { }), registry);
            lifecycle = new ClusterNetworkPolicyStatusLifecycle(watcher,
                    new LeaseElection(client, NAMESPACE, "netfence-cnp-status", identity, FAST, controller::startLeading, controller::stopLeading),
                    controller, Duration.ofMillis(200), candidate);
            lifecycle.start();
        }

        double writes() {
            return registry.get("netfence.cnp.status.writes").counter().count();
        }

        double leaderGauge() {
            return registry.get("netfence.cnp.status.leader").gauge().value();
        }

        @Override
        public void close() {
            lifecycle.stop();
            watcher.close();
            client.close();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        api = new MockApiServer();
        admin = api.admin();
        try (InputStream in = Files.newInputStream(CNP_CRD)) {
            admin.apiextensions().v1().customResourceDefinitions()
                    .resource(admin.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
        }
    }

    @AfterEach
    void tearDown() {
        agents.forEach(Agent::close);
        api.close();
    }

    private Agent agent(String identity) {
        Agent a = new Agent(identity);
        agents.add(a);
        return a;
    }

    private static GenericKubernetesResource cnp(String name, String extraPeer) {
        return io.fabric8.kubernetes.client.utils.Serialization.unmarshal("""
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata: {name: %s}
                spec:
                  tier: Admin
                  priority: 10
                  subject: {namespaces: {matchLabels: {tenant: shop}}}
                  egress:
                  - {name: allow-api, action: Accept, to: [{networks: ["10.0.0.0/8"]}%s]}
                """.formatted(name, extraPeer), GenericKubernetesResource.class);
    }

    private static final String DOMAINS = ", {domainNames: [\"api.example.com\"]}";

    private Resource<GenericKubernetesResource> stored(String name) {
        return admin.genericKubernetesResources(CONTEXT).withName(name);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> conditions(String name) {
        GenericKubernetesResource o = stored(name).get();
        Object status = o.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> s && s.get("conditions") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private Map<String, Object> accepted(String name) {
        return conditions(name).stream().filter(c -> "Accepted".equals(c.get("type"))).findFirst().orElse(null);
    }

    private static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for: %s", what).isLessThan(end);
            Thread.sleep(50);
        }
    }

    private Agent leader() {
        List<Agent> leaders = agents.stream().filter(a -> a.controller.leading()).toList();
        assertThat(leaders).as("agents leading at once").hasSizeLessThanOrEqualTo(1);
        return leaders.isEmpty() ? null : leaders.get(0);
    }

    @Test
    void oneOfTwoAgentsWritesTheConditionAndADomainNamesPeerIsNamedAsNotEnforced() throws Exception {
        admin.genericKubernetesResources(CONTEXT).resource(cnp("egress-allowlist", DOMAINS)).create();
        Agent a = agent("agent-a");
        Agent b = agent("agent-b");
        await("the condition", Duration.ofSeconds(15), () -> accepted("egress-allowlist") != null);
        Map<String, Object> c = accepted("egress-allowlist");
        assertThat(c).containsEntry("status", "True").containsEntry("reason", "DomainNamesNotEnforced")
                .containsEntry("observedGeneration", 1).containsKey("lastTransitionTime");
        assertThat((String) c.get("message")).contains("spec.egress[0].to[1].domainNames (api.example.com)", "no DNS interception");
        Agent leader = leader();
        assertThat(leader).isNotNull();
        await("the write counted", Duration.ofSeconds(5), () -> leader.writes() == 1);
        Lease lease = admin.leases().inNamespace(NAMESPACE).withName("netfence-cnp-status").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leader.identity);
        assertThat(leader.writes()).isEqualTo(1);
        assertThat(leader.leaderGauge()).isEqualTo(1);
        Agent other = leader == a ? b : a;
        assertThat(other.writes()).isZero();
        assertThat(other.leaderGauge()).isZero();
    }

    @Test
    void anUnchangedPolicyIsNotWrittenAgain() throws Exception {
        admin.genericKubernetesResources(CONTEXT).resource(cnp("egress-allowlist", "")).create();
        agent("agent-a");
        agent("agent-b");
        await("the condition", Duration.ofSeconds(15), () -> accepted("egress-allowlist") != null);
        assertThat(accepted("egress-allowlist")).containsEntry("reason", "Enforced");
        String rv = stored("egress-allowlist").get().getMetadata().getResourceVersion();
        // a label change is no spec change: same generation, same condition
        stored("egress-allowlist").edit(o -> {
            o.getMetadata().setLabels(Map.of("team", "platform"));
            return o;
        });
        String labelled = stored("egress-allowlist").get().getMetadata().getResourceVersion();
        assertThat(labelled).isNotEqualTo(rv);
        Thread.sleep(1500);  // several checks (every 200 ms) and the watch events of the leader's own write
        assertThat(stored("egress-allowlist").get().getMetadata().getResourceVersion()).isEqualTo(labelled);
        assertThat(agents.stream().mapToDouble(Agent::writes).sum()).isEqualTo(1);
    }

    @Test
    void aSpecChangeRewritesOnlyNetfencesConditionAndKeepsAForeignOne() throws Exception {
        admin.genericKubernetesResources(CONTEXT).resource(cnp("egress-allowlist", DOMAINS)).create();
        agent("agent-a");
        await("the first condition", Duration.ofSeconds(15), () -> accepted("egress-allowlist") != null);
        Object firstTransition = accepted("egress-allowlist").get("lastTransitionTime");
        // another controller adds its own condition type, on the current resourceVersion
        GenericKubernetesResource withForeign = stored("egress-allowlist").get();
        List<Object> list = new ArrayList<>(conditions("egress-allowlist"));
        list.add(0, Map.of("type", "example.com/Audited", "status", "True", "reason", "Reviewed", "message", "by the audit bot",
                "lastTransitionTime", "2026-01-01T00:00:00Z", "observedGeneration", 1));
        withForeign.getAdditionalProperties().put("status", Map.of("conditions", list));
        admin.genericKubernetesResources(CONTEXT).resource(withForeign).updateStatus();

        stored("egress-allowlist").edit(o -> cnp("egress-allowlist", ""));  // drop the domainNames peer
        await("the condition for generation 2", Duration.ofSeconds(15),
                () -> accepted("egress-allowlist") != null && Integer.valueOf(2).equals(accepted("egress-allowlist").get("observedGeneration")));
        Map<String, Object> c = accepted("egress-allowlist");
        assertThat(c).containsEntry("status", "True").containsEntry("reason", "Enforced");
        assertThat(c.get("lastTransitionTime")).as("status stayed True: no transition").isEqualTo(firstTransition);
        assertThat(conditions("egress-allowlist")).extracting(m -> m.get("type")).containsExactly("example.com/Audited", "Accepted");
        assertThat(conditions("egress-allowlist").get(0)).containsEntry("message", "by the audit bot");
    }

    @Test
    void anObjectNetfenceCannotUseIsNotAcceptedAndSaysItFailsClosed() throws Exception {
        GenericKubernetesResource bad = cnp("bad-cidr", "");
        String yaml = io.fabric8.kubernetes.client.utils.Serialization.asYaml(bad).replace("10.0.0.0/8", "10.0.0.0/99");
        admin.genericKubernetesResources(CONTEXT).resource(io.fabric8.kubernetes.client.utils.Serialization.unmarshal(yaml, GenericKubernetesResource.class)).create();
        agent("agent-a");
        await("the condition", Duration.ofSeconds(15), () -> accepted("bad-cidr") != null);
        Map<String, Object> c = accepted("bad-cidr");
        assertThat(c).containsEntry("status", "False").containsEntry("reason", "Unusable");
        assertThat((String) c.get("message")).contains("spec.egress[0].to[0].networks[0]", "fail-closed").doesNotContain("resourceVersion");
    }

    @Test
    void anAgentThatIsNoCandidateNeverTouchesTheLeaseAndOneThatStopsBeingOneHandsItOver() throws Exception {
        admin.genericKubernetesResources(CONTEXT).resource(cnp("egress-allowlist", "")).create();
        java.util.concurrent.atomic.AtomicBoolean aCandidate = new java.util.concurrent.atomic.AtomicBoolean(false);
        Agent a = new Agent("agent-a", aCandidate::get);
        agents.add(a);
        Thread.sleep(1500);  // five check periods, five retry periods
        assertThat(admin.leases().inNamespace(NAMESPACE).withName("netfence-cnp-status").get()).isNull();
        assertThat(accepted("egress-allowlist")).isNull();
        assertThat(a.controller.leading()).isFalse();

        aCandidate.set(true);
        await("a leads once a candidate", Duration.ofSeconds(10), () -> a.controller.leading());
        await("the condition", Duration.ofSeconds(10), () -> accepted("egress-allowlist") != null);

        Agent b = agent("agent-b");
        aCandidate.set(false);  // e.g. a node ranked higher joined: a releases the lease and b takes it at once
        await("a stops leading", Duration.ofSeconds(10), () -> !a.controller.leading());
        await("b leads", Duration.ofSeconds(10), () -> b.controller.leading());
        assertThat(admin.leases().inNamespace(NAMESPACE).withName("netfence-cnp-status").get().getSpec().getHolderIdentity())
                .isEqualTo("agent-b");
    }

    @Test
    void whenTheLeaderReleasesTheLeaseTheOtherAgentTakesOverAndWrites() throws Exception {
        admin.genericKubernetesResources(CONTEXT).resource(cnp("egress-allowlist", "")).create();
        agent("agent-a");
        agent("agent-b");
        await("a leader", Duration.ofSeconds(15), () -> accepted("egress-allowlist") != null);
        Agent first = leader();
        first.close();  // agent stopped: releases the lease
        agents.remove(first);
        Agent second = agents.get(0);
        await("the other agent leads", Duration.ofSeconds(10), () -> second.controller.leading());
        assertThat(admin.leases().inNamespace(NAMESPACE).withName("netfence-cnp-status").get().getSpec().getHolderIdentity())
                .isEqualTo(second.identity);
        stored("egress-allowlist").edit(o -> cnp("egress-allowlist", DOMAINS));
        await("the new leader writes", Duration.ofSeconds(10),
                () -> "DomainNamesNotEnforced".equals(accepted("egress-allowlist").get("reason")));
        await("the write counted", Duration.ofSeconds(5), () -> second.writes() == 1);
        assertThat(agents.stream().filter(x -> x.controller.leading())).containsExactly(second);
    }

    @Test
    void aLeaderThatLosesTheLeaseStopsWritingUntilItIsElectedAgain() throws Exception {
        admin.genericKubernetesResources(CONTEXT).resource(cnp("egress-allowlist", "")).create();
        Agent a = agent("agent-a");
        await("the condition", Duration.ofSeconds(15), () -> accepted("egress-allowlist") != null);
        assertThat(a.controller.leading()).isTrue();
        // another holder takes the lease (e.g. the agent was partitioned and its lease expired meanwhile)
        for (int attempt = 1; ; attempt++) {
            try {
                admin.leases().inNamespace(NAMESPACE).withName("netfence-cnp-status").edit(l -> {
                    l.getSpec().setHolderIdentity("agent-elsewhere");
                    // renewed 3 s ahead: a 6 s hold of the 3 s lease, ample for the checks below on a busy machine
                    l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3));
                    return l;
                });
                break;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                // agent-a renewed between our read and write (every 300 ms here): read again
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
        await("agent-a notices", Duration.ofSeconds(3), () -> !a.controller.leading());
        assertThat(a.leaderGauge()).isZero();
        stored("egress-allowlist").edit(o -> cnp("egress-allowlist", DOMAINS));
        Thread.sleep(1500);  // well within agent-elsewhere's hold, several checks of agent-a
        assertThat(accepted("egress-allowlist")).as("a former leader writes nothing").containsEntry("reason", "Enforced");
        // agent-elsewhere never renews: once its lease expires agent-a is elected again and catches up
        await("re-elected and written", Duration.ofSeconds(20),
                () -> "DomainNamesNotEnforced".equals(accepted("egress-allowlist").get("reason")));
        assertThat(a.controller.leading()).isTrue();
        await("the write counted", Duration.ofSeconds(5), () -> a.writes() == 2);
    }

    /**
     * The CRUD mock applies a PUT on /status whatever its resourceVersion (a real API server answers 409 to a stale
     * one), so the conflict is an expectation on that path, served once before the CRUD behaviour.
     */
    @Test
    void aConflictIsRetriedOnAFreshReadKeepingWhatTheOtherWriterWrote() throws Exception {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init();
        try (KubernetesClient k = server.createClient(); InputStream in = Files.newInputStream(CNP_CRD)) {
            k.apiextensions().v1().customResourceDefinitions()
                    .resource(k.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
            k.genericKubernetesResources(CONTEXT).resource(cnp("egress-allowlist", "")).create();
            GenericKubernetesResource stale = k.genericKubernetesResources(CONTEXT).withName("egress-allowlist").get();
            // another controller writes its condition meanwhile
            GenericKubernetesResource other = k.genericKubernetesResources(CONTEXT).withName("egress-allowlist").get();
            other.getAdditionalProperties().put("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True",
                    "reason", "Done", "message", "", "lastTransitionTime", "2026-01-01T00:00:00Z"))));
            k.genericKubernetesResources(CONTEXT).resource(other).updateStatus();
            String path = "/apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies/egress-allowlist/status";
            server.expect().put().withPath(path).andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict")
                    .withMessage("the object has been modified; please apply your changes to the latest version and try again").build()).once();
            while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
                // forget the setup's requests
            }
            int[] conflicts = {0};
            var writer = new ClusterNetworkPolicyStatusWriter(k, Clock.systemUTC(), 5, () -> conflicts[0]++);
            var condition = new Condition("Accepted", "True", "Enforced", "ok");

            assertThat(writer.write(stale, o -> Optional.of(condition), () -> true).result()).isEqualTo(Result.WRITTEN);
            assertThat(conflicts[0]).isEqualTo(1);
            List<String> requests = new ArrayList<>();
            List<String> bodies = new ArrayList<>();
            RecordedRequest r;
            while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
                requests.add(r.getMethod() + " " + r.getPath());
                bodies.add(r.getBody().readUtf8());
            }
            assertThat(requests).containsExactly("PUT " + path,
                    "GET /apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies/egress-allowlist", "PUT " + path);
            // the PUT carries the resourceVersion its conditions were merged into: what makes a real API server answer 409
            // (the body of a request the CRUD dispatcher served is consumed, so only the expectation's is readable)
            assertThat(bodies.get(0)).contains("\"resourceVersion\":\"" + stale.getMetadata().getResourceVersion() + "\"");
            GenericKubernetesResource now = k.genericKubernetesResources(CONTEXT).withName("egress-allowlist").get();
            assertThat(ConditionMerge.conditions(now.getAdditionalProperties().get("status")))
                    .extracting(c -> (Object) ((Map<?, ?>) c).get("type")).containsExactly("Ready", "Accepted");
            // the same condition again: nothing to write
            assertThat(writer.write(now, o -> Optional.of(condition), () -> true).result()).isEqualTo(Result.UNCHANGED);
        } finally {
            server.destroy();
        }
    }
}
