package io.netfence.admin.push;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.demo.DemoApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The write-path defects of issue 8, each as a user meets it; every test here fails on the console before the push pipeline. */
@ConsoleTest
class PushRegressionTest {

    static final String NS = "monitoring";
    static final String NAME = "push-regression";

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    KubernetesClient client;
    @Autowired
    DemoApiServer demo;

    @BeforeEach
    void loaded() {
        Eventually.demoClusterLoaded(cluster);
    }

    @AfterEach
    void cleanUp() {
        policy().deleteAndAwaitGone();
    }

    TestPolicy policy() {
        return new TestPolicy(client, cluster, NS, NAME);
    }

    NetworkPolicy stored() {
        return policy().stored();
    }

    NetworkPolicy createPolicy() {
        NetworkPolicy np = new NetworkPolicyBuilder().withNewMetadata().withNamespace(NS).withName(NAME)
                .withLabels(Map.of("app.kubernetes.io/managed-by", "argocd"))
                .withAnnotations(Map.of("owner", "team-platform"))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("argoproj.io/v1alpha1").withKind("Application")
                        .withName("monitoring").withUid("0c5b2a6e-1d5e-4a53-9b1b-5d1f4b0f1e11").build())
                .endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app.kubernetes.io/name", "prometheus").endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress().withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(9090)).build()).endIngress()
                .endSpec().build();
        NetworkPolicy created = client.network().v1().networkPolicies().inNamespace(NS).resource(np).create();
        Eventually.until("the policy is in the live model", () -> cluster.networkPolicy(NS, NAME)
                .map(p -> p.getMetadata().getResourceVersion().equals(created.getMetadata().getResourceVersion())).orElse(false));
        return created;
    }

    /** Opens the policy in the composer of this session and returns the YAML the composer shows. */
    String openInComposer(MockHttpSession session) throws Exception {
        String html = mvc.perform(get("/composer").param("edit", NS + "/" + NAME).session(session))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Matcher m = Pattern.compile("<textarea[^>]*id=\"yaml-editor\"[^>]*>(.*?)</textarea>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("the composer shows the YAML").isTrue();
        return HtmlUtils.htmlUnescape(m.group(1));
    }

    void editYaml(MockHttpSession session, String yaml) throws Exception {
        mvc.perform(post("/composer/yaml").session(session).param("yaml", yaml)).andExpect(status().isOk());
    }

    @Test
    void twoEditorsPushTheSamePolicyTheSecondGetsTheConflictPageAndTheFirstWriteIsIntact() throws Exception {
        createPolicy();
        MockHttpSession alice = new MockHttpSession();
        MockHttpSession bob = new MockHttpSession();
        String aliceYaml = openInComposer(alice);
        String bobYaml = openInComposer(bob);

        editYaml(alice, aliceYaml.replace("9090", "9091"));
        mvc.perform(post("/preview/apply").session(alice));
        assertThat(stored().getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(9091);
        Eventually.until("alice's write is in the live model", () -> cluster.networkPolicy(NS, NAME)
                .map(p -> p.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal() == 9091).orElse(false));

        // bob changes the protocol of the version he opened, after alice's write
        editYaml(bob, bobYaml.replace("TCP", "UDP"));
        var response = mvc.perform(post("/preview/apply").session(bob)).andReturn().getResponse();
        var now = stored();
        assertThat(now.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).as("alice's change is intact").isEqualTo(9091);
        assertThat(now.getSpec().getIngress().get(0).getPorts().get(0).getProtocol()).isEqualTo("TCP");
        assertThat(response.getStatus()).isEqualTo(303);
        mvc.perform(get(response.getRedirectedUrl()).session(bob)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"conflict\"")))
                .andExpect(content().string(containsString("9091")));
    }

    @Test
    void theApiRefusesAStaleResourceVersionAndNamesTheCurrentOne() throws Exception {
        NetworkPolicy created = createPolicy();
        String stale = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: push-regression, namespace: monitoring, resourceVersion: "1"}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """;
        mvc.perform(post("/api/v1/policies").contentType("application/yaml").content(stale))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.errors[0].path").value("metadata.resourceVersion"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString(created.getMetadata().getResourceVersion())))
                .andExpect(jsonPath("$.currentResourceVersion").value(created.getMetadata().getResourceVersion()));
        assertThat(stored().getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "prometheus");
    }

    @Test
    void editingAPortInTheComposerKeepsLabelsAnnotationsAndOwnerReferences() throws Exception {
        createPolicy();
        MockHttpSession session = new MockHttpSession();
        String yaml = openInComposer(session);
        editYaml(session, yaml.replace("9090", "9443"));
        mvc.perform(post("/preview/apply").session(session));

        NetworkPolicy now = stored();
        assertThat(now.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(9443);
        assertThat(now.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "argocd");
        assertThat(now.getMetadata().getAnnotations()).containsEntry("owner", "team-platform");
        assertThat(now.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("monitoring"));
        assertThat(yaml).as("the composer shows the labels and annotations").contains("app.kubernetes.io/managed-by").contains("owner");
    }

    @Test
    void aNewDraftWithAnExistingNameIsAConflictShownBeforeThePushAndNeverReplacesIt() throws Exception {
        createPolicy();
        MockHttpSession session = new MockHttpSession();
        editYaml(session, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: push-regression, namespace: monitoring}
                spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
                """);
        String preview = mvc.perform(get("/preview").session(session)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        var response = mvc.perform(post("/preview/apply").session(session)).andReturn().getResponse();
        assertThat(stored().getSpec().getPolicyTypes()).as("not replaced").containsExactly("Ingress");
        assertThat(stored().getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "prometheus");
        assertThat(response.getStatus()).isEqualTo(303);
        mvc.perform(get(response.getRedirectedUrl()).session(session)).andExpect(content().string(containsString("already exists")));
        assertThat(preview).as("the preview shows the conflict before the push, without an apply button")
                .contains("id=\"exists-conflict\"").doesNotContain("id=\"apply-button\"");
    }

    @Test
    void applyRedirectsAndRefreshingTheResultPageNeverWritesAgain() throws Exception {
        MockHttpSession session = new MockHttpSession();
        editYaml(session, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: push-regression, namespace: monitoring}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """);
        PolicyWrites before = PolicyWrites.from(demo);
        String location = mvc.perform(post("/preview/apply").session(session))
                .andExpect(status().isSeeOther()).andExpect(header().string("Location", containsString("/push/result/")))
                .andReturn().getResponse().getRedirectedUrl();
        mvc.perform(get(location).session(session)).andExpect(status().isOk()).andExpect(content().string(containsString("Created")));
        mvc.perform(get(location).session(session)).andExpect(status().isOk()).andExpect(content().string(containsString("Created")));
        var writes = before.since().stream()
                .filter(w -> w.contains("/networkpolicies")).toList();
        assertThat(writes).as("one dry-run, then exactly one write").containsExactly(
                "POST /apis/networking.k8s.io/v1/namespaces/monitoring/networkpolicies?dryRun=All",
                "POST /apis/networking.k8s.io/v1/namespaces/monitoring/networkpolicies");
        assertThat(stored()).isNotNull();
    }
}
