package io.netfence.admin.clusterpolicies;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.audit.AuditAnnotation;
import io.netfence.admin.audit.AuditEvents;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.demo.DemoApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.HtmlUtils;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Pushing ClusterNetworkPolicies from the console: create after a dry run, update of only what the user edited,
 * a stale resourceVersion as a conflict without a write, delete of the version shown, roles and CSRF.
 */
@ConsoleTest
class ClusterPushTest {

    static final String NAME = "push-test-cnp";

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    KubernetesClient client;
    @Autowired
    DemoApiServer demo;
    @Autowired
    WebApplicationContext context;

    @BeforeEach
    void loaded() {
        Eventually.demoClusterLoaded(cluster);
        Eventually.until("demo CNPs", () -> cluster.clusterNetworkPolicy("tenant-default-deny").isPresent());
    }

    @AfterEach
    void cleanUp() {
        for (String name : List.of(NAME, "deny-cloud-metadata")) {
            GenericKubernetesResource left = stored(name);
            if (left != null && left.getMetadata().getFinalizers() != null && !left.getMetadata().getFinalizers().isEmpty()) {
                // the test's finalizer would keep it (deletionTimestamp set) as a real API server does
                left.getMetadata().setFinalizers(List.of());
                ClusterPushService.policies(client).resource(left).update();
            }
            ClusterPushService.policies(client).withName(name).delete();
            Eventually.until(name + " gone", () -> cluster.clusterNetworkPolicy(name).isEmpty()
                    && cluster.snapshot().clusterNetworkPolicy(name).isEmpty());
        }
    }

    GenericKubernetesResource stored(String name) {
        return ClusterPushService.policies(client).withName(name).get();
    }

    /** Writes that reached the API server for ClusterNetworkPolicies since {@code mark}. */
    List<String> writesSince(long mark) {
        return demo.writeRequestsSince(mark).stream().filter(w -> w.contains("/clusternetworkpolicies")).toList();
    }

    String apply(MockHttpSession session) throws Exception {
        String location = mvc.perform(post("/preview/cluster/apply").session(session))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/push/cluster-result/");
        return location;
    }

