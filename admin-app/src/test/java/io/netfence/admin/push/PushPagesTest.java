package io.netfence.admin.push;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.audit.AuditEntry;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.demo.DemoApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

import java.util.List;
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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The push pages: composer metadata, conflict page and rebase, delete with its impact, results at the field. */
@ConsoleTest
class PushPagesTest {

    static final String NS = "monitoring";
    static final String NAME = "push-pages";

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

    NetworkPolicy create() {
        NetworkPolicy created = client.network().v1().networkPolicies().inNamespace(NS).resource(new NetworkPolicyBuilder()
                .withNewMetadata().withNamespace(NS).withName(NAME).withLabels(Map.of("app.kubernetes.io/managed-by", "argocd"))
                .withAnnotations(Map.of("owner", "<script>alert(1)</script>")).endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app.kubernetes.io/name", "prometheus").endPodSelector()
                .addNewIngress().withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(9090)).build()).endIngress()
                .endSpec().build()).create();
        inLiveModel(created.getMetadata().getResourceVersion());
        return created;
    }

    void inLiveModel(String rv) {
        policy().awaitInLiveModel(rv);
    }

    static String textarea(String html) {
        Matcher m = Pattern.compile("<textarea[^>]*id=\"yaml-editor\"[^>]*>(.*?)</textarea>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        return HtmlUtils.htmlUnescape(m.group(1));
    }

    @Test
    void theComposerShowsWhatItEditsAndLabelsAndAnnotationsRoundTripThroughTheForm() throws Exception {
        NetworkPolicy created = create();
        MockHttpSession session = new MockHttpSession();
        String page = mvc.perform(get("/composer").param("edit", NS + "/" + NAME).session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"draft-mode\"").contains("at resourceVersion")
                .contains("id=\"draft-resource-version\">" + created.getMetadata().getResourceVersion() + "<")
                .contains("name=\"labels[0].key\" value=\"app.kubernetes.io/managed-by\"")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)</script>");
        for (String other : new String[] {"/policies/" + NS + "/" + NAME, "/policies/" + NS + "/" + NAME + "/delete"}) {
            assertThat(mvc.perform(get(other)).andReturn().getResponse().getContentAsString()).as(other)
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)</script>");
        }
        assertThat(textarea(page)).contains("resourceVersion: \"" + created.getMetadata().getResourceVersion() + "\"")
                .contains("app.kubernetes.io/managed-by: argocd");

        // the form: add an annotation row and fill it; the YAML follows, with the version kept
        String yaml = mvc.perform(post("/composer/form").session(session)
                        .param("name", NAME).param("namespace", NS).param("resourceVersion", created.getMetadata().getResourceVersion())
                        .param("labels[0].key", "app.kubernetes.io/managed-by").param("labels[0].value", "argocd")
                        .param("annotations[0].key", "owner").param("annotations[0].value", "team-platform")
                        .param("podSelector.labels[0].key", "app.kubernetes.io/name").param("podSelector.labels[0].value", "prometheus")
                        .param("ingress[0].present", "true").param("ingress[0].ports[0].protocol", "TCP").param("ingress[0].ports[0].port", "9443"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(HtmlUtils.htmlUnescape(yaml)).contains("owner: team-platform").contains("resourceVersion: \"" + created.getMetadata().getResourceVersion() + "\"");
        String added = mvc.perform(post("/composer/form").session(session).param("name", NAME).param("namespace", NS)
                        .param("action", "add:annotations")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(added).contains("name=\"annotations[0].key\"");

        // new policies say so
        mvc.perform(get("/composer").param("template", "default-deny-ingress").param("namespace", NS).session(session))
                .andExpect(content().string(containsString("new policy")))
                .andExpect(content().string(not(containsString("id=\"draft-resource-version\""))));
    }

    @Test
    void removingEveryLabelInTheFormRemovesThemFromThePolicy() throws Exception {
        NetworkPolicy created = create();
        MockHttpSession session = new MockHttpSession();
        mvc.perform(get("/composer").param("edit", NS + "/" + NAME).session(session)).andExpect(status().isOk());
        mvc.perform(post("/composer/form").session(session)
                .param("name", NAME).param("namespace", NS).param("resourceVersion", created.getMetadata().getResourceVersion())
                .param("annotations[0].key", "owner").param("annotations[0].value", "team-platform")
                .param("podSelector.labels[0].key", "app.kubernetes.io/name").param("podSelector.labels[0].value", "prometheus")
                .param("ingress[0].present", "true").param("ingress[0].ports[0].protocol", "TCP").param("ingress[0].ports[0].port", "9090"));
        mvc.perform(post("/preview/apply").session(session)).andExpect(status().isSeeOther());
        assertThat(stored().getMetadata().getLabels()).isEmpty();
        assertThat(stored().getMetadata().getAnnotations()).as("the user's one annotation, and the console's record of who wrote it")
                .containsOnlyKeys("owner", io.netfence.admin.audit.AuditAnnotation.KEY).containsEntry("owner", "team-platform");
    }

    @Test
    void theConflictPageShowsBothVersionsTheDiffAndTheImpactAndRebaseLeadsBackToThePreview() throws Exception {
        create();
        MockHttpSession mine = new MockHttpSession();
        String yaml = textarea(mvc.perform(get("/composer").param("edit", NS + "/" + NAME).session(mine)).andReturn().getResponse().getContentAsString());
        // someone else adds a label meanwhile
        NetworkPolicy theirs = client.network().v1().networkPolicies().inNamespace(NS).withName(NAME)
                .edit(np -> new NetworkPolicyBuilder(np).editMetadata().addToLabels("reviewed-by", "bob").endMetadata().build());
        inLiveModel(theirs.getMetadata().getResourceVersion());
        mvc.perform(post("/composer/yaml").session(mine).param("yaml", yaml.replace("9090", "9091")));
        mvc.perform(get("/preview").session(mine)).andExpect(content().string(containsString("id=\"stale-draft\"")));

        String location = mvc.perform(post("/preview/apply").session(mine)).andExpect(status().isSeeOther())
                .andReturn().getResponse().getRedirectedUrl();
        String conflict = mvc.perform(get(location).session(mine)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(conflict).contains("id=\"conflict\"").contains("id=\"mine-yaml\"").contains("id=\"current-yaml\"")
                .contains("reviewed-by").contains("id=\"current-resource-version\">" + theirs.getMetadata().getResourceVersion() + "<")
                .contains("class=\"diff-del\">-       port: 9090").contains("class=\"diff-add\">+       port: 9091")
                .contains("id=\"impact-theirs\"").contains("id=\"impact-mine\"").contains("id=\"rebase-button\"").contains("id=\"discard-link\"");
        assertThat(stored().getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(9090);

        mvc.perform(post(location + "/rebase").session(mine)).andExpect(status().isSeeOther())
                .andExpect(header().string("Location", containsString("/preview")));
        assertThat(stored().getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).as("a rebase never pushes").isEqualTo(9090);
        String rebased = textarea(mvc.perform(get("/composer").session(mine)).andReturn().getResponse().getContentAsString());
        assertThat(rebased).contains("port: 9091").contains("resourceVersion: \"" + theirs.getMetadata().getResourceVersion() + "\"");
        mvc.perform(post("/preview/apply").session(mine)).andExpect(status().isSeeOther());
        NetworkPolicy now = stored();
        assertThat(now.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(9091);
        assertThat(now.getMetadata().getLabels()).as("their label survives the rebase").containsEntry("reviewed-by", "bob");
    }

    @Test
    void deleteShowsTheImpactFirstAndDeletesOnlyTheVersionSeen() throws Exception {
        NetworkPolicy created = create();
        String rv = created.getMetadata().getResourceVersion();
        mvc.perform(get("/policies/" + NS + "/" + NAME)).andExpect(content().string(containsString("id=\"delete-link\"")));
        String confirm = mvc.perform(get("/policies/" + NS + "/" + NAME + "/delete")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(confirm).contains("id=\"delete-resource-version\">" + rv + "<").contains("name=\"resourceVersion\" value=\"" + rv + "\"")
                .contains("class=\"impact-nodes\"").containsPattern("class=\"impact-cells\">[1-9]");

        // someone changes it before the confirmation: nothing is deleted
        NetworkPolicy changed = client.network().v1().networkPolicies().inNamespace(NS).withName(NAME)
                .edit(np -> new NetworkPolicyBuilder(np).editMetadata().addToLabels("x", "y").endMetadata().build());
        PolicyWrites writes = PolicyWrites.from(demo);
        MockHttpSession session = new MockHttpSession();
        String conflict = mvc.perform(post("/policies/" + NS + "/" + NAME + "/delete").session(session).param("resourceVersion", rv))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getRedirectedUrl();
        mvc.perform(get(conflict).session(session)).andExpect(content().string(containsString("changed since you opened it")));
        assertThat(stored()).isNotNull();

        String done = mvc.perform(post("/policies/" + NS + "/" + NAME + "/delete").session(session)
                        .param("resourceVersion", changed.getMetadata().getResourceVersion()))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getRedirectedUrl();
        mvc.perform(get(done).session(session)).andExpect(content().string(containsString("Deleted NetworkPolicy " + NS + "/" + NAME)));
        mvc.perform(get(done).session(session)).andExpect(status().isOk());
        assertThat(stored()).isNull();
        assertThat(writes.since().stream().filter(w -> w.contains(NAME)).toList())
                .containsExactly("DELETE /apis/networking.k8s.io/v1/namespaces/monitoring/networkpolicies/push-pages?dryRun=All",
                        "DELETE /apis/networking.k8s.io/v1/namespaces/monitoring/networkpolicies/push-pages");
    }

    @Test
    void anApiServerRejectionIsShownAtTheFieldItNames() throws Exception {
        MockHttpSession session = new MockHttpSession();
        PushResults results = new PushResults();
        String id = results.put(new PushOutcome(PushOutcome.Status.INVALID, AuditEntry.Verb.CREATE, NS, NAME,
                "The API server rejected monitoring/push-pages in the dry run; nothing was written.",
                List.of(new FieldProblem("spec.ingress[0].ports[0].port", "spec.ingress[0].ports[0].port: Invalid value: 8080: denied by policy <b>")),
                "kind: NetworkPolicy", null, null));
        session.setAttribute("scopedTarget.pushResults", results);
        mvc.perform(get("/push/result/" + id).session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("data-path=\"spec.ingress[0].ports[0].port\"")))
                .andExpect(content().string(containsString("denied by policy &lt;b&gt;")));
        mvc.perform(get("/push/result/unknown").session(session)).andExpect(status().isNotFound());
    }

    @Test
    void theDemoAdmissionRefusesTheDryRunTheResultAndTheComposerShowItAtTheFieldAndNothingIsWritten() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/composer/yaml").session(session).param("yaml", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: push-pages, namespace: kube-system}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """)).andExpect(content().string(containsString("id=\"draft-valid\"")));
        PolicyWrites before = PolicyWrites.from(demo);
        String location = mvc.perform(post("/preview/apply").session(session)).andExpect(status().isSeeOther())
                .andReturn().getResponse().getRedirectedUrl();
        mvc.perform(get(location).session(session))
                .andExpect(content().string(containsString("data-path=\"metadata.namespace\"")))
                .andExpect(content().string(containsString("demo-protect-kube-system")))
                .andExpect(content().string(containsString("nothing was written")));
        assertThat(before.since()).as("the write is never attempted")
                .containsExactly("POST /apis/networking.k8s.io/v1/namespaces/kube-system/networkpolicies?dryRun=All");
        assertThat(client.network().v1().networkPolicies().inNamespace("kube-system").withName(NAME).get()).isNull();
        // back in the composer the refusal sits at its field, until the draft changes
        String composer = mvc.perform(get("/composer").session(session)).andReturn().getResponse().getContentAsString();
        assertThat(HtmlUtils.htmlUnescape(composer)).contains("The API server refused it").contains("\"path\":\"metadata.namespace\"");
    }

    @Test
    @WithMockUser(username = "victor", roles = "VIEWER")
    void aViewerPreviewsButCannotPush() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/composer/yaml").session(session).param("yaml", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: push-pages, namespace: monitoring}
                spec: {podSelector: {}}
                """));
        mvc.perform(get("/preview").session(session)).andExpect(status().isOk());
        mvc.perform(post("/preview/apply").session(session)).andExpect(status().isForbidden());
        assertThat(stored()).isNull();
    }
}
