package io.netfence.admin.audit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.security.Actor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The audit trail against the demo cluster's API server: what the push pipeline's {@code record(entry)} leaves behind
 * (Events, the log line) and what the Audit page and API show of it. Uses its own namespaces so the shared demo
 * cluster keeps its policies.
 */
@ConsoleTest
class AuditTrailTest {

    static final Actor ALICE = new Actor("alice", List.of("team-a"), Actor.Source.FORM, true);
    static final Actor CI = new Actor("system:serviceaccount:ci:deployer", List.of(), Actor.Source.TOKEN, true);

    @Autowired
    AuditTrail trail;
    @Autowired
    KubernetesClient client;
    @Autowired
    MockMvc mvc;

    final ListAppender<ILoggingEvent> logLines = new ListAppender<>();

    @BeforeEach
    void captureAuditLog() {
        logLines.start();
        ((Logger) LoggerFactory.getLogger("netfence.audit")).addAppender(logLines);
    }

    @AfterEach
    void stopCapturing() {
        ((Logger) LoggerFactory.getLogger("netfence.audit")).detachAppender(logLines);
    }

    static NetworkPolicy policy(String ns, String name, String uid, String rv, String owner) {
        return new NetworkPolicyBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid(uid).withResourceVersion(rv)
                .addToLabels("owner", owner).endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "db").endPodSelector().withPolicyTypes("Ingress").endSpec()
                .build();
    }

    List<Event> events(String ns) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .sorted(Comparator.comparing(e -> e.getEventTime().getTime())).toList();
    }

    @Test
    void createUpdateDeleteAreRecordedAsEventsLogLinesAndOnThePage() throws Exception {
        String ns = "audit-crud";
        NetworkPolicy v1 = policy(ns, "db", "uid-1", "10", "team-a");
        NetworkPolicy v2 = policy(ns, "db", "uid-1", "11", "team-b");
        Instant t0 = Instant.parse("2026-11-30T22:00:00Z");

        trail.record(new AuditEntry(t0, ALICE, AuditEntry.Verb.CREATE, ns, "db", null, v1));
        trail.record(new AuditEntry(t0.plusSeconds(60), ALICE, AuditEntry.Verb.UPDATE, ns, "db", v1, v2));
        trail.record(new AuditEntry(t0.plusSeconds(120), CI, AuditEntry.Verb.DELETE, ns, "db", v2, null));

        List<Event> events = events(ns);
        assertThat(events).extracting(Event::getReason).containsExactly("NetfenceCreated", "NetfenceUpdated", "NetfenceDeleted");
        Event update = events.get(1);
        assertThat(update.getInvolvedObject().getKind()).isEqualTo("NetworkPolicy");
        assertThat(update.getInvolvedObject().getApiVersion()).isEqualTo("networking.k8s.io/v1");
        assertThat(update.getInvolvedObject().getNamespace()).isEqualTo(ns);
        assertThat(update.getInvolvedObject().getName()).isEqualTo("db");
        assertThat(update.getInvolvedObject().getUid()).isEqualTo("uid-1");
        assertThat(update.getInvolvedObject().getResourceVersion()).isEqualTo("11");
        assertThat(update.getReportingComponent()).isEqualTo("netfence-console");
        assertThat(update.getReportingInstance()).isNotBlank();
        assertThat(update.getSource().getComponent()).isEqualTo("netfence-console");
        assertThat(update.getType()).isEqualTo("Normal");
        assertThat(update.getAction()).isEqualTo("update");
        assertThat(update.getEventTime().getTime()).startsWith("2026-11-30T22:01:00.000000");
        assertThat(update.getMessage()).isEqualTo("alice (form) updated NetworkPolicy audit-crud/db: metadata.labels.owner");
        assertThat(update.getMetadata().getLabels()).containsEntry(AuditEvents.LABEL, "true");
        assertThat(update.getMetadata().getAnnotations())
                .containsEntry(AuditEvents.USER, "alice").containsEntry(AuditEvents.VERB, "update")
                .containsEntry(AuditEvents.VIA, "form").containsEntry(AuditEvents.CHANGED, "[\"metadata.labels.owner\"]");
        assertThat(update.getMetadata().getAnnotations().get(AuditEvents.DIFF)).contains("-    owner: team-a\n+    owner: team-b");
        // a delete's Event names the object that is gone (its last uid/resourceVersion) and stays in the namespace
        Event delete = events.get(2);
        assertThat(delete.getInvolvedObject().getResourceVersion()).isEqualTo("11");
        assertThat(delete.getMetadata().getAnnotations()).containsEntry(AuditEvents.USER, "system:serviceaccount:ci:deployer")
                .containsEntry(AuditEvents.VERB, "delete").containsEntry(AuditEvents.VIA, "token");

        // one JSON object per write on netfence.audit
        assertThat(logLines.list).hasSize(3);
        JsonNode line = JsonMapper.builder().build().readTree(logLines.list.get(1).getFormattedMessage());
        assertThat(line.path("at").asString()).isEqualTo("2026-11-30T22:01:00Z");
        assertThat(line.path("user").asString()).isEqualTo("alice");
        assertThat(line.path("source").asString()).isEqualTo("form");
        assertThat(line.path("verb").asString()).isEqualTo("update");
        assertThat(line.path("namespace").asString()).isEqualTo(ns);
        assertThat(line.path("name").asString()).isEqualTo("db");
        assertThat(line.path("resourceVersionBefore").asString()).isEqualTo("10");
        assertThat(line.path("resourceVersionAfter").asString()).isEqualTo("11");
        assertThat(line.path("changedPaths").get(0).asString()).isEqualTo("metadata.labels.owner");
        assertThat(line.path("diff").asString()).contains("+    owner: team-b");
        JsonNode created = JsonMapper.builder().build().readTree(logLines.list.get(0).getFormattedMessage());
        assertThat(created.path("resourceVersionBefore").isNull()).isTrue();
        assertThat(created.path("verb").asString()).isEqualTo("create");

        // the page and the API read them back (from the informer), newest first
        Eventually.until("audit events cached", () -> countIn(ns) == 3);
        mvc.perform(get("/api/v1/audit").param("namespace", ns))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(3)))
                .andExpect(jsonPath("$.items[0].verb").value("delete"))
                .andExpect(jsonPath("$.items[0].user").value("system:serviceaccount:ci:deployer"))
                .andExpect(jsonPath("$.items[1].verb").value("update"))
                .andExpect(jsonPath("$.items[1].changedPaths[0]").value("metadata.labels.owner"))
                .andExpect(jsonPath("$.items[1].at").value("2026-11-30T22:01:00Z"))
                .andExpect(jsonPath("$.items[2].verb").value("create"));
        // paged like the Kubernetes API: newest first across pages, exact counts
        String first = mvc.perform(get("/api/v1/audit").param("namespace", ns).param("limit", "2"))
                .andExpect(jsonPath("$.kind").value("AuditRecordList"))
                .andExpect(jsonPath("$.items[*].verb", contains("delete", "update")))
                .andExpect(jsonPath("$.metadata.totalItemCount").value(3))
                .andExpect(jsonPath("$.metadata.remainingItemCount").value(1))
                .andReturn().getResponse().getContentAsString();
        mvc.perform(get("/api/v1/audit").param("namespace", ns).param("limit", "2")
                        .param("continue", JsonMapper.builder().build().readTree(first).get("metadata").get("continue").asString()))
                .andExpect(jsonPath("$.items[*].verb", contains("create")))
                .andExpect(jsonPath("$.metadata.continue").doesNotExist());
        mvc.perform(get("/audit").param("namespace", ns).param("limit", "2"))
                .andExpect(content().string(containsString("rel=\"next\"")))
                .andExpect(content().string(containsString("of <span class=\"page-total\">3</span>")));
        mvc.perform(get("/api/v1/audit").param("namespace", ns).param("user", "alice"))
                .andExpect(jsonPath("$.items", hasSize(2)))
                .andExpect(jsonPath("$.items[0].verb").value("update"));
        mvc.perform(get("/audit").param("namespace", ns))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"/policies/audit-crud/db\"")))
                .andExpect(content().string(containsString("system:serviceaccount:ci:deployer")))
                .andExpect(content().string(containsString("+    owner: team-b")));
        mvc.perform(get("/audit").param("namespace", ns).param("user", "system:serviceaccount:ci:deployer"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("deleted NetworkPolicy audit-crud/db")))
                .andExpect(content().string(not(containsString("updated NetworkPolicy audit-crud/db"))));
        mvc.perform(get("/audit").param("namespace", "audit-nothing-here"))
                .andExpect(content().string(containsString("No recorded changes.")));
    }

    @Test
    void userTextRendersAsTextOnTheAuditPage() throws Exception {
        String ns = "audit-xss";
        String script = "<script>alert(1)</script>";
        Actor evil = new Actor(script, List.of(), Actor.Source.FORM, true);
        NetworkPolicy before = new NetworkPolicyBuilder(policy(ns, "web", "uid-x", "3", "team-a")).build();
        NetworkPolicy after = new NetworkPolicyBuilder(policy(ns, "web", "uid-x", "4", "team-a"))
                .editMetadata().addToAnnotations("note", script).endMetadata().build();

        trail.record(new AuditEntry(Instant.parse("2026-11-30T22:30:00Z"), evil, AuditEntry.Verb.UPDATE, ns, "web", before, after));

        Eventually.until("audit event cached", () -> countIn(ns) == 1);
        String html = mvc.perform(get("/audit").param("namespace", ns)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain(script);
        // the name is an exact-match filter, also when it is markup
        mvc.perform(get("/api/v1/audit").param("user", script)).andExpect(jsonPath("$.items[0].user").value(script))
                .andExpect(jsonPath("$.items[0].changedPaths[0]").value("metadata.annotations.note"));
    }

    /** What the push pipeline does: stamp the object, write it once, record the write with what the server returned. */
    @Test
    void theAnnotationIsPartOfTheWriteAndTheEventNamesTheWrittenObject() {
        String ns = "audit-pipeline";
        Instant at = Instant.parse("2026-11-30T23:30:00Z");
        NetworkPolicy draft = new NetworkPolicyBuilder().withNewMetadata().withNamespace(ns).withName("api")
                .addToAnnotations("owner", "team-a").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "api").endPodSelector().endSpec().build();

        NetworkPolicy created = client.network().v1().networkPolicies().inNamespace(ns)
                .resource(AuditAnnotation.stamp(draft, ALICE, at)).create();
        trail.record(new AuditEntry(at, ALICE, AuditEntry.Verb.CREATE, ns, "api", null, created));

        NetworkPolicy stored = client.network().v1().networkPolicies().inNamespace(ns).withName("api").get();
        assertThat(stored.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
        assertThat(stored.getMetadata().getAnnotations()).containsEntry("owner", "team-a")
                .containsEntry(AuditAnnotation.KEY, "{\"user\":\"alice\",\"at\":\"2026-11-30T23:30:00Z\",\"via\":\"form\"}");
        Event event = events(ns).get(0);
        assertThat(event.getInvolvedObject().getUid()).isEqualTo(stored.getMetadata().getUid()).isNotBlank();
        assertThat(event.getInvolvedObject().getResourceVersion()).isEqualTo(stored.getMetadata().getResourceVersion());
        assertThat(event.getMetadata().getAnnotations().get(AuditEvents.DIFF)).contains("+    owner: team-a")
                .doesNotContain(AuditAnnotation.KEY);
    }

    @Test
    @WithMockUser(username = "test-viewer", roles = "VIEWER")
    void aViewerMayReadTheAuditTrail() throws Exception {
        mvc.perform(get("/audit")).andExpect(status().isOk()).andExpect(content().string(containsString("id=\"audit-table\"")));
        mvc.perform(get("/api/v1/audit")).andExpect(status().isOk()).andExpect(jsonPath("$.items").isArray());
    }

    @Test
    void theNavigationLinksTheAuditPage() throws Exception {
        mvc.perform(get("/policies")).andExpect(content().string(containsString("href=\"/audit\"")));
    }

    int countIn(String ns) {
        try {
            String json = mvc.perform(get("/api/v1/audit").param("namespace", ns)).andReturn().getResponse().getContentAsString();
            return JsonMapper.builder().build().readTree(json).get("items").size();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
