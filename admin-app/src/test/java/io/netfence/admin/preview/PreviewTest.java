package io.netfence.admin.preview;

import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.composer.DraftYaml;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.validation.Policies;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.engine.manifest.ManifestParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.netfence.engine.compile.CompilerOptions;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.manifest.SnapshotAssembler;
import io.netfence.engine.manifest.UnknownKinds;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@ConsoleTest
class PreviewTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    NodeRulesetCompiler compiler;
    @Autowired
    KubernetesClient client;

    @BeforeEach
    void loaded() {
        Eventually.demoClusterLoaded(cluster);
    }

    @Test
    void onlyNodesHostingSelectedPodsChangeAndScriptsAreTheEngineOutput() throws Exception {
        // frontend/storefront pods are open so far; a deny-all ingress for them changes exactly their nodes
        String yaml = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: storefront-deny, namespace: frontend}
                spec:
                  podSelector: {matchLabels: {app: storefront}}
                  policyTypes: [Ingress]
                """;
        ClusterSnapshot snapshot = cluster.snapshot();
        Set<String> hosting = snapshot.pods().stream().filter(p -> "storefront".equals(p.labels().get("app")))
                .map(PodInfo::nodeName).collect(Collectors.toCollection(TreeSet::new));
        String body = mvc.perform(post("/api/v1/preview").contentType("application/yaml").content(yaml))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        JsonNode preview = JsonMapper.builder().build().readTree(body);
        Set<String> changed = new TreeSet<>();
        preview.get("changedNodes").forEach(n -> changed.add(n.get("node").asString()));
        assertThat(changed).isEqualTo(hosting);

        NetworkPolicy np = ManifestParser.withDefaults().parse(yaml).networkPolicies().get(0);
        ClusterSnapshot withDraft = snapshot.withPolicy(Policies.fromNetworkPolicy(np).orElseThrow());
        for (JsonNode n : preview.get("changedNodes")) {
            var expected = compiler.compile(withDraft, n.get("node").asString());
            assertThat(n.get("iptablesRestore").asString()).isEqualTo(expected.iptablesRestore());
            assertThat(n.get("ipsetRestore").asString()).isEqualTo(expected.ipsetRestore());
            assertThat(n.get("draftHash").asString()).isEqualTo(expected.hash());
            assertThat(n.get("currentHash").asString()).isEqualTo(compiler.compile(snapshot, n.get("node").asString()).hash());
            assertThat(n.get("after").get("isolatedPods").asInt()).isGreaterThan(n.get("before").get("isolatedPods").asInt());
            assertThat(n.get("diff").get("chains").size()).isPositive();
        }
    }

    /**
     * What {@code node-agent render --state dump.yaml} writes: the cluster as {@code kubectl get
     * namespaces,nodes,pods,networkpolicies -A -o yaml} dumps it (here: read from the API server, with the draft
     * added), parsed and assembled the way the render CLI's state file is, compiled with the default options. The
     * console's preview text must be byte-identical to it, although the console builds its snapshot from informers.
     */
    @Test
    void previewTextIsWhatNodeAgentRenderWritesForTheClusterWithTheDraft() throws Exception {
        String yaml = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: api-egress, namespace: backend}
                spec:
                  podSelector: {matchLabels: {app: api}}
                  policyTypes: [Ingress, Egress]
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: frontend}}}]
                    ports: [{port: http}, {protocol: TCP, port: 9000, endPort: 9100}]
                  egress:
                  - to:
                    - namespaceSelector: {matchLabels: {team: data}}
                      podSelector: {matchExpressions: [{key: app, operator: In, values: [postgres, redis]}]}
                    - ipBlock: {cidr: 10.0.0.0/8, except: [10.96.0.0/12]}
                    ports: [{port: postgres}, {protocol: UDP, port: 53}]
                """;
        Eventually.until("informers caught up", () -> cluster.snapshot().pods().size() == client.pods().inAnyNamespace().list().getItems().size()
                && cluster.snapshot().clusterNetworkPolicies().size() >= 3
                && cluster.snapshot().stagedPolicies().size() == cluster.stagedPolicyObjects().size()
                && cluster.snapshot().stagedClusterNetworkPolicies().size() == cluster.stagedClusterPolicyObjects().size());
        String body = mvc.perform(post("/api/v1/preview").contentType("application/yaml").content(yaml))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        JsonNode preview = JsonMapper.builder().build().readTree(body);
        assertThat(preview.get("changedNodes").size()).isPositive();

        List<HasMetadata> items = new ArrayList<>();
        items.addAll(client.namespaces().list().getItems());
        items.addAll(client.nodes().list().getItems());
        items.addAll(client.pods().inAnyNamespace().list().getItems());
        items.addAll(client.network().v1().networkPolicies().inAnyNamespace().list().getItems());
        // the demo's ClusterNetworkPolicies: render --state takes them beside the rest, and nodes compile their tiers
        items.addAll(cluster.clusterNetworkPolicies());
        items.add(ManifestParser.withDefaults().parse(yaml).networkPolicies().get(0));
        String dump = Serialization.asYaml(new KubernetesListBuilder().withItems(items).build());
        // as RenderCommand.StateFile.load and RenderCommand.run do it
        ClusterSnapshot rendered = SnapshotAssembler.assemble(new ManifestParser(1L << 30, UnknownKinds.IGNORE).parse(dump)).orElseThrow();
        // the demo's StagedNetworkPolicies and StagedClusterNetworkPolicy add counting chains on the nodes of the pods they
        // select (this manifest reader does not take those kinds): staged beside the rest, as the agents' watch stages them
        for (var staged : cluster.stagedPolicyObjects()) {
            rendered = rendered.withStagedPolicy(io.netfence.engine.snapshot.StagedPolicyConverter.convert(staged));
        }
        for (var staged : cluster.stagedClusterPolicyObjects()) {
            rendered = rendered.withStagedClusterNetworkPolicy(io.netfence.engine.snapshot.StagedClusterNetworkPolicyConverter.convert(staged));
        }
        NodeRulesetCompiler renderCompiler = new NodeRulesetCompiler(CompilerOptions.DEFAULTS);
        for (JsonNode n : preview.get("changedNodes")) {
            NodeRuleset r = renderCompiler.compile(rendered, n.get("node").asString());
            assertThat(n.get("iptablesRestore").asString()).as("iptables.restore of %s", r.nodeName()).isEqualTo(r.iptablesRestore());
            assertThat(n.get("ipsetRestore").asString()).as("ipset.restore of %s", r.nodeName()).isEqualTo(r.ipsetRestore());
            assertThat(n.get("draftHash").asString()).isEqualTo(r.hash());
        }
    }

    @Test
    void diffListsSetMembersTheDraftAdds() throws Exception {
        // redis-from-backend edited to admit the frontend namespace instead: a set of the frontend pods' addresses appears
        // (a selector no other policy uses: sets are named by the peer, and the demo's tenant-default-deny has team=web)
        String yaml = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: redis-from-backend, namespace: data}
                spec:
                  podSelector: {matchLabels: {app: redis}}
                  policyTypes: [Ingress]
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {team: web, env: prod}}}, {ipBlock: {cidr: 198.51.100.0/24}}]
                    ports: [{port: 6379}]
                """;
        String frontendIp = cluster.snapshot().pods().stream().filter(p -> p.namespace().equals("frontend") && p.selectable())
                .findFirst().orElseThrow().ips().get(0);
        mvc.perform(post("/api/v1/preview").contentType("application/yaml").content(yaml))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.changedNodes[*].diff.sets[?(@.change == 'ADDED')].addedMembers[*]",
                        org.hamcrest.Matchers.hasItem(frontendIp)))
                .andExpect(jsonPath("$.changedNodes[*].diff.sets[?(@.change == 'ADDED')].addedMembers[*]",
                        org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.startsWith("198.51.100.0/24"))))
                .andExpect(jsonPath("$.changedNodes[*].diff.chains[*].removedRules[*]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.empty())))
                // what the user changed in the policy itself, above what it does to the rules
                .andExpect(jsonPath("$.policyDiff.unified", containsString("+")))
                .andExpect(jsonPath("$.policyDiff.unified", containsString("198.51.100.0/24")))
                // every chain and set the change names is explained: the new peer sets and the policy's chain
                .andExpect(jsonPath("$.changedNodes[0].diff.legend.*", org.hamcrest.Matchers.hasItem("peer ipBlock 198.51.100.0/24")))
                .andExpect(jsonPath("$.changedNodes[0].diff.legend.*", org.hamcrest.Matchers.hasItem("peer all pods in namespaces env=prod,team=web")))
                .andExpect(jsonPath("$.changedNodes[0].diff.legend.*", org.hamcrest.Matchers.hasItem(containsString("ingress rules of policy data/redis-from-backend"))));
        mvc.perform(get("/preview").session(sessionWith(yaml)))
                .andExpect(content().string(containsString(frontendIp)))
                .andExpect(content().string(containsString("class=\"diff-del\"")))
                .andExpect(content().string(containsString("id=\"policy-diff\"")))
                .andExpect(content().string(containsString("stored version → your draft")))
                .andExpect(content().string(containsString("What the chains and sets below hold")));
    }

    private MockHttpSession sessionWith(String yaml) throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/composer/yaml").session(session).param("yaml", yaml)).andExpect(status().isOk());
        return session;
    }

    @Test
    void pageShowsTheSessionDraftDiff() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(get("/preview").session(session)).andExpect(content().string(containsString("There is no draft yet")));
        mvc.perform(get("/composer").session(session).param("template", "default-deny-ingress").param("namespace", "backend"))
                .andExpect(status().isOk());
        mvc.perform(get("/preview").session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("backend/default-deny-ingress")))
                .andExpect(content().string(containsString("class=\"diff-add\"")))
                .andExpect(content().string(containsString("*filter")));
    }

    @Test
    void invalidDraftExplainsWhyThereIsNoPreview() throws Exception {
        mvc.perform(post("/api/v1/preview").contentType("application/yaml").content("kind: [\n"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].message", containsString("YAML syntax error")));
    }

    @Test
    void draftEqualToAnExistingPolicyChangesNothing() throws Exception {
        String yaml = DraftYaml.toYaml(DraftYaml.toForm(cluster.networkPolicy("data", "redis-from-backend").orElseThrow()));
        mvc.perform(post("/api/v1/preview").contentType("application/yaml").content(yaml))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.changedNodes").isEmpty())
                .andExpect(jsonPath("$.unchangedNodes.length()").value(3));
    }

    /** The "unchanged draft" shortcut must not hide a real edit of a stored policy: its nodes are compiled and compared. */
    @Test
    void editOfAnExistingPolicyComparesItsNodes() throws Exception {
        String stored = DraftYaml.toYaml(DraftYaml.toForm(cluster.networkPolicy("data", "redis-from-backend").orElseThrow()));
        assertThat(stored).contains("6379");
        String yaml = stored.replace("6379", "6380");
        ClusterSnapshot snapshot = cluster.snapshot();
        Set<String> hosting = snapshot.podsInNamespace("data").stream().filter(p -> "redis".equals(p.labels().get("app")))
                .map(PodInfo::nodeName).collect(Collectors.toCollection(TreeSet::new));
        String body = mvc.perform(post("/api/v1/preview").contentType("application/yaml").content(yaml))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        JsonNode preview = JsonMapper.builder().build().readTree(body);
        Set<String> changed = new TreeSet<>();
        preview.get("changedNodes").forEach(n -> changed.add(n.get("node").asString()));
        assertThat(changed).isNotEmpty().isEqualTo(hosting);
        NetworkPolicy np = ManifestParser.withDefaults().parse(yaml).networkPolicies().get(0);
        ClusterSnapshot withDraft = snapshot.withPolicy(Policies.fromNetworkPolicy(np).orElseThrow());
        for (JsonNode n : preview.get("changedNodes")) {
            assertThat(n.get("draftHash").asString()).isEqualTo(compiler.compile(withDraft, n.get("node").asString()).hash());
            assertThat(n.get("iptablesRestore").asString()).contains("6380");
        }
    }

    /** The page links each changed node's complete scripts; they are the engine's output for the cluster with the draft. */
    @Test
    void theCompleteScriptsOfAChangedNodeAreTheEngineOutput() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(get("/preview/nodes/node-1/iptables").session(session)).andExpect(status().isNotFound());
        mvc.perform(get("/composer").session(session).param("template", "default-deny-ingress").param("namespace", "backend"))
                .andExpect(status().isOk());
        String page = mvc.perform(get("/preview").session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        var link = java.util.regex.Pattern.compile("href=\"/preview/nodes/([^/\"]+)/iptables\"").matcher(page);
        assertThat(link.find()).as("a link to a changed node's iptables-restore script").isTrue();
        String node = link.group(1);
        String yaml = DraftYaml.toYaml(io.netfence.admin.composer.DraftTemplates.create("default-deny-ingress", "backend", null).orElseThrow());
        NetworkPolicy np = ManifestParser.withDefaults().parse(yaml).networkPolicies().get(0);
        NodeRuleset expected = compiler.compile(cluster.snapshot().withPolicy(Policies.fromNetworkPolicy(np).orElseThrow()), node);
        mvc.perform(get("/preview/nodes/{n}/iptables", node).session(session)).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/plain"))
                .andExpect(content().string(expected.iptablesRestore()));
        mvc.perform(get("/preview/nodes/{n}/ipset", node).session(session)).andExpect(content().string(expected.ipsetRestore()));
        mvc.perform(get("/preview/nodes/no-such-node/ipset").session(session)).andExpect(status().isNotFound());
        mvc.perform(get("/preview/nodes/{n}/bash", node).session(session)).andExpect(status().isNotFound());
    }
}
