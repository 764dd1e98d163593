package io.netfence.admin.composer;

import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@ConsoleTest
class ComposerTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;

    @BeforeEach
    void loaded() {
        Eventually.demoClusterLoaded(cluster);
    }

    @Test
    void templateDefaultDenyIngressSelectsEveryPodOfTheNamespace() throws Exception {
        mvc.perform(get("/composer").param("template", "default-deny-ingress").param("namespace", "backend"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("name: default-deny-ingress")))
                .andExpect(content().string(containsString("namespace: backend")))
                .andExpect(content().string(containsString("<span id=\"selected-count\">12</span>")));
    }

    @Test
    void everyTemplateIsValid() throws Exception {
        for (var t : DraftTemplates.ALL) {
            String yaml = DraftYaml.toYaml(DraftTemplates.create(t.id(), "frontend", "ingress-nginx").orElseThrow());
            mvc.perform(post("/api/v1/drafts/analyze").contentType("application/yaml").content(yaml))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.errors", hasSize(0)));
        }
    }

    @Test
    void theSixTemplatesDoWhatTheirNamesSay() throws Exception {
        assertThat(DraftTemplates.ALL).extracting(DraftTemplates.Template::id).containsExactly("default-deny-ingress",
                "default-deny-egress", "allow-same-namespace", "allow-dns-egress", "allow-from-namespace", "allow-to-cidr");
        int dataPods = (int) cluster.snapshot().pods().stream().filter(p -> p.namespace().equals("data") && p.selectable()).count();
        analyzeTemplate("default-deny-ingress", null)
                .andExpect(jsonPath("$.resolved.policyTypes", contains("Ingress")))
                .andExpect(jsonPath("$.resolved.selectedPods", hasSize(dataPods)))
                .andExpect(jsonPath("$.resolved.ingress", hasSize(0)));
        analyzeTemplate("default-deny-egress", null)
                .andExpect(jsonPath("$.resolved.policyTypes", contains("Egress")))
                .andExpect(jsonPath("$.resolved.selectedPods", hasSize(dataPods)))
                .andExpect(jsonPath("$.resolved.egress", hasSize(0)));
        analyzeTemplate("allow-same-namespace", null)
                .andExpect(jsonPath("$.resolved.policyTypes", contains("Ingress")))
                .andExpect(jsonPath("$.resolved.ingress[0].peers[0].pods", hasSize(dataPods)))
                .andExpect(jsonPath("$.resolved.ingress[0].peers[0].pods", everyItem(startsWith("data/"))))
                .andExpect(jsonPath("$.resolved.ingress[0].ports[0]").value("all ports and protocols"));
        analyzeTemplate("allow-dns-egress", null)
                .andExpect(jsonPath("$.resolved.policyTypes", contains("Egress")))
                .andExpect(jsonPath("$.resolved.egress[0].peers[0].pods", not(empty())))
                .andExpect(jsonPath("$.resolved.egress[0].peers[0].pods", everyItem(startsWith("kube-system/coredns"))))
                .andExpect(jsonPath("$.resolved.egress[0].ports", hasSize(2)))
                .andExpect(jsonPath("$.resolved.egress[0].ports", everyItem(containsString("53"))));
        analyzeTemplate("allow-from-namespace", "ingress-nginx")
                .andExpect(jsonPath("$.resolved.name").value("allow-from-ingress-nginx"))
                .andExpect(jsonPath("$.resolved.policyTypes", contains("Ingress")))
                .andExpect(jsonPath("$.resolved.ingress[0].peers[0].pods", not(empty())))
                .andExpect(jsonPath("$.resolved.ingress[0].peers[0].pods", everyItem(startsWith("ingress-nginx/"))));
        analyzeTemplate("allow-to-cidr", null)
                .andExpect(jsonPath("$.resolved.policyTypes", contains("Egress")))
                .andExpect(jsonPath("$.resolved.egress[0].peers[0].cidrs", contains("203.0.113.0/24", "except 203.0.113.128/25")));
    }

    private org.springframework.test.web.servlet.ResultActions analyzeTemplate(String id, String from) throws Exception {
        String yaml = DraftYaml.toYaml(DraftTemplates.create(id, "data", from).orElseThrow());
        return mvc.perform(post("/api/v1/drafts/analyze").contentType("application/yaml").content(yaml))
                .andExpect(status().isOk()).andExpect(jsonPath("$.errors", hasSize(0)));
    }

    @Test
    void composerOffersLiveLabelKeysValuesAndPortNames() throws Exception {
        mvc.perform(get("/composer").param("template", "allow-dns-egress").param("namespace", "data"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<datalist id=\"pod-label-keys\">")))
                .andExpect(content().string(containsString("<option value=\"pod-template-hash\"></option>")))
                .andExpect(content().string(containsString("<option value=\"postgres\"></option>")))
                .andExpect(content().string(containsString("<option value=\"kubernetes.io/metadata.name\"></option>")))
                .andExpect(content().string(containsString("<option value=\"ingress-nginx\"></option>")))
                .andExpect(content().string(containsString("<datalist id=\"port-names\">")))
                .andExpect(content().string(containsString("list=\"pod-label-keys\"")))
                .andExpect(content().string(containsString("list=\"ns-label-values\"")))
                .andExpect(content().string(containsString("list=\"port-names\"")));
    }

    @Test
    void analyzeResolvesPeersAndLints() throws Exception {
        String yaml = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: api-egress, namespace: backend}
                spec:
                  podSelector: {matchLabels: {app: api}}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - namespaceSelector: {matchLabels: {team: data}}
                      podSelector: {matchExpressions: [{key: app, operator: In, values: [postgres, redis]}]}
                    ports: [{port: postgres}]
                """;
        mvc.perform(post("/api/v1/drafts/analyze").contentType("application/yaml").content(yaml))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.resolved.selectedPods", hasSize(4)))
                .andExpect(jsonPath("$.resolved.egress[0].peers[0].pods", hasSize(6)))
                .andExpect(jsonPath("$.warnings[*].code", hasItem("egress-blocks-dns")));
    }

    @Test
    void invalidFieldsAreReportedWithPathAndLine() throws Exception {
        String yaml = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: bad, namespace: backend}
                spec:
                  podSelector: {}
                  ingress:
                  - from:
                    - ipBlock: {cidr: 10.0.0.0/8, except: [192.168.0.0/16]}
                    ports:
                    - port: 70000
                """;
        mvc.perform(post("/api/v1/drafts/analyze").contentType("application/yaml").content(yaml))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[*].path", hasItem("spec.ingress[0].ports[0].port")))
                .andExpect(jsonPath("$.errors[*].path", hasItem("spec.ingress[0].from[0].ipBlock.except[0]")))
                .andExpect(jsonPath("$.errors[?(@.path == 'spec.ingress[0].ports[0].port')].line").value(10));
    }

    /** The analysis tells the page whether the form still mirrors the YAML (console.js pauses a stale form). */
    @Test
    void theAnalysisSaysWhenTheFormNoLongerMirrorsTheYaml() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/composer/yaml").session(session).param("yaml", "kind: NetworkPolicy\nspec: {podSelector: {}\n"))
                .andExpect(content().string(containsString("data-form-readable=\"false\"")));
        mvc.perform(post("/composer/yaml").session(session).param("yaml",
                        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: data}\nspec: {podSelector: {}}\n"))
                .andExpect(content().string(containsString("data-form-readable=\"true\"")))
                .andExpect(content().string(containsString("id=\"f-name\"")));
    }

    /** Issue 10's trap: "Allow from a namespace" always used ingress-nginx; the user picks it from the live namespaces. */
    @Test
    void allowFromANamespaceUsesTheNamespaceTheUserPicks() throws Exception {
        String page = mvc.perform(get("/composer").param("template", "allow-from-namespace").param("namespace", "backend")
                        .param("from", "monitoring").session(new MockHttpSession()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("name: allow-from-monitoring").contains("kubernetes.io/metadata.name: monitoring")
                .doesNotContain("ingress-nginx\n");
        assertThat(page).contains("<select id=\"template-from\" name=\"from\">");
        for (String ns : new String[] {"frontend", "backend", "data", "monitoring", "ingress-nginx", "kube-system"}) {
            assertThat(page).as("every live namespace is offered").contains("<option value=\"" + ns + "\"");
        }
        assertThat(page).contains("<option value=\"monitoring\" selected=\"selected\">monitoring</option>");
    }

    /** Issue 10's trap: an empty composer showed red errors before anything was typed, the namespace one twice. */
    @Test
    void anEmptyComposerShowsNoErrorsUntilTheFirstEditAndThenEachOnce() throws Exception {
        MockHttpSession session = new MockHttpSession();
        String fresh = mvc.perform(get("/composer").session(session)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(fresh).contains("id=\"draft-pristine\"").doesNotContain("id=\"draft-errors\"").contains("data-errors=\"[]\"");

        String afterEdit = mvc.perform(post("/composer/form").session(session).param("name", "web")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(afterEdit).contains("id=\"draft-errors\"").doesNotContain("id=\"draft-pristine\"");
        String errors = afterEdit.substring(afterEdit.indexOf("id=\"draft-errors\""));
        assertThat(errors.split("metadata.namespace: Required value", -1)).as("the namespace problem, once").hasSize(2);
        mvc.perform(post("/api/v1/drafts/analyze").contentType("application/yaml")
                        .content("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web}\nspec: {podSelector: {}}\n"))
                .andExpect(jsonPath("$.errors[?(@.path == 'metadata.namespace')]", hasSize(1)));
    }

    @Test
    void unparseableYamlAndOtherKindsGetAClearMessage() throws Exception {
        mvc.perform(post("/composer/yaml").param("yaml", "kind: NetworkPolicy\nspec: [unclosed"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("YAML syntax error")))
                .andExpect(content().string(not(containsString("Exception"))));
        // what and where in the user's terms: the line, the column, the offending text and the fix; no parser jargon
        mvc.perform(post("/api/v1/drafts/analyze").contentType("application/yaml")
                        .content("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: backend\nspec: {}\n"))
                .andExpect(jsonPath("$.errors[0].line").value(3))
                .andExpect(jsonPath("$.errors[0].message").value("YAML syntax error at column 11: the `{` opened here is not closed: "
                        + "add the matching `}` (or a `,` between its entries); the line: `metadata: {name: x, namespace: backend`"));
        mvc.perform(post("/api/v1/drafts/analyze").contentType("application/yaml")
                        .content("apiVersion: v1\nkind: Pod\nmetadata: {name: x, namespace: backend}\n"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].message", containsString("kind: Pod")))
                .andExpect(jsonPath("$.errors[0].message", containsString("is not a NetworkPolicy")));
        mvc.perform(post("/api/v1/drafts/analyze").contentType("application/yaml")
                        .content("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: nowhere}\nspec: {podSelector: {}}\n"))
                .andExpect(jsonPath("$.errors[0].message", containsString("namespace \"nowhere\" does not exist")));
    }

    @Test
    void formChangesRewriteTheYamlAndYamlChangesRedrawTheForm() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/composer/form").session(session)
                        .param("name", "web-in").param("namespace", "frontend")
                        .param("podSelector.labels[0].key", "app").param("podSelector.labels[0].value", "web")
                        .param("ingressType", "on").param("_ingressType", "on").param("_egressType", "on")
                        .param("ingress[0].peers[0].type", "namespaces")
                        .param("ingress[0].peers[0].namespaceSelector.labels[0].key", "kubernetes.io/metadata.name")
                        .param("ingress[0].peers[0].namespaceSelector.labels[0].value", "ingress-nginx")
                        .param("ingress[0].ports[0].protocol", "TCP").param("ingress[0].ports[0].port", "http"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"yaml-editor\"")))
                .andExpect(content().string(containsString("hx-swap-oob=\"true\"")))
                .andExpect(content().string(containsString("kubernetes.io/metadata.name: ingress-nginx")))
                .andExpect(content().string(containsString("port: http")))
                .andExpect(content().string(containsString("<span id=\"selected-count\">4</span>")));
        // the session's draft is what the preview uses; "New policy" for a namespace starts over
        mvc.perform(get("/composer").session(session)).andExpect(content().string(containsString("name: web-in")));
        mvc.perform(get("/composer").session(session).param("namespace", "data"))
                .andExpect(content().string(not(containsString("name: web-in"))))
                .andExpect(content().string(containsString("namespace: data")));

        mvc.perform(post("/composer/yaml").session(session).param("yaml", """
                        apiVersion: networking.k8s.io/v1
                        kind: NetworkPolicy
                        metadata: {name: x, namespace: data}
                        spec:
                          podSelector: {matchLabels: {app: kafka}}
                          egress:
                          - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
                            ports: [{protocol: TCP, port: 9000, endPort: 9100}]
                        """))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"form-fields\" hx-swap-oob=\"true\"")))
                .andExpect(content().string(containsString("value=\"10.0.0.0/8\"")))
                .andExpect(content().string(containsString("value=\"9100\"")))
                .andExpect(content().string(containsString("<option value=\"ipBlock\" selected=\"selected\">")));
    }

    @Test
    void expressionsBothSelectorsOfAPeerAndPortRangesSurviveFormToYamlToForm() throws Exception {
        String yaml = mvc.perform(post("/composer/form")
                        .param("name", "kafka-egress").param("namespace", "data")
                        .param("podSelector.expressions[0].key", "app").param("podSelector.expressions[0].operator", "In")
                        .param("podSelector.expressions[0].values", "kafka, zookeeper")
                        .param("podSelector.expressions[1].key", "canary").param("podSelector.expressions[1].operator", "DoesNotExist")
                        .param("_ingressType", "on").param("egressType", "on").param("_egressType", "on")
                        .param("egress[0].peers[0].type", "pods-in-namespaces")
                        .param("egress[0].peers[0].namespaceSelector.labels[0].key", "team")
                        .param("egress[0].peers[0].namespaceSelector.labels[0].value", "api")
                        .param("egress[0].peers[0].podSelector.expressions[0].key", "tier")
                        .param("egress[0].peers[0].podSelector.expressions[0].operator", "NotIn")
                        .param("egress[0].peers[0].podSelector.expressions[0].values", "db")
                        .param("egress[0].ports[0].protocol", "UDP").param("egress[0].ports[0].port", "30000")
                        .param("egress[0].ports[0].endPort", "30100"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<span id=\"selected-count\">3</span>")))
                .andReturn().getResponse().getContentAsString();
        io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy np = io.netfence.engine.manifest.ManifestParser.withDefaults()
                .parse(org.springframework.web.util.HtmlUtils.htmlUnescape(
                        yaml.substring(yaml.indexOf(">", yaml.indexOf("id=\"yaml-editor\"")) + 1, yaml.indexOf("</textarea>", yaml.indexOf("id=\"yaml-editor\"")))))
                .networkPolicies().get(0);
        var sel = np.getSpec().getPodSelector().getMatchExpressions();
        assertThat(sel).hasSize(2);
        assertThat(sel.get(0).getValues()).containsExactly("kafka", "zookeeper");
        assertThat(sel.get(1).getOperator()).isEqualTo("DoesNotExist");
        assertThat(np.getSpec().getPolicyTypes()).containsExactly("Egress");
        var peer = np.getSpec().getEgress().get(0).getTo().get(0);
        assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("team", "api");
        assertThat(peer.getPodSelector().getMatchExpressions().get(0).getOperator()).isEqualTo("NotIn");
        var port = np.getSpec().getEgress().get(0).getPorts().get(0);
        assertThat(port.getProtocol()).isEqualTo("UDP");
        assertThat(port.getPort().getIntVal()).isEqualTo(30000);
        assertThat(port.getEndPort()).isEqualTo(30100);

        // and back: the YAML redraws the same rows in the form
        mvc.perform(post("/composer/yaml").param("yaml", io.netfence.admin.composer.DraftYaml.toYaml(DraftYaml.toForm(np))))
                .andExpect(content().string(containsString("name=\"egress[0].peers[0].podSelector.expressions[0].values\" value=\"db\"")))
                .andExpect(content().string(containsString("name=\"podSelector.expressions[0].values\" value=\"kafka,zookeeper\"")))
                .andExpect(content().string(containsString("<option value=\"pods-in-namespaces\" selected=\"selected\">")))
                .andExpect(content().string(containsString("value=\"30100\"")));
    }

    @Test
    void addAndRemoveButtonsEditTheForm() throws Exception {
        mvc.perform(post("/composer/form").param("name", "p").param("namespace", "data").param("action", "add:ingress"))
                .andExpect(content().string(containsString("spec.ingress[0]")))
                .andExpect(content().string(containsString("  ingress:\n  - {}")));
        mvc.perform(post("/composer/form").param("name", "p").param("namespace", "data")
                        .param("ingress[0].present", "true").param("action", "add:ingress[0].peers"))
                .andExpect(content().string(containsString("name=\"ingress[0].peers[0].type\"")));
        mvc.perform(post("/composer/form").param("name", "p").param("namespace", "data")
                        .param("ingress[0].ports[0].port", "80").param("action", "remove:ingress[0]"))
                .andExpect(content().string(not(containsString("spec.ingress[0]"))));
    }

    @Test
    void uploadLoadsTheFileAndRefusesLargeOrBinaryFiles() throws Exception {
        String yaml = DraftYaml.toYaml(DraftTemplates.create("allow-dns-egress", "data", null).orElseThrow());
        mvc.perform(multipart("/composer/upload").file(new MockMultipartFile("file", "dns.yaml", "application/yaml", yaml.getBytes())))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Loaded &quot;dns.yaml&quot;")))
                .andExpect(content().string(containsString("k8s-app: kube-dns")));
        byte[] big = new byte[10 * 1024 * 1024];
        Arrays.fill(big, (byte) 'a');
        mvc.perform(multipart("/composer/upload").file(new MockMultipartFile("file", "huge.yaml", "application/yaml", big)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("The file was not loaded")))
                .andExpect(content().string(containsString("10485760 bytes")));
        mvc.perform(multipart("/composer/upload").file(new MockMultipartFile("file", "x.bin", "application/octet-stream", new byte[]{(byte) 0xff, (byte) 0xfe, 0})))
                .andExpect(content().string(containsString("is not UTF-8 text")));
    }

    @Test
    void userTextInTheDraftIsEscaped() throws Exception {
        mvc.perform(post("/composer/yaml").param("yaml", """
                        apiVersion: networking.k8s.io/v1
                        kind: NetworkPolicy
                        metadata: {name: "<script>alert(1)</script>", namespace: data}
                        spec: {podSelector: {matchLabels: {app: "<script>x</script>"}}}
                        """))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("<script>alert(1)"))))
                .andExpect(content().string(not(containsString("<script>x"))))
                .andExpect(content().string(containsString("&lt;script&gt;")));
    }
}
