package io.netfence.admin.staged;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.audit.AuditAnnotation;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.demo.DemoApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * "Push as staged": the composer's draft written as a StagedNetworkPolicy — a create after a dry run, an update of the
 * version opened from the Staged page that changes only the spec (labels, annotations, unknown fields kept), a changed
 * object as a conflict without a write — and the same through the JSON API.
 */
@ConsoleTest
class StagedPushTest {

    static final String NS = "frontend";
    static final String PATH = "/apis/netfence.io/v1alpha1/namespaces/" + NS + "/stagednetworkpolicies";

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    KubernetesClient client;
    @Autowired
    DemoApiServer demo;

    final MockHttpSession session = new MockHttpSession();

    @BeforeEach
    void loaded() {
        Eventually.demoClusterLoaded(cluster);
    }

    @AfterEach
    void cleanUp() {
        for (String name : List.of("default-deny-ingress", "web-staged")) {
            StagedObjects.in(client, NS).withName(name).delete();
            Eventually.until(name + " gone", () -> cluster.stagedPolicy(NS, name).isEmpty() && cluster.snapshot().stagedPolicy(NS, name).isEmpty());
        }
    }

    GenericKubernetesResource stored(String name) {
        return StagedObjects.in(client, NS).withName(name).get();
    }

    List<String> writesSince(long mark) {
        return demo.writeRequestsSince(mark).stream().filter(w -> w.contains("/stagednetworkpolicies") || w.contains("/networkpolicies")).toList();
    }

