package io.netfence.admin.push;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.demo.DemoApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The JSON API's writes: explicit create and update, dry run with its impact, delete of one version. */
@ConsoleTest
class PolicyApiTest {

    static final String NS = "backend";
    static final String NAME = "api-test";
    static final String PATH = "/api/v1/policies/" + NS + "/" + NAME;
    static final String NEW = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: api-test, namespace: backend, labels: {team: api}}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """;

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

    void inLiveModel(String rv) {
        policy().awaitInLiveModel(rv);
    }

    @Test
    void createsWithoutAVersionRefusesToCreateTwiceAndUpdatesExactlyTheGivenVersion() throws Exception {
        mvc.perform(post("/api/v1/policies").contentType("application/yaml").content(NEW))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.status").value("CREATED"))
                .andExpect(jsonPath("$.resourceVersion").isNotEmpty());
        String rv = stored().getMetadata().getResourceVersion();
        inLiveModel(rv);
        mvc.perform(post("/api/v1/policies").contentType("application/yaml").content(NEW))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.errors[0].path").value("metadata.name"))
                .andExpect(jsonPath("$.currentResourceVersion").value(rv));

        mvc.perform(get(PATH)).andExpect(status().isOk()).andExpect(jsonPath("$.resourceVersion").value(rv))
                .andExpect(jsonPath("$.object.metadata.labels.team").value("api"))
                .andExpect(jsonPath("$.resolved.selectedPods").value(greaterThan(0)))
                .andExpect(jsonPath("$.warnings").isArray());

        String update = NEW.replace("labels: {team: api}", "resourceVersion: \"" + rv + "\"").replace("[Ingress]", "[Ingress, Egress]");
        mvc.perform(post("/api/v1/policies").contentType("application/yaml").content(update))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UPDATED"));
        NetworkPolicy now = stored();
        assertThat(now.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(io.netfence.admin.audit.AuditAnnotation.read(now)).as("who wrote it, in the write itself")
                .hasValueSatisfying(by -> assertThat(by.user()).isEqualTo("test-editor"));
        assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .as("an audit Event for the create and one for the update, naming the editor")
                .filteredOn(e -> NAME.equals(e.getInvolvedObject().getName()) && e.getMessage().contains("test-editor"))
                .extracting(e -> e.getReason()).contains("NetfenceCreated", "NetfenceUpdated");
        assertThat(now.getMetadata().getLabels()).as("a body without labels keeps them").containsEntry("team", "api");
        // the same body again: that version is gone now
        mvc.perform(post("/api/v1/policies").contentType("application/yaml").content(update))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.currentResourceVersion").value(now.getMetadata().getResourceVersion()))
                .andExpect(jsonPath("$.errors[0].message", containsString(now.getMetadata().getResourceVersion())));
    }

    @Test
    void jsonBodiesWork() throws Exception {
        mvc.perform(post("/api/v1/policies").contentType("application/json").content("""
                        {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"api-test","namespace":"backend"},
                         "spec":{"podSelector":{},"policyTypes":["Ingress"]}}"""))
                .andExpect(status().isCreated());
        assertThat(stored()).isNotNull();
    }

    @Test
    void aDryRunRunsEverythingButTheWriteAndSaysWhatWouldChange() throws Exception {
        PolicyWrites before = PolicyWrites.from(demo);
        mvc.perform(post("/api/v1/policies").param("dryRun", "true").contentType("application/yaml").content(NEW))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("DRY_RUN_OK"))
                .andExpect(jsonPath("$.wouldChange.nodes.length()").value(greaterThan(0)))
                .andExpect(jsonPath("$.wouldChange.nodes[0].rulesAfter").isNumber())
                .andExpect(jsonPath("$.wouldChange.cells.length()").value(greaterThan(0)))
                .andExpect(jsonPath("$.wouldChange.cells[0].allowedAfter").value(false));
        assertThat(stored()).isNull();
        assertThat(before.since())
                .containsExactly("POST /apis/networking.k8s.io/v1/namespaces/backend/networkpolicies?dryRun=All");
    }

    @Test
    void invalidDraftsAre422WithTheFieldAndNothingIsSent() throws Exception {
        PolicyWrites before = PolicyWrites.from(demo);
        mvc.perform(post("/api/v1/policies").contentType("application/yaml").content(NEW.replace("api-test", "Bad_Name")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].path").value("metadata.name"))
                .andExpect(jsonPath("$.errors[0].message", containsString("Bad_Name")));
        mvc.perform(post("/api/v1/policies").contentType("application/yaml").content("kind: ["))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors").isArray());
        assertThat(before.since()).isEmpty();
    }

    @Test
    void deleteNeedsTheCurrentResourceVersion() throws Exception {
        mvc.perform(post("/api/v1/policies").contentType("application/yaml").content(NEW)).andExpect(status().isCreated());
        String rv = stored().getMetadata().getResourceVersion();
        inLiveModel(rv); // the dry run's impact is worked out from the live model, which the informer fills a moment later
        mvc.perform(delete(PATH)).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].path").value("resourceVersion"));
        mvc.perform(delete(PATH).param("resourceVersion", "1")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.currentResourceVersion").value(rv));
        mvc.perform(delete(PATH).param("resourceVersion", rv).param("dryRun", "true")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("DRY_RUN_OK"))
                .andExpect(jsonPath("$.wouldChange.nodes.length()").value(greaterThan(0)));
        assertThat(stored()).as("a dry-run delete deletes nothing").isNotNull();
        mvc.perform(delete(PATH).param("resourceVersion", rv)).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("DELETED"));
        assertThat(stored()).isNull();
        mvc.perform(delete(PATH).param("resourceVersion", rv)).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.errors[0].message", containsString("no NetworkPolicy")));
    }

    @Test
    @WithMockUser(username = "victor", roles = "VIEWER")
    void aViewerGets403AndNothingIsWritten() throws Exception {
        PolicyWrites before = PolicyWrites.from(demo);
        mvc.perform(post("/api/v1/policies").contentType("application/yaml").content(NEW)).andExpect(status().isForbidden());
        mvc.perform(delete(PATH).param("resourceVersion", "1")).andExpect(status().isForbidden());
        assertThat(before.since()).isEmpty();
        assertThat(stored()).isNull();
        // a viewer still previews
        mvc.perform(post("/api/v1/preview").contentType("application/yaml").content(NEW)).andExpect(status().isOk());
    }
}
