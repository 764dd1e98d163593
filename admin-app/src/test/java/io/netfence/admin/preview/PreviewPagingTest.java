package io.netfence.admin.preview;

import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.validation.Policies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /api/v1/preview} pages its changed nodes ({@code limit}/{@code continue}) and links each node's complete
 * diff and scripts (POST the same draft), so the answer stays small at 10,000 pods.
 */
@ConsoleTest
class PreviewPagingTest {

    /** Every backend pod isolated for ingress: changes every node hosting a backend pod. */
    static final String DENY_BACKEND = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: paging-deny, namespace: backend}
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    NodeRulesetCompiler compiler;

    @BeforeEach
    void loaded() {
        Eventually.demoClusterLoaded(cluster);
    }

    private JsonNode preview(String query) throws Exception {
        return JSON.readTree(mvc.perform(post("/api/v1/preview" + query).contentType("application/yaml").content(DENY_BACKEND))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    private static List<String> nodes(JsonNode preview) {
        List<String> out = new ArrayList<>();
        preview.get("changedNodes").forEach(n -> out.add(n.get("node").asString()));
        return out;
    }

    @Test
    void changedNodesPageLikeAKubernetesList() throws Exception {
        Set<String> hosting = cluster.snapshot().podsInNamespace("backend").stream().filter(PodInfo::selectable)
                .map(PodInfo::nodeName).collect(Collectors.toCollection(TreeSet::new));
        assertThat(hosting).as("the demo's backend pods run on several nodes").hasSizeGreaterThan(1);

        JsonNode all = preview("");
        assertThat(nodes(all)).isEqualTo(List.copyOf(hosting));
        assertThat(all.get("metadata").get("totalItemCount").asInt()).isEqualTo(hosting.size());
        assertThat(all.get("metadata").get("remainingItemCount").asInt()).isZero();
        assertThat(all.get("metadata").has("continue")).isFalse();

        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = preview("?limit=1" + (token == null ? "" : "&continue=" + token));
            assertThat(page.get("changedNodes").size()).isEqualTo(1);
            assertThat(page.get("metadata").get("totalItemCount").asInt()).isEqualTo(hosting.size());
            paged.addAll(nodes(page));
            assertThat(page.get("metadata").get("remainingItemCount").asInt()).isEqualTo(hosting.size() - paged.size());
            token = page.get("metadata").has("continue") ? page.get("metadata").get("continue").asString() : null;
            pages++;
        } while (token != null && pages <= hosting.size());
        assertThat(paged).as("every changed node exactly once, in order").isEqualTo(List.copyOf(hosting));

        mvc.perform(post("/api/v1/preview?limit=0").contentType("application/yaml").content(DENY_BACKEND))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].path").value("limit"));
        mvc.perform(post("/api/v1/preview?continue=nonsense").contentType("application/yaml").content(DENY_BACKEND))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].path").value("continue"));
    }

    @Test
    void eachNodeLinksItsCompleteDiffAndScriptsWhichAreTheEngineOutput() throws Exception {
        JsonNode node = preview("").get("changedNodes").get(0);
        String name = node.get("node").asString();
        assertThat(node.get("url").asString()).isEqualTo("/api/v1/preview/nodes/" + name);
        assertThat(node.get("scriptsInline").asBoolean()).as("the demo's scripts are small").isTrue();

        ClusterSnapshot withDraft = cluster.snapshot().withPolicy(
                Policies.fromNetworkPolicy(ManifestParser.withDefaults().parse(DENY_BACKEND).networkPolicies().get(0)).orElseThrow());
        NodeRuleset expected = compiler.compile(withDraft, name);
        assertThat(node.get("iptablesRestore").asString()).isEqualTo(expected.iptablesRestore());
        mvc.perform(post(node.get("scripts").get("iptables").asString()).contentType("application/yaml").content(DENY_BACKEND))
                .andExpect(status().isOk()).andExpect(content().contentTypeCompatibleWith("text/plain"))
                .andExpect(content().string(expected.iptablesRestore()));
        mvc.perform(post(node.get("scripts").get("ipset").asString()).contentType("application/yaml").content(DENY_BACKEND))
                .andExpect(status().isOk()).andExpect(content().string(expected.ipsetRestore()));

        JsonNode complete = JSON.readTree(mvc.perform(post(node.get("url").asString()).contentType("application/yaml").content(DENY_BACKEND))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(complete.get("draftHash").asString()).isEqualTo(expected.hash());
        assertThat(complete.get("currentHash").asString()).isEqualTo(compiler.compile(cluster.snapshot(), name).hash());
        assertThat(complete.get("diff")).isEqualTo(node.get("diff"));

        mvc.perform(post("/api/v1/preview/nodes/no-such-node").contentType("application/yaml").content(DENY_BACKEND))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.errors[0].path").value("node"));
        mvc.perform(post("/api/v1/preview/nodes/no-such-node/ipset").contentType("application/yaml").content(DENY_BACKEND))
                .andExpect(status().isNotFound()).andExpect(content().string(containsString("no-such-node")));
        mvc.perform(post("/api/v1/preview/nodes/{n}/bash", name).contentType("application/yaml").content(DENY_BACKEND))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/preview/nodes/{n}", name).contentType("application/yaml").content("kind: [\n"))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].message", containsString("YAML syntax error")));
        mvc.perform(post("/api/v1/preview/nodes/{n}/iptables", name).contentType("application/yaml").content("kind: [\n"))
                .andExpect(status().isUnprocessableContent()).andExpect(content().string(containsString("YAML syntax error")));
    }

    /** Long lists are cut with their exact counts kept; big scripts are left to the links. */
    @Test
    void aNodesDiffIsShortenedWithExactCountsAndBigScriptsAreLinked() {
        ClusterSnapshot now = cluster.snapshot();
        String name = now.nodes().iterator().next().name();
        NodeRuleset before = compiler.compile(now, name);
        NodeRuleset after = compiler.compile(now.withPolicy(
                Policies.fromNetworkPolicy(ManifestParser.withDefaults().parse(DENY_BACKEND).networkPolicies().get(0)).orElseThrow()), name);
        List<String> members = java.util.stream.IntStream.range(0, 7).mapToObj(i -> "10.9.0." + i).toList();
        RulesetDiff diff = new RulesetDiff(
                List.of(new RulesetDiff.ChainChange("IPv4", "A", RulesetDiff.Change.ADDED, List.of("r1", "r2", "r3", "r4"), List.of(), false),
                        new RulesetDiff.ChainChange("IPv4", "B", RulesetDiff.Change.CHANGED, List.of("r5"), List.of("r6"), false),
                        new RulesetDiff.ChainChange("IPv4", "C", RulesetDiff.Change.REMOVED, List.of(), List.of("r7"), false)),
                List.of(new RulesetDiff.SetChange("s", "hash:ip", RulesetDiff.Change.CHANGED, members, List.of("10.8.0.1"))),
                java.util.Map.of());
        Preview.NodePreview n = new Preview.NodePreview(name, null, before.hash(), after.hash(), before.stats(), after.stats(), diff, after);

        PreviewJson.Node small = PreviewJson.node(n, 2, 3, 10);
        assertThat(small.diff().chainCount()).isEqualTo(3);
        assertThat(small.diff().chains()).extracting(PreviewJson.ChainChange::chain).containsExactly("A", "B");
        assertThat(small.diff().chains().get(0).addedRuleCount()).isEqualTo(4);
        assertThat(small.diff().chains().get(0).addedRules()).containsExactly("r1", "r2", "r3");
        assertThat(small.diff().setCount()).isEqualTo(1);
        assertThat(small.diff().sets().get(0).addedMemberCount()).isEqualTo(7);
        assertThat(small.diff().sets().get(0).addedMembers()).containsExactly("10.9.0.0", "10.9.0.1", "10.9.0.2");
        assertThat(small.diff().sets().get(0).removedMembers()).containsExactly("10.8.0.1");
        assertThat(small.scriptsInline()).isFalse();
        assertThat(small.ipsetRestore()).isNull();
        assertThat(small.iptablesRestore()).isNull();
        assertThat(small.scripts()).containsEntry("iptables", "/api/v1/preview/nodes/" + name + "/iptables");

        PreviewJson.Node whole = PreviewJson.node(n, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertThat(whole.diff().chains()).hasSize(3);
        assertThat(whole.diff().sets().get(0).addedMembers()).isEqualTo(members);
        assertThat(whole.scriptsInline()).isTrue();
        assertThat(whole.iptablesRestore()).isEqualTo(after.iptablesRestore());
    }
}
