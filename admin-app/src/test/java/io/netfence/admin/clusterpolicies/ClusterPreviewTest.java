package io.netfence.admin.clusterpolicies;

import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.preview.Preview;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The ClusterNetworkPolicy preview: rules per node from the agents' compiler, the spec diff and the matrix impact. */
@ConsoleTest
class ClusterPreviewTest {

    static final String ADMIN_DENY = """
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata: {name: preview-admin-deny}
            spec:
              tier: Admin
              priority: 15
              subject: {namespaces: {matchLabels: {team: data}}}
              ingress:
              - name: deny-api-to-postgres
                action: Deny
                from: [{namespaces: {matchLabels: {team: api}}}]
                protocols: [{tcp: {destinationPort: {number: 5432}}}]
            """;

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    ClusterPreviewService previews;
    @Autowired
    NodeRulesetCompiler compiler;

    @BeforeEach
    void loaded() {
        Eventually.demoClusterLoaded(cluster);
        Eventually.until("demo CNPs", () -> cluster.snapshot().clusterNetworkPolicies().size() >= 3);
    }

    static Set<String> nodesHosting(ClusterSnapshot s, String namespace) {
        return s.podsInNamespace(namespace).stream().filter(PodInfo::selectable).map(PodInfo::nodeName).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void anAdminDenyAddsDropRulesOnExactlyTheNodesHostingItsSubjectPods() {
        ClusterSnapshot s = cluster.snapshot();
        Set<String> hosting = nodesHosting(s, "data");
        assertThat(hosting).isNotEmpty();
        ClusterPreview p = previews.preview(ADMIN_DENY);
        assertThat(p.errors()).isEmpty();
        assertThat(p.nodes().changedNodes()).extracting(Preview.NodePreview::node).containsExactlyElementsOf(hosting);
        assertThat(p.nodes().unchangedNodes()).doesNotContainAnyElementsOf(hosting)
                .hasSize(s.nodes().size() - hosting.size());
        for (Preview.NodePreview n : p.nodes().changedNodes()) {
            List<String> added = n.diff().chains().stream().flatMap(c -> c.addedRules().stream()).toList();
            assertThat(added).as(n.node()).anySatisfy(r -> assertThat(r).contains("preview-admin-deny").contains("-j DROP"));
            assertThat(added).as("the port of the rule").anySatisfy(r -> assertThat(r).contains("5432"));
            // the diff is of what the agent would enforce: compiling the cluster with the draft gives the same hash
            assertThat(n.draftHash()).isEqualTo(compiler.compile(s.withClusterNetworkPolicy(
                    io.netfence.engine.validation.Policies.fromClusterNetworkPolicy(ClusterComposerTest.parse(ADMIN_DENY)).policy()), n.node()).hash());
        }
        // the spec diff of a new policy names every field it sets
        assertThat(p.policyDiff().changedPaths()).contains("spec.tier", "spec.priority", "spec.ingress[0].action");
        // the matrix: connections from the api tenant to the data tenant's pods on 5432 are lost, nothing is gained
        assertThat(p.cells()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.allowedAfter()).isFalse();
            assertThat(c.port()).isEqualTo(5432);
            assertThat(c.from()).startsWith("backend/");
            assertThat(c.to()).startsWith("data/");
        });
    }

    @Test
    void thePreviewPageShowsTheNodesDropRulesTheDiffAndTheCells() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/composer/cluster/yaml").param("yaml", ADMIN_DENY).session(session)).andExpect(status().isOk());
        String html = HtmlUtils.htmlUnescape(mvc.perform(get("/preview/cluster").session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        for (String node : nodesHosting(cluster.snapshot(), "data")) {
            assertThat(html).contains("data-node=\"" + node + "\"");
        }
        assertThat(html).contains("-j DROP").contains("preview-admin-deny").contains("+  tier: Admin").contains("id=\"cnp-cells\"")
                .contains(">lost<");
    }

    @Test
    void anInvalidDraftIsNotPreviewedAndSaysWhy() {
        ClusterPreview p = previews.preview(ADMIN_DENY.replace("priority: 15", "priority: -1"));
        assertThat(p.nodes()).isNull();
        assertThat(p.errors()).anySatisfy(e -> assertThat(e.path()).isEqualTo("spec.priority"));
    }

    @Test
    void deletingAnAdminDenyRemovesItsDropRulesFromTheNodesOfItsSubject() {
        ClusterSnapshot s = cluster.snapshot();
        var stored = s.clusterNetworkPolicy("block-cloud-metadata").orElseThrow();
        ClusterPreview p = previews.previewDelete("block-cloud-metadata");
        Set<String> hosting = ClusterPreviewService.hosting(s, stored);
        assertThat(p.nodes().changedNodes()).extracting(Preview.NodePreview::node).containsExactlyElementsOf(hosting);
        assertThat(p.nodes().changedNodes()).allSatisfy(n -> assertThat(n.diff().chains().stream().flatMap(c -> c.removedRules().stream()))
                .anySatisfy(r -> assertThat(r).contains("block-cloud-metadata").contains("-j DROP")));
        assertThat(p.policyDiff().changedPaths()).contains("spec.tier", "spec.egress[0].to[0].networks[0]");
    }
}
