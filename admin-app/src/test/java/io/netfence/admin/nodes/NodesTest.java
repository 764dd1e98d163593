package io.netfence.admin.nodes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.cluster.NodeRulesets;
import io.netfence.admin.demo.DemoAgents;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.PodInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@ConsoleTest
class NodesTest {

    static final String NODE = "node-1";

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    NodeRulesets rulesets;
    @Autowired
    NodeStates states;
    @Autowired
    DemoAgents demo;
    @Autowired
    NodeDetails details;
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
    void theDemoNodesAreInSyncAndTheApiListsTheIssuesFields() throws Exception {
        NodeRuleset r = rulesets.current(NODE);
        mvc.perform(get("/api/v1/nodes"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("NodeStatusList"))
                .andExpect(jsonPath("$.items[0].name").value(NODE))
                .andExpect(jsonPath("$.items[0].state").value("IN_SYNC"))
                .andExpect(jsonPath("$.items[0].agentHash").value(r.hash()))
                .andExpect(jsonPath("$.items[0].consoleHash").value(r.hash()))
                .andExpect(jsonPath("$.items[0].lastSync").isString())
                .andExpect(jsonPath("$.items[0].syncMillis").isNumber())
                .andExpect(jsonPath("$.items[0].localPods").value(r.stats().localPods()))
                .andExpect(jsonPath("$.items[0].isolatedPods").value(r.stats().isolatedPods()))
                .andExpect(jsonPath("$.items[0].rules").value(r.stats().rules()))
                .andExpect(jsonPath("$.items[0].sets").value(r.stats().sets()))
                .andExpect(jsonPath("$.items[0].setEntries").value(r.stats().setEntries()))
                .andExpect(jsonPath("$.items[0].drops").value(0))
                .andExpect(jsonPath("$.items[0].agentVersion").value("demo"))
                .andExpect(jsonPath("$.items[0].compilerVersion").value(NodeRulesetCompiler.VERSION))
                .andExpect(jsonPath("$.items[0].expected").doesNotExist());
        mvc.perform(get("/nodes"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"count-IN_SYNC\"")))
                .andExpect(content().string(containsString("data-state=\"IN_SYNC\"")));
    }

