package io.netfence.admin.clusterpolicies;

import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.validation.Policies;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The ClusterNetworkPolicy composer: templates, the form ↔ YAML round trip, validation and lint at the field. */
@ConsoleTest
class ClusterComposerTest {

    private static final Pattern YAML = Pattern.compile("<textarea[^>]*id=\"yaml-editor\"[^>]*>(.*?)</textarea>", Pattern.DOTALL);

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;

    @BeforeEach
    void loaded() {
        Eventually.demoClusterLoaded(cluster);
    }

    static String yamlOf(String html) {
        Matcher m = YAML.matcher(html);
        assertThat(m.find()).as("the page has the YAML editor").isTrue();
        return HtmlUtils.htmlUnescape(m.group(1));
    }

    static GenericKubernetesResource parse(String yaml) {
        return ManifestParser.withDefaults().parse(yaml).clusterNetworkPolicies().get(0);
    }

    @Test
    void everyTemplateRendersAValidClusterNetworkPolicyWithItsIntent() throws Exception {
        for (ClusterDraftTemplates.Template t : ClusterDraftTemplates.ALL) {
            MockHttpSession session = new MockHttpSession();
            String html = mvc.perform(get("/composer/cluster").param("template", t.id()).session(session))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("id=\"draft-valid\"")))
                    .andExpect(content().string(not(containsString("id=\"draft-errors\""))))
                    .andReturn().getResponse().getContentAsString();
            GenericKubernetesResource cnp = parse(yamlOf(html));
            var validated = Policies.fromClusterNetworkPolicy(cnp);
            assertThat(validated.errors()).as(t.id()).isEmpty();
            var p = validated.policy();
            switch (t.id()) {
                case "tenant-isolation" -> {
                    assertThat(p.tier().apiName()).isEqualTo("Admin");
                    assertThat(p.ingress()).singleElement().satisfies(r -> assertThat(r.action().apiName()).isEqualTo("Deny"));
                    // data's namespace is the subject; web (another tenant) is denied, the platform's monitoring is not
                    var s = cluster.snapshot();
                    assertThat(s.pods().stream().filter(pod -> p.subject().selects(pod, s.namespaceLabels(pod.namespace())))
                            .map(pod -> pod.namespace()).distinct()).containsExactly("data");
                    var peer = p.ingress().get(0).peers().get(0);
                    assertThat(peer.describe()).contains("team");
                }
                case "allow-monitoring" -> {
                    assertThat(p.ingress()).singleElement().satisfies(r -> {
                        assertThat(r.action().apiName()).isEqualTo("Accept");
                        assertThat(r.ports()).singleElement().satisfies(port -> assertThat(port.namedPort()).isEqualTo("metrics"));
                    });
                }
                case "block-cloud-metadata" -> {
                    assertThat(p.egress()).singleElement().satisfies(r -> {
                        assertThat(r.action().apiName()).isEqualTo("Deny");
                        assertThat(r.peers().get(0).describe()).contains("169.254.169.254/32");
                    });
                }
                case "baseline-default-deny" -> {
                    assertThat(p.tier().apiName()).isEqualTo("Baseline");
                    assertThat(p.ingress()).singleElement().satisfies(r -> assertThat(r.action().apiName()).isEqualTo("Deny"));
                }
                default -> throw new AssertionError("untested template " + t.id());
            }
        }
    }

    @Test
    void validationErrorsNameTheFieldAndTheLine() throws Exception {
        String yaml = """
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata: {name: bad-one}
                spec:
                  tier: Middle
                  priority: 1001
                  subject: {namespaces: {}}
                  egress:
                  - action: Deny
                    to:
                    - networks: ["10.0.0.0/33"]
                    protocols:
                    - tcp: {destinationPort: {range: {start: 90, end: 80}}}
                """;
        String html = mvc.perform(post("/composer/cluster/yaml").param("yaml", yaml))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String text = HtmlUtils.htmlUnescape(html);
        assertThat(text).contains("Not a valid ClusterNetworkPolicy yet")
                .contains("spec.tier: Unsupported value: \"Middle\"")
                .contains("spec.priority")
                .contains("spec.egress[0].to[0].networks[0]")
                .contains("spec.egress[0].protocols[0].tcp.destinationPort.range")
                .contains("line 5: </span><span>spec.tier").contains("line 13: </span><span>spec.egress[0].protocols[0]");
        // the form shows each error at its field: the paths go to the page script
        assertThat(text).contains("\"path\":\"spec.tier\"").contains("\"path\":\"spec.priority\"");
    }

    @Test
    void parseErrorsAreInUserTermsAndAnotherKindIsNamed() throws Exception {
        String broken = mvc.perform(post("/composer/cluster/yaml").param("yaml", "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nspec: {tier: [\n"))
                .andReturn().getResponse().getContentAsString();
        assertThat(HtmlUtils.htmlUnescape(broken)).contains("Not a valid ClusterNetworkPolicy yet").contains("line ")
                .doesNotContain("Exception").doesNotContain("tools.jackson");
        String np = mvc.perform(post("/composer/cluster/yaml").param("yaml",
                        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: data}\nspec: {podSelector: {}}\n"))
                .andReturn().getResponse().getContentAsString();
        assertThat(HtmlUtils.htmlUnescape(np)).contains("kind: NetworkPolicy (NetworkPolicy data/x) is not a ClusterNetworkPolicy");
    }

    @Test
    void theFormWritesTheYamlAndItsButtonsAddRulesPeersAndPorts() throws Exception {
        MockHttpSession session = new MockHttpSession();
        String html = mvc.perform(post("/composer/cluster/form").session(session)
                        .param("name", "from-the-form").param("tier", "Admin").param("priority", "42")
                        .param("subjectType", "pods")
                        .param("subjectNamespaces.labels[0].key", "team").param("subjectNamespaces.labels[0].value", "data")
                        .param("subjectPods.labels[0].key", "app").param("subjectPods.labels[0].value", "postgres")
                        .param("ingress[0].name", "deny-web").param("ingress[0].action", "Deny")
                        .param("ingress[0].peers[0].type", "namespaces")
                        .param("ingress[0].peers[0].namespaceSelector.labels[0].key", "team")
                        .param("ingress[0].peers[0].namespaceSelector.labels[0].value", "web")
                        .param("ingress[0].ports[0].protocol", "TCP").param("ingress[0].ports[0].port", "5432")
                        .param("ingress[0].ports[1].protocol", "UDP").param("ingress[0].ports[1].port", "1000")
                        .param("ingress[0].ports[1].endPort", "2000")
                        .param("action", "add:egress"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String yaml = yamlOf(html);
        GenericKubernetesResource cnp = parse(yaml);
        @SuppressWarnings("unchecked")
        var spec = (java.util.Map<String, Object>) cnp.getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("tier", "Admin").containsEntry("priority", 42);
        assertThat(yaml).contains("podSelector:").contains("app: postgres").contains("name: deny-web")
                .contains("number: 5432").contains("start: 1000").contains("end: 2000").contains("udp:");
        // the added egress rule has no peer yet: the analysis names the missing field
        assertThat(HtmlUtils.htmlUnescape(html)).contains("spec.egress[0].to");
        // and the YAML round-trips through the form unchanged
        assertThat(ClusterDraftYaml.toYaml(ClusterDraftYaml.toForm(cnp))).isEqualTo(yaml);
    }

    @Test
    void editingStartsFromTheStoredVersionAndTheDetailPageLinksIt() throws Exception {
        Eventually.until("demo CNPs", () -> cluster.clusterNetworkPolicy("tenant-default-deny").isPresent());
        String rv = cluster.clusterNetworkPolicy("tenant-default-deny").orElseThrow().getMetadata().getResourceVersion();
        mvc.perform(get("/clusternetworkpolicies/tenant-default-deny"))
                .andExpect(content().string(containsString("href=\"/composer/cluster?edit=tenant-default-deny\"")));
        MockHttpSession session = new MockHttpSession();
        String html = mvc.perform(get("/composer/cluster").param("edit", "tenant-default-deny").session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"draft-resource-version\">" + rv + "<")))
                .andReturn().getResponse().getContentAsString();
        String yaml = yamlOf(html);
        assertThat(yaml).contains("resourceVersion: \"" + rv + "\"").contains("deny-from-web-tenant");
        mvc.perform(get("/preview/cluster").session(session))
                .andExpect(content().string(containsString("id=\"push-mode\"")))
                .andExpect(content().string(containsString("at resourceVersion <strong class=\"mono\">" + rv + "</strong>")))
                .andExpect(content().string(containsString("— unchanged from the stored version")));
    }
}
