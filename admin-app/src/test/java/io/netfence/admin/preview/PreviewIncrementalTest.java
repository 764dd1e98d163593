package io.netfence.admin.preview;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.Policy;
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
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The preview compiles a draft incrementally ({@link DraftRulesets}); its node scripts must be what a compile from
 * scratch of the cluster with the draft gives, for several edits of every stored policy, one after another.
 */
@ConsoleTest
class PreviewIncrementalTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> SEEDED = List.of("frontend/web-allow-ingress-controller", "data/postgres-from-backend",
            "data/redis-from-backend", "backend/payments-from-orders", "monitoring/grafana-from-platform");

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    NodeRulesetCompiler compiler;
    @Autowired
    PreviewService previews;

    @BeforeEach
    void loaded() {
        Eventually.demoClusterLoaded(cluster);
    }

    @Test
    void previewScriptsOfSeveralEditsAreAFromScratchCompile() throws Exception {
        // the demo's seeded policies (other test classes add and change policies in the shared demo cluster)
        List<NetworkPolicy> stored = SEEDED.stream().map(k -> k.split("/"))
                .flatMap(k -> cluster.networkPolicy(k[0], k[1]).stream()).toList();
        assertThat(stored).hasSizeGreaterThanOrEqualTo(3);
        List<UnaryOperator<NetworkPolicySpec>> edits = List.of(
                spec -> { // an ingress rule on a new port
                    spec.getIngress().add(new NetworkPolicyIngressRuleBuilder().addNewPort().withProtocol("TCP")
                            .withPort(new IntOrString(9123)).endPort().build());
                    if (!spec.getPolicyTypes().contains("Ingress")) {
                        spec.getPolicyTypes().add("Ingress");
                    }
                    return spec;
                },
                spec -> { // every pod of the namespace
                    spec.setPodSelector(new LabelSelector());
                    return spec;
                },
                spec -> { // its ingress rules removed
                    spec.setIngress(new ArrayList<>());
                    return spec;
                });
        int comparedNodes = 0;
        for (int round = 0; round < 2; round++) { // twice: the second round starts from models the first one used
            for (NetworkPolicy np : stored) {
                for (UnaryOperator<NetworkPolicySpec> edit : edits) {
                    NetworkPolicy draft = new NetworkPolicyBuilder(np)
                            .withMetadata(new ObjectMetaBuilder().withName(np.getMetadata().getName())
                                    .withNamespace(np.getMetadata().getNamespace()).build()).build();
                    draft.setSpec(edit.apply(draft.getSpec()));
                    comparedNodes += compareWithFullCompile(Serialization.asYaml(draft));
                }
            }
        }
        assertThat(comparedNodes).as("some edits change some nodes").isGreaterThan(5);
    }

    @Test
    void deletingAPolicyPreviewsAsAFromScratchCompileWithoutIt() {
        ClusterSnapshot now = cluster.snapshot();
        Policy p = now.policy("data", "redis-from-backend").orElseThrow();
        Preview preview = previews.previewDelete(p.namespace(), p.name());
        assertThat(preview.changedNodes()).isNotEmpty();
        ClusterSnapshot without = now.withoutPolicy(p.namespace(), p.name());
        for (Preview.NodePreview n : preview.changedNodes()) {
            NodeRuleset expected = compiler.compile(without, n.node());
            assertThat(n.ipsetRestore()).isEqualTo(expected.ipsetRestore());
            assertThat(n.iptablesRestore()).isEqualTo(expected.iptablesRestore());
            assertThat(n.draftHash()).isEqualTo(expected.hash());
        }
    }

    /** Previews {@code yaml}; checks every node (changed or not) against a full compile; returns how many changed. */
    private int compareWithFullCompile(String yaml) throws Exception {
        ClusterSnapshot now = cluster.snapshot();
        var response = mvc.perform(post("/api/v1/preview").param("limit", "1000").contentType("application/yaml").content(yaml))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(yaml + " → " + response.getContentAsString()).isEqualTo(200);
        JsonNode preview = JSON.readTree(response.getContentAsString());
        assertThat(preview.get("errors")).as(yaml).isEmpty();
        Policy draft = Policies.fromNetworkPolicy(ManifestParser.withDefaults().parse(yaml).networkPolicies().get(0)).orElseThrow();
        ClusterSnapshot withDraft = now.withPolicy(draft);
        Set<String> changed = new TreeSet<>();
        for (JsonNode n : preview.get("changedNodes")) {
            String node = n.get("node").asString();
            changed.add(node);
            NodeRuleset expected = compiler.compile(withDraft, node);
            assertThat(n.get("scriptsInline").asBoolean()).isTrue();
            assertThat(n.get("ipsetRestore").asString()).as(node + " with " + yaml).isEqualTo(expected.ipsetRestore());
            assertThat(n.get("iptablesRestore").asString()).as(node + " with " + yaml).isEqualTo(expected.iptablesRestore());
            assertThat(n.get("ip6tablesRestore").asString()).as(node + " with " + yaml).isEqualTo(expected.ip6tablesRestore());
            assertThat(n.get("draftHash").asString()).as(node + " with " + yaml).isEqualTo(expected.hash());
        }
        for (NodeInfo node : now.nodes()) {
            if (!changed.contains(node.name())) {
                assertThat(compiler.compile(withDraft, node.name()).hash()).as(node.name() + " is listed unchanged with " + yaml)
                        .isEqualTo(compiler.compile(now, node.name()).hash());
            }
        }
        return changed.size();
    }
}