    String push() throws Exception {
        String location = mvc.perform(post("/staged/push").session(session)).andExpect(status().isSeeOther())
                .andReturn().getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/staged/result/");
        return mvc.perform(get(location).session(session)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    GenericKubernetesResource createDirectly() {
        String yaml = """
                apiVersion: netfence.io/v1alpha1
                kind: StagedNetworkPolicy
                metadata:
                  name: web-staged
                  namespace: frontend
                  labels: {owner: web-team}
                  annotations: {example.com/ticket: NET-42}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  policyTypes: [Ingress]
                  futureField: {kept: true}
                  ingress:
                  - ports: [{protocol: TCP, port: http}]
                """;
        GenericKubernetesResource created = StagedObjects.in(client, NS)
                .resource(client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class)).create();
        Eventually.until("the console sees it", () -> cluster.stagedPolicy(NS, "web-staged")
                .filter(o -> o.getMetadata().getResourceVersion().equals(created.getMetadata().getResourceVersion())).isPresent());
        return created;
    }

    @Test
    void aNewDraftIsCreatedAsStagedAfterADryRunAndNothingIsEnforced() throws Exception {
        mvc.perform(get("/composer").param("template", "default-deny-ingress").param("namespace", NS).session(session)).andExpect(status().isOk());
        mvc.perform(get("/preview").session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"push-staged-button\"")))
                .andExpect(content().string(containsString("creates StagedNetworkPolicy")));
        long mark = demo.writeCount();
        String result = push();
        assertThat(result).contains("data-status=\"CREATED\"").contains("Created StagedNetworkPolicy frontend/default-deny-ingress");
        assertThat(writesSince(mark)).containsExactly("POST " + PATH + "?dryRun=All", "POST " + PATH);
        GenericKubernetesResource s = stored("default-deny-ingress");
        assertThat(s).isNotNull();
        assertThat(s.getAdditionalProperties().get("spec")).isEqualTo(Map.of("podSelector", Map.of(), "policyTypes", List.of("Ingress")));
        assertThat(s.getMetadata().getAnnotations().get(AuditAnnotation.KEY)).contains("\"user\":\"test-editor\"");
        assertThat(client.network().v1().networkPolicies().inNamespace(NS).withName("default-deny-ingress").get())
                .as("no NetworkPolicy: staged only").isNull();
        Eventually.until("the console stages it", () -> cluster.snapshot().stagedPolicy(NS, "default-deny-ingress").isPresent());
        // a second new draft of that name is refused, never replaces it
        mvc.perform(get("/composer").param("template", "default-deny-ingress").param("namespace", NS).session(session));
        mvc.perform(get("/preview").session(session)).andExpect(content().string(containsString("id=\"staged-name-taken\"")));
    }

    @Test
    void anUpdateChangesOnlyTheSpecOfTheVersionOpenedAndKeepsLabelsAnnotationsAndUnknownFields() throws Exception {
        GenericKubernetesResource created = createDirectly();
        mvc.perform(get("/staged/" + NS + "/web-staged/edit").session(session)).andExpect(status().isSeeOther());
        String composer = mvc.perform(get("/composer").session(session)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(composer).contains("web-staged");
        mvc.perform(get("/preview").session(session))
                .andExpect(content().string(containsString("updates the spec of StagedNetworkPolicy")))
                .andExpect(content().string(containsString(created.getMetadata().getResourceVersion())));
        mvc.perform(post("/composer/yaml").session(session).param("yaml", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: web-staged
                  namespace: frontend
                  labels: {owner: someone-else}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  policyTypes: [Ingress]
                  ingress:
                  - ports: [{protocol: TCP, port: 8443}]
                """)).andExpect(status().isOk());
        long mark = demo.writeCount();
        assertThat(push()).contains("data-status=\"UPDATED\"");
        assertThat(writesSince(mark)).containsExactly("PUT " + PATH + "/web-staged?dryRun=All", "PUT " + PATH + "/web-staged");
        GenericKubernetesResource s = stored("web-staged");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) s.getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("futureField", Map.of("kept", true));
        assertThat(spec.get("ingress").toString()).contains("8443").doesNotContain("http");
        assertThat(s.getMetadata().getLabels()).isEqualTo(Map.of("owner", "web-team"));
        assertThat(s.getMetadata().getAnnotations()).containsEntry("example.com/ticket", "NET-42").containsKey(AuditAnnotation.KEY);
        // pushing again updates the version just written, not a conflict
        assertThat(push()).contains("data-status=\"UPDATED\"");
    }

    @Test
    void aStagedPolicyChangedSinceItWasOpenedIsAConflictAndNothingIsWritten() throws Exception {
        createDirectly();
        mvc.perform(get("/staged/" + NS + "/web-staged/edit").session(session)).andExpect(status().isSeeOther());
        GenericKubernetesResource theirs = stored("web-staged");
        theirs.getMetadata().setLabels(Map.of("owner", "them"));
        String now = StagedObjects.in(client, NS).resource(theirs).update().getMetadata().getResourceVersion();
        long mark = demo.writeCount();
        assertThat(push()).contains("data-status=\"CONFLICT\"").contains("was changed since you opened it").contains("it is now " + now);
        assertThat(writesSince(mark)).isEmpty();
        assertThat(stored("web-staged").getMetadata().getLabels()).isEqualTo(Map.of("owner", "them"));
    }

    @Test
    void theApiCreatesAStagedManifestAndUpdatesOnlyTheVersionItNames() throws Exception {
        String manifest = """
                apiVersion: netfence.io/v1alpha1
                kind: StagedNetworkPolicy
                metadata: {name: web-staged, namespace: frontend}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  policyTypes: [Ingress]
                """;
        long mark = demo.writeCount();
        mvc.perform(post("/api/v1/stagednetworkpolicies").param("dryRun", "true").contentType("application/yaml").content(manifest))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("DRY_RUN_OK"));
        assertThat(stored("web-staged")).isNull();
        String rv = com.jayway.jsonpath.JsonPath.read(mvc.perform(post("/api/v1/stagednetworkpolicies").contentType("application/yaml").content(manifest))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.status").value("CREATED"))
                .andReturn().getResponse().getContentAsString(), "$.stagedResourceVersion");
        assertThat(writesSince(mark)).containsExactly("POST " + PATH + "?dryRun=All", "POST " + PATH + "?dryRun=All", "POST " + PATH);
        mvc.perform(post("/api/v1/stagednetworkpolicies").contentType("application/yaml").content(manifest))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.errors[0].path").value("metadata.name"));
        String stale = manifest.replace("namespace: frontend}", "namespace: frontend, resourceVersion: \"1\"}");
        mvc.perform(post("/api/v1/stagednetworkpolicies").contentType("application/yaml").content(stale))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.errors[0].path").value("metadata.resourceVersion"));
        String current = manifest.replace("namespace: frontend}", "namespace: frontend, resourceVersion: \"" + rv + "\"}")
                .replace("[Ingress]", "[Ingress, Egress]");
        mvc.perform(post("/api/v1/stagednetworkpolicies").contentType("application/yaml").content(current))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UPDATED"));
        mvc.perform(post("/api/v1/stagednetworkpolicies").contentType("application/yaml").content(manifest.replace("[Ingress]", "[Sideways]")))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].path").value(containsString("spec.policyTypes")));
        mvc.perform(get("/staged")).andExpect(content().string(not(containsString("Whitelabel"))));
    }
}
