package io.netfence.admin.nodes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.cluster.NodeRulesets;
import io.netfence.admin.demo.DemoAgents;
import io.netfence.engine.compile.NodeRulesetCompiler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

@ConsoleTest
class PolicyEnforcementTest {

    static final String NS = "data";
    static final String POLICY = "postgres-from-backend";

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    NodeRulesets rulesets;
    @Autowired
    NodeStates states;
    @Autowired
    PolicyEnforcement enforcement;
    @Autowired
    io.netfence.admin.preview.PreviewService previews;
    @Autowired
    DemoAgents demo;
    @Autowired
    KubernetesClient client;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @org.junit.jupiter.api.AfterEach
    void demoAgentsBackInSync() {
        Eventually.until("every demo node is in sync again", () -> states.all().stream().allMatch(n -> n.state() == NodeState.IN_SYNC));
    }

    @BeforeEach
    void demoAgentsInSync() {
        Eventually.demoClusterLoaded(cluster);
        Eventually.until("every demo node is in sync", () -> states.all().stream().allMatch(n -> n.state() == NodeState.IN_SYNC));
    }

    @Test
    void aPolicyThatChangesNoNodeSaysSo() throws Exception {
        client.network().v1().networkPolicies().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
                .withNewMetadata().withNamespace(NS).withName("selects-nothing").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "no-such-app").endPodSelector().withPolicyTypes("Ingress").endSpec()
                .build()).create();
        try {
            Eventually.until("the policy is in the live model", () -> cluster.snapshot().policy(NS, "selects-nothing").isPresent());
            mvc.perform(get("/api/v1/policies/" + NS + "/selects-nothing"))
                    .andExpect(jsonPath("$.enforcement.nodes").value(0))
                    .andExpect(jsonPath("$.enforcement.enforced").value(0));
            mvc.perform(get("/policies/" + NS + "/selects-nothing")).andExpect(content().string(containsString("selects no pod")));
        } finally {
            client.network().v1().networkPolicies().inNamespace(NS).withName("selects-nothing").delete();
            Eventually.until("the policy is gone", () -> cluster.snapshot().policy(NS, "selects-nothing").isEmpty());
        }
    }

    @Test
    void yIsTheNodesWhoseRulesetThePolicyChangesAndXThoseInSync() throws Exception {
        List<String> nodes = enforcement.affectedNodes(NS, POLICY);
        // postgres pods run on some nodes; the backend pods its rules allow need its peer set on theirs
        assertThat(nodes).isNotEmpty().isSubsetOf(cluster.snapshot().nodes().stream().map(n -> n.name()).toList());
        // the nodes hosting the pods it selects; compiling every node with and without it (the delete preview) changes no
        // other node, for every policy of the demo
        for (var policy : cluster.snapshot().policies()) {
            var previewed = previews.previewDelete(policy.namespace(), policy.name()).changedNodes().stream()
                    .map(io.netfence.admin.preview.Preview.NodePreview::node).sorted().toList();
            var hosting = cluster.snapshot().podsInNamespace(policy.namespace()).stream()
                    .filter(p -> p.selectable() && policy.selects(p)).map(p -> p.nodeName()).distinct().sorted().toList();
            assertThat(enforcement.affectedNodes(policy.namespace(), policy.name())).as(policy.key()).isEqualTo(hosting)
                    .containsAll(previewed);
        }
        int y = nodes.size();
        assertThat(meters.get(NodeMetrics.POLICIES_NOT_ENFORCED).gauge().value()).isZero();
        mvc.perform(get("/api/v1/policies/" + NS + "/" + POLICY))
                .andExpect(jsonPath("$.enforcement.nodes").value(y))
                .andExpect(jsonPath("$.enforcement.enforced").value(y));

        String node = nodes.get(0);
        String expected = rulesets.current(node).hash();
        try (TestAgent agent = new TestAgent(client, cluster, demo, node)) {
            agent.write(TestAgent.report(node, "1".repeat(64)));
            mvc.perform(get("/api/v1/policies/" + NS + "/" + POLICY))
                    .andExpect(jsonPath("$.enforcement.nodes").value(y))
                    .andExpect(jsonPath("$.enforcement.enforced").value(y - 1))
                    .andExpect(jsonPath("$.enforcement.pending[0]").value(node))
                    .andExpect(jsonPath("$.enforcement.errors.length()").value(0));
            assertThat(meters.get(NodeMetrics.POLICIES_NOT_ENFORCED).gauge().value()).as("at least this policy").isPositive();
            mvc.perform(get("/policies/" + NS + "/" + POLICY))
                    .andExpect(content().string(containsString("enforced on " + (y - 1) + " of " + y + " node")));
            mvc.perform(get("/policies").param("namespace", NS))
                    .andExpect(content().string(containsString("enforced on " + (y - 1) + " of " + y + " node")));

            agent.write(TestAgent.report(node, expected, Instant.now(), NodeRulesetCompiler.VERSION, "ipset restore failed", Map.of()));
            mvc.perform(get("/api/v1/policies/" + NS + "/" + POLICY))
                    .andExpect(jsonPath("$.enforcement.enforced").value(y - 1))
                    .andExpect(jsonPath("$.enforcement.errors[0]").value(node));

            agent.write(TestAgent.report(node, expected));
            mvc.perform(get("/api/v1/policies/" + NS + "/" + POLICY))
                    .andExpect(jsonPath("$.enforcement.enforced").value(y))
                    .andExpect(jsonPath("$.enforcement.pending.length()").value(0));
            mvc.perform(get("/policies/" + NS + "/" + POLICY))
                    .andExpect(content().string(containsString("enforced on " + y + " of " + y + " node")));
        }
    }
}