    GenericKubernetesResource createDirectly() {
        String yaml = """
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata:
                  name: %s
                  labels: {app.kubernetes.io/managed-by: argocd}
                  annotations: {owner: platform-team}
                  finalizers: [example.com/keep]
                spec:
                  tier: Admin
                  priority: 40
                  subject: {namespaces: {matchLabels: {team: data}}}
                  futureField: {kept: true}
                  ingress:
                  - name: deny-web
                    action: Deny
                    from: [{namespaces: {matchLabels: {team: web}}}]
                """.formatted(NAME);
        GenericKubernetesResource r = client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
        GenericKubernetesResource created = ClusterPushService.policies(client).resource(r).create();
        created.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Accepted", "status", "True",
                "reason", "Enforced", "message", "set by the writer of status", "lastTransitionTime", "2026-11-30T00:00:00Z"))));
        GenericKubernetesResource withStatus = ClusterPushService.policies(client).resource(created).updateStatus();
        Eventually.until("the console sees it", () -> cluster.clusterNetworkPolicy(NAME)
                .filter(o -> o.getMetadata().getResourceVersion().equals(withStatus.getMetadata().getResourceVersion())).isPresent());
        return withStatus;
    }

    @Test
    void aTemplateIsCreatedAfterADryRunAndARefreshOfTheResultNeverWritesAgain() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(get("/composer/cluster").param("template", "block-cloud-metadata").session(session)).andExpect(status().isOk());
        mvc.perform(get("/preview/cluster").session(session))
                .andExpect(content().string(containsString("id=\"apply-button\"")))
                .andExpect(content().string(containsString("pushing creates")));
        long mark = demo.writeCount();
        String result = apply(session);
        assertThat(writesSince(mark)).as("the dry run, then the one write").containsExactly(
                "POST /apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies?dryRun=All",
                "POST /apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies");
        GenericKubernetesResource created = stored("deny-cloud-metadata");
        assertThat(created).isNotNull();
        assertThat(AuditAnnotation.KEY).isIn(created.getMetadata().getAnnotations().keySet());
        assertThat(created.getMetadata().getAnnotations().get(AuditAnnotation.KEY)).contains("\"user\":\"test-editor\"");
        long afterWrite = demo.writeCount();
        for (int i = 0; i < 2; i++) {
            mvc.perform(get(result).session(session)).andExpect(status().isOk())
                    .andExpect(content().string(containsString("Created ClusterNetworkPolicy deny-cloud-metadata")));
        }
        assertThat(writesSince(afterWrite).stream().filter(w -> !w.startsWith("POST /api/v1/namespaces/default/events")))
                .as("a refresh of the result page writes nothing").isEmpty();
        // the audit Event: cluster-scoped objects' Events go to "default", naming the kind
        Eventually.until("the audit Event", () -> client.v1().events().inNamespace(AuditEvents.CLUSTER_SCOPED_NAMESPACE)
                .withLabel(AuditEvents.LABEL, "true").list().getItems().stream()
                .anyMatch(e -> "ClusterNetworkPolicy".equals(e.getInvolvedObject().getKind())
                        && "policy.networking.k8s.io/v1alpha2".equals(e.getInvolvedObject().getApiVersion())
                        && "deny-cloud-metadata".equals(e.getInvolvedObject().getName())
                        && e.getInvolvedObject().getNamespace() == null
                        && e.getMessage().startsWith("test-editor (") && e.getMessage().contains(") created ClusterNetworkPolicy deny-cloud-metadata")));
        // pushing the same new draft again from another session is refused: a new draft never replaces a policy
        MockHttpSession other = new MockHttpSession();
        mvc.perform(get("/composer/cluster").param("template", "block-cloud-metadata").session(other));
        mvc.perform(get("/preview/cluster").session(other)).andExpect(content().string(containsString("id=\"exists-conflict\"")));
    }

    @Test
    void anUpdateChangesOnlyTheSpecAndKeepsLabelsAnnotationsStatusFinalizersAndUnknownFields() throws Exception {
        GenericKubernetesResource before = createDirectly();
        MockHttpSession session = new MockHttpSession();
        String html = mvc.perform(get("/composer/cluster").param("edit", NAME).session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        String yaml = ClusterComposerTest.yamlOf(html);
        assertThat(yaml).doesNotContain("futureField").doesNotContain("status");
        // the user edits the priority and the rule's action in the YAML, nothing else
        String edited = yaml.replace("priority: 40", "priority: 45").replace("action: Deny", "action: Pass");
        mvc.perform(post("/composer/cluster/yaml").param("yaml", edited).session(session))
                .andExpect(content().string(containsString("id=\"draft-valid\"")));
        long mark = demo.writeCount();
        String result = apply(session);
        mvc.perform(get(result).session(session)).andExpect(content().string(containsString("Updated ClusterNetworkPolicy " + NAME
                + " from resourceVersion " + before.getMetadata().getResourceVersion())));
        assertThat(writesSince(mark)).containsExactly(
                "PUT /apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies/" + NAME + "?dryRun=All",
                "PUT /apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies/" + NAME);
        GenericKubernetesResource after = stored(NAME);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) after.getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("priority", 45).containsEntry("futureField", Map.of("kept", true));
        assertThat(spec.get("ingress").toString()).contains("action=Pass");
        assertThat(after.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "argocd");
        assertThat(after.getMetadata().getAnnotations()).containsEntry("owner", "platform-team").containsKey(AuditAnnotation.KEY);
        assertThat(after.getMetadata().getFinalizers()).containsExactly("example.com/keep");
        assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
        assertThat(after.getAdditionalProperties().get("status").toString()).contains("set by the writer of status");
        // the session's draft now edits the version just written
        mvc.perform(get("/composer/cluster").session(session))
                .andExpect(content().string(containsString("id=\"draft-resource-version\">" + after.getMetadata().getResourceVersion() + "<")));
    }

    @Test
    void aStaleResourceVersionIsAConflictAndNothingIsWritten() throws Exception {
        GenericKubernetesResource before = createDirectly();
        MockHttpSession session = new MockHttpSession();
        String yaml = ClusterComposerTest.yamlOf(mvc.perform(get("/composer/cluster").param("edit", NAME).session(session))
                .andReturn().getResponse().getContentAsString());
        mvc.perform(post("/composer/cluster/yaml").param("yaml", yaml.replace("priority: 40", "priority: 41")).session(session));
        // someone else changes it meanwhile
        GenericKubernetesResource theirs = stored(NAME);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) theirs.getAdditionalProperties().get("spec");
        spec.put("priority", 99);
        GenericKubernetesResource changed = ClusterPushService.policies(client).resource(theirs).update();
        Eventually.until("the console sees their change", () -> cluster.clusterNetworkPolicy(NAME)
                .filter(o -> o.getMetadata().getResourceVersion().equals(changed.getMetadata().getResourceVersion())).isPresent());
        mvc.perform(get("/preview/cluster").session(session)).andExpect(content().string(containsString("id=\"stale-draft\"")));
        long mark = demo.writeCount();
        String result = apply(session);
        String page = HtmlUtils.htmlUnescape(mvc.perform(get(result).session(session)).andReturn().getResponse().getContentAsString());
        assertThat(page).contains("data-status=\"CONFLICT\"")
                .contains("was changed since you opened it (you started from resourceVersion " + before.getMetadata().getResourceVersion()
                        + ", it is now " + changed.getMetadata().getResourceVersion() + "); nothing was written.")
                .contains("id=\"current-yaml\"");
        assertThat(writesSince(mark)).as("no write, not even a dry run").isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> now = (Map<String, Object>) stored(NAME).getAdditionalProperties().get("spec");
        assertThat(now).containsEntry("priority", 99);
    }

    @Test
    void deleteShowsItsImpactThenDeletesExactlyTheVersionShown() throws Exception {
        GenericKubernetesResource created = createDirectly();
        String rv = created.getMetadata().getResourceVersion();
        mvc.perform(get("/clusternetworkpolicies/" + NAME)).andExpect(content().string(containsString("/clusternetworkpolicies/" + NAME + "/delete")));
        mvc.perform(get("/clusternetworkpolicies/" + NAME + "/delete"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"delete-resource-version\">" + rv + "<")))
                .andExpect(content().string(containsString("id=\"changed-count\"")))
                .andExpect(content().string(containsString("-  tier: Admin")));
        // a stale version deletes nothing
        MockHttpSession session = new MockHttpSession();
        String stale = mvc.perform(post("/clusternetworkpolicies/" + NAME + "/delete").param("resourceVersion", "1").session(session))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getRedirectedUrl();
        mvc.perform(get(stale).session(session)).andExpect(content().string(containsString("data-status=\"CONFLICT\"")));
        assertThat(stored(NAME)).isNotNull();
        long mark = demo.writeCount();
        String done = mvc.perform(post("/clusternetworkpolicies/" + NAME + "/delete").param("resourceVersion", rv).session(session))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getRedirectedUrl();
        mvc.perform(get(done).session(session)).andExpect(content().string(containsString("Deleted ClusterNetworkPolicy " + NAME + " (was resourceVersion " + rv + ")")));
        assertThat(writesSince(mark)).containsExactly(
                "DELETE /apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies/" + NAME + "?dryRun=All",
                "DELETE /apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies/" + NAME);
        // deleted: its finalizer's owner removes it for good, as on a real API server
        assertThat(stored(NAME).getMetadata().getDeletionTimestamp()).isNotNull();
    }

    @Test
    @WithMockUser(username = "victor", roles = "VIEWER")
    void aViewerComposesAndPreviewsButCannotPushOrDelete() throws Exception {
        GenericKubernetesResource created = createDirectly();
        MockHttpSession session = new MockHttpSession();
        mvc.perform(get("/composer/cluster").param("template", "block-cloud-metadata").session(session)).andExpect(status().isOk());
        mvc.perform(get("/preview/cluster").session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"changed-count\"")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("id=\"apply-button\""))));
        long mark = demo.writeCount();
        mvc.perform(post("/preview/cluster/apply").session(session)).andExpect(status().isForbidden());
        mvc.perform(post("/clusternetworkpolicies/" + NAME + "/delete").param("resourceVersion", created.getMetadata().getResourceVersion()))
                .andExpect(status().isForbidden());
        assertThat(writesSince(mark)).isEmpty();
        assertThat(stored("deny-cloud-metadata")).isNull();
        assertThat(stored(NAME)).isNotNull();
    }

    @Test
    void pushAndDeleteNeedTheSessionsCsrfToken() throws Exception {
        GenericKubernetesResource created = createDirectly();
        // without the suite's defaults: no CSRF token unless the request carries one
        MockMvc plain = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        MockHttpSession session = new MockHttpSession();
        plain.perform(get("/composer/cluster").param("template", "block-cloud-metadata").session(session).with(user("editor").roles("EDITOR")))
                .andExpect(status().isOk());
        long mark = demo.writeCount();
        plain.perform(post("/preview/cluster/apply").session(session).with(user("editor").roles("EDITOR"))).andExpect(status().isForbidden());
        plain.perform(post("/clusternetworkpolicies/" + NAME + "/delete").param("resourceVersion", created.getMetadata().getResourceVersion())
                .with(user("editor").roles("EDITOR"))).andExpect(status().isForbidden());
        plain.perform(post("/composer/cluster/yaml").param("yaml", "x").with(user("editor").roles("EDITOR"))).andExpect(status().isForbidden());
        assertThat(writesSince(mark)).isEmpty();
        plain.perform(post("/preview/cluster/apply").session(session).with(user("editor").roles("EDITOR")).with(csrf()))
                .andExpect(status().isSeeOther());
        assertThat(stored("deny-cloud-metadata")).as("with the token the same push goes through").isNotNull();
    }
}