    @Test
    void nodeListsPageByNameWithExactCounts() throws Exception {
        List<String> names = states.all().stream().map(NodeStatus::name).sorted().toList();
        assertThat(names).hasSizeGreaterThan(1);
        String first = mvc.perform(get("/api/v1/nodes").param("limit", "1"))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].name").value(names.get(0)))
                .andExpect(jsonPath("$.metadata.totalItemCount").value(names.size()))
                .andExpect(jsonPath("$.metadata.remainingItemCount").value(names.size() - 1))
                .andReturn().getResponse().getContentAsString();
        String token = com.jayway.jsonpath.JsonPath.read(first, "$.metadata.continue");
        mvc.perform(get("/api/v1/nodes").param("limit", "1").param("continue", token))
                .andExpect(jsonPath("$.items[0].name").value(names.get(1)));
        mvc.perform(get("/nodes").param("limit", "1"))
                .andExpect(content().string(containsString("data-node=\"" + names.get(0) + "\"")))
                .andExpect(content().string(not(containsString("data-node=\"" + names.get(1) + "\""))))
                .andExpect(content().string(containsString("rel=\"next\"")))
                // the state cards count every node, not the page
                .andExpect(content().string(containsString(">" + names.size() + "</div><div class=\"label\">all nodes")));
        mvc.perform(get("/api/v1/nodes").param("limit", "0")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("limit")));
    }

    @Test
    void eachStateIsShownFromWhatTheAgentReports() throws Exception {
        String expected = rulesets.current(NODE).hash();
        try (TestAgent agent = new TestAgent(client, cluster, demo, NODE)) {
            agent.write(TestAgent.report(NODE, "0".repeat(64)));
            assertState(NodeState.PENDING);
            assertThat(meters.get(NodeMetrics.NODES).tag("state", "pending").gauge().value()).isEqualTo(1);
            assertThat(meters.get(NodeMetrics.NODES).tag("state", "in_sync").gauge().value()).isEqualTo(2);
            mvc.perform(get("/nodes/" + NODE))
                    .andExpect(content().string(containsString("id=\"pending-diff\"")))
                    .andExpect(content().string(containsString(expected)))
                    .andExpect(content().string(containsString("0".repeat(64))));

            agent.write(TestAgent.report(NODE, expected));
            assertState(NodeState.IN_SYNC);

            agent.write(TestAgent.report(NODE, expected, Instant.now(), NodeRulesetCompiler.VERSION,
                    "iptables-restore: line 7 failed <script>", Map.of()));
            assertState(NodeState.ERROR);
            mvc.perform(get("/api/v1/nodes/" + NODE)).andExpect(jsonPath("$.error").value("iptables-restore: line 7 failed <script>"));
            mvc.perform(get("/nodes/" + NODE))
                    .andExpect(content().string(containsString("iptables-restore: line 7 failed &lt;script&gt;")))
                    .andExpect(content().string(not(containsString("failed <script>"))));

            Duration beat = states.heartbeat();
            agent.write(TestAgent.report(NODE, expected, Instant.now().minus(beat.multipliedBy(3)).plusSeconds(20),
                    NodeRulesetCompiler.VERSION, null, Map.of()));
            assertState(NodeState.IN_SYNC);
            agent.write(TestAgent.report(NODE, expected, Instant.now().minus(beat.multipliedBy(3)).minusSeconds(1),
                    NodeRulesetCompiler.VERSION, null, Map.of()));
            assertState(NodeState.STALE);
            assertThat(meters.get(NodeMetrics.NODES).tag("state", "stale").gauge().value()).isEqualTo(1);

            agent.write(TestAgent.report(NODE, "f".repeat(64), Instant.now(), "0-older", null, Map.of()));
            assertState(NodeState.VERSION_SKEW);
            mvc.perform(get("/nodes/" + NODE)).andExpect(content().string(containsString("id=\"version-skew\"")))
                    .andExpect(content().string(containsString("0-older")));

            agent.delete();
            assertState(NodeState.NO_AGENT);
            mvc.perform(get("/nodes").param("state", "NO_AGENT"))
                    .andExpect(content().string(containsString("data-node=\"" + NODE + "\"")))
                    .andExpect(content().string(not(containsString("data-node=\"node-2\""))));
            mvc.perform(get("/api/v1/nodes").param("state", "NO_AGENT")).andExpect(jsonPath("$.items.length()").value(1))
                    .andExpect(jsonPath("$.metadata.totalItemCount").value(1));
        }
        Eventually.until("the demo agent reports again", () -> states.of(NODE).orElseThrow().state() == NodeState.IN_SYNC);
    }

    @Test
    void nodeDetailShowsTheRulesetAsRenderWritesItAndDropsPerPod() throws Exception {
        NodeRuleset r = rulesets.current(NODE);
        PodInfo isolated = cluster.snapshot().podsOnNode(NODE).stream()
                .filter(p -> p.selectable() && new io.netfence.admin.cluster.PodPolicies(cluster.snapshot()).of(p).isolated())
                .findFirst().orElseThrow();
        try (TestAgent agent = new TestAgent(client, cluster, demo, NODE)) {
            agent.write(TestAgent.report(NODE, r.hash(), Instant.now(), NodeRulesetCompiler.VERSION, null, Map.of(isolated.key(), 42L)));
            mvc.perform(get("/api/v1/nodes/" + NODE))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.name").value(NODE))
                    .andExpect(jsonPath("$.scriptsInline").value(true))
                    .andExpect(jsonPath("$.ruleset").value(r.ipsetRestore() + r.iptablesRestore()))
                    .andExpect(jsonPath("$.drops").value(42))
                    .andExpect(jsonPath("$.pods[?(@.name == '" + isolated.name() + "')].drops").value(42));
            mvc.perform(get("/nodes/" + NODE + "/ruleset.txt"))
                    .andExpect(status().isOk())
                    .andExpect(header().string("Content-Disposition", containsString("node-1-ruleset.txt")))
                    .andExpect(content().string(r.ipsetRestore() + r.iptablesRestore()));
            mvc.perform(get("/nodes/" + NODE))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("data-pod=\"" + isolated.key() + "\"")))
                    .andExpect(content().string(containsString(">42<")));
            mvc.perform(get("/pods").param("namespace", isolated.namespace()))
                    .andExpect(content().string(containsString("<td class=\"pod-drops\">42</td>")));
            mvc.perform(get("/api/v1/pods").param("namespace", isolated.namespace()))
                    .andExpect(jsonPath("$.items[?(@.name == '" + isolated.name() + "')].drops").value(42));
        }
    }

    /** What a script does at any size: page the pods with continue, fetch each script behind its link. */
    @Test
    void aScriptReadsTheWholeNodeThroughThePodPagesAndTheScriptLinks() throws Exception {
        NodeRuleset r = rulesets.current(NODE);
        List<String> expectedPods = cluster.snapshot().podsOnNode(NODE).stream().map(p -> p.namespace() + "/" + p.name()).sorted().toList();
        assertThat(expectedPods).hasSizeGreaterThan(2);
        List<String> read = new java.util.ArrayList<>();
        String token = null;
        String first = null;
        do {
            var request = get("/api/v1/nodes/" + NODE).param("limit", "2");
            if (token != null) {
                request = request.param("continue", token);
            }
            String body = mvc.perform(request).andExpect(status().isOk())
                    .andExpect(jsonPath("$.name").value(NODE))
                    .andExpect(jsonPath("$.metadata.totalItemCount").value(expectedPods.size()))
                    .andReturn().getResponse().getContentAsString();
            first = first == null ? body : first;
            List<String> namespaces = com.jayway.jsonpath.JsonPath.read(body, "$.pods[*].namespace");
            List<String> names = com.jayway.jsonpath.JsonPath.read(body, "$.pods[*].name");
            assertThat(names).hasSizeLessThanOrEqualTo(2);
            for (int i = 0; i < names.size(); i++) {
                read.add(namespaces.get(i) + "/" + names.get(i));
            }
            token = com.jayway.jsonpath.JsonPath.<java.util.Map<String, Object>>read(body, "$.metadata").get("continue") instanceof String t ? t : null;
        } while (token != null);
        assertThat(read).isEqualTo(expectedPods);

        Map<String, String> links = com.jayway.jsonpath.JsonPath.read(first, "$.scripts");
        assertThat(links).containsOnlyKeys("ruleset", "ipset", "iptables");
        mvc.perform(get(links.get("ipset"))).andExpect(status().isOk()).andExpect(content().contentTypeCompatibleWith("text/plain"))
                .andExpect(content().string(r.ipsetRestore()));
        mvc.perform(get(links.get("iptables"))).andExpect(status().isOk()).andExpect(content().string(r.iptablesRestore()));
        mvc.perform(get(links.get("ruleset"))).andExpect(status().isOk()).andExpect(content().string(r.ipsetRestore() + r.iptablesRestore()));
        mvc.perform(get("/api/v1/nodes/" + NODE + "/ip6tables")).andExpect(status().isOk()).andExpect(content().string(""));
        mvc.perform(get("/api/v1/nodes/" + NODE + "/bash")).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/nodes/nope/ipset")).andExpect(status().isNotFound()).andExpect(content().string(containsString("nope")));
        mvc.perform(get("/api/v1/nodes/" + NODE).param("limit", "0")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("limit"));
    }

    /** Big scripts are left to the links; small ones are inlined as well. */
    @Test
    void bigScriptsAreLinkedNotInlined() {
        NodeDetail d = details.of(NODE).orElseThrow();
        int size = d.ruleset().length();
        NodeJson small = NodeJson.of(d, io.netfence.admin.paging.PageRequest.of(null, null), size - 1);
        assertThat(small.scriptsInline()).isFalse();
        assertThat(small.ruleset()).isNull();
        assertThat(small.ipsetRestore()).isNull();
        assertThat(small.iptablesRestore()).isNull();
        assertThat(small.scripts()).containsEntry("iptables", "/api/v1/nodes/" + NODE + "/iptables");
        NodeJson whole = NodeJson.of(d, io.netfence.admin.paging.PageRequest.of(null, null), size);
        assertThat(whole.scriptsInline()).isTrue();
        assertThat(whole.ruleset()).isEqualTo(d.ruleset());
        assertThat(whole.iptablesRestore()).isEqualTo(d.iptablesRestore());
    }

    @Test
    @org.springframework.security.test.context.support.WithAnonymousUser
    void withoutALoginNothingAboutNodesIsShown() throws Exception {
        mvc.perform(get("/api/v1/nodes")).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.errors[0].message").isString());
        mvc.perform(get("/api/v1/nodes/" + NODE)).andExpect(status().isUnauthorized());
        mvc.perform(get("/nodes/" + NODE + "/ruleset.txt")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/nodes")).andExpect(status().is3xxRedirection());
    }

    @Test
    @org.springframework.security.test.context.support.WithMockUser(username = "test-viewer", roles = "VIEWER")
    void aViewerSeesNodes() throws Exception {
        mvc.perform(get("/nodes")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/nodes/" + NODE)).andExpect(status().isOk());
    }

    @Test
    void anUnknownNodeIs404() throws Exception {
        mvc.perform(get("/nodes/nope")).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/nodes/nope")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.errors[0].message").value("no node nope"));
    }

    private void assertState(NodeState expected) throws Exception {
        assertThat(states.of(NODE).orElseThrow().state()).isEqualTo(expected);
        mvc.perform(get("/api/v1/nodes/" + NODE)).andExpect(jsonPath("$.state").value(expected.name()));
    }
}
