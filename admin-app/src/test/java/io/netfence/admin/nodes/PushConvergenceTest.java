package io.netfence.admin.nodes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.demo.DemoAgents;
import io.netfence.admin.preview.Preview;
import io.netfence.admin.preview.PreviewService;
import io.netfence.engine.compile.NodeRulesetCompiler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** After a push the result page follows the agents until every node the push changes enforces it or reports an error. */
@ConsoleTest
class PushConvergenceTest {

    static final String NS = "data";
    static final String NAME = "kafka-deny-ingress";
    static final String YAML = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: kafka-deny-ingress
              namespace: data
            spec:
              podSelector:
                matchLabels:
                  app: kafka
              policyTypes: [Ingress]
            """;

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    NodeStates states;
    @Autowired
    PreviewService previews;
    @Autowired
    DemoAgents demo;
    @Autowired
    KubernetesClient client;
    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void demoAgentsInSync() {
        Eventually.demoClusterLoaded(cluster);
        Eventually.until("every demo node is in sync", () -> states.all().stream().allMatch(n -> n.state() == NodeState.IN_SYNC));
    }

    @AfterEach
    void removeThePolicy() {
        client.network().v1().networkPolicies().inNamespace(NS).withName(NAME).delete();
        Eventually.until("the test policy is gone", () -> cluster.networkPolicy(NS, NAME).isEmpty());
        Eventually.until("every demo node is in sync again", () -> states.all().stream().allMatch(n -> n.state() == NodeState.IN_SYNC));
    }

    @Test
    void aPushIsFollowedUntilEveryNodeItChangesEnforcesItAndAnErrorIsShownOnThePolicy() throws Exception {
        Preview preview = previews.preview(YAML);
        List<String> affected = preview.changedNodes().stream().map(Preview.NodePreview::node).sorted().toList();
        assertThat(affected).as("kafka runs on every demo node").hasSize(3);
        String slow = affected.get(0);
        String slowHash = preview.changedNodes().get(0).draftHash();
        long timed = meters.timer(ConvergenceTracker.TIMER).count();

        MockHttpSession session = new MockHttpSession();
        try (TestAgent agent = new TestAgent(client, cluster, demo, slow)) {
            mvc.perform(post("/composer/yaml").session(session).param("yaml", YAML)).andExpect(status().is2xxSuccessful());
            String location = mvc.perform(post("/preview/apply").session(session)).andExpect(status().isSeeOther())
                    .andReturn().getResponse().getHeader("Location");
            String page = mvc.perform(get(location).session(session)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(page).contains("id=\"convergence\"").contains("hx-get=\"" + location + "/convergence\"")
                    .contains("hx-trigger=\"every 1s\"").contains("data-done=\"false\"");

            String panel = location + "/convergence";
            Eventually.until("the other nodes enforce the push", () -> body(panel, session)
                    .contains("enforced on 2 of 3 nodes so far"));
            assertThat(body(panel, session)).contains("data-node=\"" + slow + "\" data-state=\"PENDING\"").contains("hx-get=");
            mvc.perform(get("/api/v1/policies/" + NS + "/" + NAME))
                    .andExpect(jsonPath("$.enforcement.nodes").value(3))
                    .andExpect(jsonPath("$.enforcement.enforced").value(2))
                    .andExpect(jsonPath("$.enforcement.pending[0]").value(slow));

            agent.write(TestAgent.report(slow, null, Instant.now(), NodeRulesetCompiler.VERSION,
                    "ipset v7.17: Set kafka cannot be created", Map.of()));
            String failed = body(panel, session);
            assertThat(failed).contains("data-done=\"true\"").contains("1 node reports an error")
                    .contains("Set kafka cannot be created").doesNotContain("hx-get=");
            mvc.perform(get("/api/v1/policies/" + NS + "/" + NAME))
                    .andExpect(jsonPath("$.enforcement.errors[0]").value(slow));
            assertThat(body("/policies/" + NS + "/" + NAME, session)).contains("enforced on 2 of 3 nodes").contains("error:");

            agent.write(TestAgent.report(slow, slowHash));
            String done = body(panel, session);
            assertThat(done).contains("data-done=\"true\"").contains("enforced on 3 of 3 nodes in ")
                    .contains("enforced on all nodes").doesNotContain("hx-get=");
            mvc.perform(get("/api/v1/push-results/" + location.substring(location.lastIndexOf('/') + 1) + "/convergence").session(session))
                    .andExpect(jsonPath("$.enforced").value(3))
                    .andExpect(jsonPath("$.done").value(true));
        }
        assertThat(meters.timer(ConvergenceTracker.TIMER).count()).isGreaterThan(timed);

        // the delete is followed the same way (all demo agents report again)
        Eventually.until("every demo node is in sync", () -> states.all().stream().allMatch(n -> n.state() == NodeState.IN_SYNC));
        String rv = cluster.networkPolicy(NS, NAME).orElseThrow().getMetadata().getResourceVersion();
        String deleted = mvc.perform(post("/policies/" + NS + "/" + NAME + "/delete").session(session).param("resourceVersion", rv))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getHeader("Location");
        Eventually.until("the delete is enforced everywhere", () -> body(deleted + "/convergence", session)
                .contains("enforced on 3 of 3 nodes in "));
    }

    @Autowired
    ConvergenceTracker tracker;
    @Autowired
    io.netfence.admin.cluster.NodeRulesets rulesets;

    /**
     * Right after the write the informers may not have the push yet: every agent is then in sync with the console's
     * current (pre-push) rulesets, which must not count as enforcing the push (the result page said "enforced on 3 of 3
     * nodes in 0.0 s" before any agent had it). Once the console's state has moved on past the push, in sync with it counts.
     */
    @Test
    void inSyncWithTheStateBeforeThePushIsNotEnforcingIt() {
        String node = rulesets.currentAll().keySet().iterator().next();
        String current = rulesets.currentAll().get(node).hash();
        String pushed = "0".repeat(current.length());
        Convergence notSeenYet = new Convergence("not-seen-yet", System.currentTimeMillis(), Map.of(node, pushed), Map.of(node, current));
        assertThat(tracker.progress(notSeenYet).nodes().get(0).state()).isEqualTo(NodeState.PENDING);
        Convergence superseded = new Convergence("superseded", System.currentTimeMillis(), Map.of(node, pushed),
                Map.of(node, "1".repeat(current.length())));
        assertThat(tracker.progress(superseded).nodes().get(0).state()).isEqualTo(NodeState.IN_SYNC);
    }

    @Test
    void aBundleIsFollowedToo() throws Exception {
        MockHttpSession session = new MockHttpSession();
        String location = mvc.perform(post("/bundles").session(session).param("yaml", YAML)).andExpect(status().isSeeOther())
                .andReturn().getResponse().getHeader("Location");
        String page = body(location, session);
        assertThat(page).contains("id=\"convergence\"");
        String id = location.substring(location.lastIndexOf('/') + 1);
        Eventually.until("the bundle is enforced everywhere", () -> body("/push/result/" + id + "/convergence", session)
                .contains("enforced on 3 of 3 nodes in "));
    }

    private String body(String path, MockHttpSession session) {
        try {
            return mvc.perform(get(path).session(session)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
