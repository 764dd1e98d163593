package io.netfence.admin.push;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.netfence.admin.audit.AuditEntry;
import io.netfence.admin.composer.DraftAnalyzer;
import io.netfence.admin.security.Actor;
import io.netfence.admin.security.WriteAccess;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The push pipeline against fabric8's mock API server: CRUD for the writes, explicit expectations for the dry-run
 * requests (the CRUD mock alone would persist a dry-run create and really delete on a dry-run delete).
 */
class PushServiceTest {

    static final String COLLECTION = "/apis/networking.k8s.io/v1/namespaces/monitoring/networkpolicies";
    static final Actor EDITOR = new Actor("alice", List.of(), Actor.Source.FORM, true);
    static final Actor VIEWER = new Actor("victor", List.of(), Actor.Source.FORM, false);

    KubernetesMockServer server;
    KubernetesClient client;
    List<AuditEntry> audited = new ArrayList<>();
    PushService push;

    @BeforeEach
    void start() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(new NamespaceInfo("monitoring", Map.of())), List.of(), List.of(), List.of());
        push = new PushService(new DraftAnalyzer(), new WriteAccess(client, false), audited::add, () -> snapshot,
                (ns, name) -> Optional.ofNullable(client.network().v1().networkPolicies().inNamespace(ns).withName(name).get()), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    static final String DRAFT = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web, namespace: monitoring}
            spec:
              podSelector: {matchLabels: {app: web}}
              ingress:
              - ports: [{protocol: TCP, port: 8080}]
            """;

    List<String> requests() throws InterruptedException {
        List<String> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            out.add(r.getMethod() + " " + r.getPath() + (r.getMethod().equals("DELETE") ? " " + r.getUtf8Body() : ""));
        }
        return out;
    }

    NetworkPolicy stored() {
        return client.network().v1().networkPolicies().inNamespace("monitoring").withName("web").get();
    }

    NetworkPolicy seed() throws InterruptedException {
        NetworkPolicy np = client.network().v1().networkPolicies().inNamespace("monitoring").resource(new NetworkPolicyBuilder()
                .withNewMetadata().withName("web").withNamespace("monitoring").addToLabels("app.kubernetes.io/managed-by", "argocd")
                .addToFinalizers("example.com/keep").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "web").endPodSelector()
                .addNewIngress().withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(80)).build()).endIngress()
                .endSpec().build()).create();
        requests();
        return np;
    }

    @Test
    void createRunsTheApiServerDryRunThenWritesOnceAndRecordsWhoDidIt() throws Exception {
        server.expect().post().withPath(COLLECTION + "?dryRun=All").andReturn(201, new NetworkPolicyBuilder()
                .withNewMetadata().withName("web").withNamespace("monitoring").endMetadata().build()).once();

        PushOutcome o = push.push(EDITOR, DRAFT, null, false);

        assertThat(o.status()).isEqualTo(PushOutcome.Status.CREATED);
        assertThat(requests()).containsExactly("GET " + COLLECTION + "/web", "POST " + COLLECTION + "?dryRun=All", "POST " + COLLECTION);
        assertThat(stored().getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(8080);
        assertThat(audited).singleElement().satisfies(e -> {
            assertThat(e.actor().name()).isEqualTo("alice");
            assertThat(e.verb()).isEqualTo(AuditEntry.Verb.CREATE);
            assertThat(e.before()).isNull();
            assertThat(e.after().getMetadata().getResourceVersion()).isEqualTo(o.currentResourceVersion());
        });
    }

    @Test
    void aDryRunRejectionIsReportedAtTheFieldTheApiServerNamesAndNothingIsWritten() throws Exception {
        server.expect().post().withPath(COLLECTION + "?dryRun=All").andReturn(422, new StatusBuilder().withKind("Status").withApiVersion("v1")
                .withStatus("Failure").withCode(422).withReason("Invalid")
                .withMessage("NetworkPolicy.networking.k8s.io \"web\" is invalid: spec.ingress[0].ports[0].port: Invalid value: 8080: denied by admission webhook")
                .withNewDetails().addNewCause().withField("spec.ingress[0].ports[0].port").withReason("FieldValueInvalid")
                .withMessage("Invalid value: 8080: denied by admission webhook").endCause().endDetails().build()).once();

        PushOutcome o = push.push(EDITOR, DRAFT, null, false);

        assertThat(o.status()).isEqualTo(PushOutcome.Status.INVALID);
        assertThat(o.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("spec.ingress[0].ports[0].port");
            assertThat(e.message()).contains("denied by admission webhook");
        });
        assertThat(requests()).as("the write is never attempted").containsExactly("GET " + COLLECTION + "/web", "POST " + COLLECTION + "?dryRun=All");
        assertThat(stored()).isNull();
        assertThat(audited).isEmpty();
    }

    @Test
    void anUpdateStartsFromTheStoredObjectAndSendsTheVersionTheUserStartedFrom() throws Exception {
        NetworkPolicy seeded = seed();
        String rv = seeded.getMetadata().getResourceVersion();
        server.expect().put().withPath(COLLECTION + "/web?dryRun=All").andReturn(200, seeded).once();
        String edit = DRAFT.replace("{name: web, namespace: monitoring}", "{name: web, namespace: monitoring, resourceVersion: \"" + rv + "\"}");

        PushOutcome o = push.push(EDITOR, edit, null, false);

        assertThat(o.status()).isEqualTo(PushOutcome.Status.UPDATED);
        assertThat(requests()).containsExactly("GET " + COLLECTION + "/web", "PUT " + COLLECTION + "/web?dryRun=All", "PUT " + COLLECTION + "/web");
        NetworkPolicy now = stored();
        assertThat(now.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(8080);
        assertThat(now.getMetadata().getLabels()).as("labels absent from the draft are kept").containsEntry("app.kubernetes.io/managed-by", "argocd");
        assertThat(now.getMetadata().getFinalizers()).containsExactly("example.com/keep");
        assertThat(audited).singleElement().satisfies(e -> assertThat(e.before().getMetadata().getResourceVersion()).isEqualTo(rv));
    }

    @Test
    void anUpdateOfAVersionSomeoneChangedMeanwhileIsAConflictAndNothingIsSent() throws Exception {
        NetworkPolicy seeded = seed();
        String opened = seeded.getMetadata().getResourceVersion();
        client.network().v1().networkPolicies().inNamespace("monitoring").withName("web")
                .edit(np -> new NetworkPolicyBuilder(np).editMetadata().addToAnnotations("owner", "bob").endMetadata().build());
        requests();

        PushOutcome o = push.push(EDITOR, DRAFT, new PolicyRef("monitoring", "web", opened), false);

        assertThat(o.status()).isEqualTo(PushOutcome.Status.CONFLICT);
        assertThat(o.current().getMetadata().getAnnotations()).containsEntry("owner", "bob");
        assertThat(o.errors().get(0).path()).isEqualTo("metadata.resourceVersion");
        assertThat(requests()).containsExactly("GET " + COLLECTION + "/web");
        assertThat(stored().getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(80);
    }

    @Test
    void aNewDraftWithATakenNameIsAConflictNeverAReplace() throws Exception {
        seed();
        PushOutcome o = push.push(EDITOR, DRAFT, null, false);
        assertThat(o.status()).isEqualTo(PushOutcome.Status.CONFLICT);
        assertThat(o.message()).contains("already exists");
        assertThat(requests()).containsExactly("GET " + COLLECTION + "/web");
        assertThat(stored().getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(80);
    }

    @Test
    void aDryRunOnlyPushSendsOnlyTheDryRun() throws Exception {
        server.expect().post().withPath(COLLECTION + "?dryRun=All").andReturn(201, new NetworkPolicyBuilder()
                .withNewMetadata().withName("web").withNamespace("monitoring").endMetadata().build()).once();
        PushOutcome o = push.push(EDITOR, DRAFT, null, true);
        assertThat(o.status()).isEqualTo(PushOutcome.Status.DRY_RUN_OK);
        assertThat(requests()).containsExactly("GET " + COLLECTION + "/web", "POST " + COLLECTION + "?dryRun=All");
        assertThat(stored()).isNull();
        assertThat(audited).isEmpty();
    }

    @Test
    void aViewerIsRefusedBeforeAnythingIsSent() throws Exception {
        assertThatThrownBy(() -> push.push(VIEWER, DRAFT, null, false)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> push.delete(VIEWER, "monitoring", "web", "1", false)).isInstanceOf(AccessDeniedException.class);
        assertThat(requests()).isEmpty();
    }

    @Test
    void deleteDryRunsThenDeletesWithTheResourceVersionAsPrecondition() throws Exception {
        NetworkPolicy seeded = seed();
        String rv = seeded.getMetadata().getResourceVersion();
        server.expect().delete().withPath(COLLECTION + "/web?dryRun=All").andReturn(200, new StatusBuilder().withStatus("Success").build()).once();

        PushOutcome o = push.delete(EDITOR, "monitoring", "web", rv, false);

        assertThat(o.status()).isEqualTo(PushOutcome.Status.DELETED);
        List<String> sent = requests();
        assertThat(sent).hasSize(3);
        assertThat(sent.get(1)).startsWith("DELETE " + COLLECTION + "/web?dryRun=All").contains("\"preconditions\":{\"resourceVersion\":\"" + rv + "\"}");
        assertThat(sent.get(2)).startsWith("DELETE " + COLLECTION + "/web ").contains("\"preconditions\":{\"resourceVersion\":\"" + rv + "\"}");
        assertThat(stored().getMetadata().getDeletionTimestamp()).as("deleted (its finalizer holds it until released)").isNotNull();
        assertThat(audited).singleElement().satisfies(e -> assertThat(e.verb()).isEqualTo(AuditEntry.Verb.DELETE));
    }

    @Test
    void deleteOfAChangedVersionOrWithoutAVersionDeletesNothing() throws Exception {
        NetworkPolicy seeded = seed();
        assertThat(push.delete(EDITOR, "monitoring", "web", "", false).errors().get(0).path()).isEqualTo("resourceVersion");
        PushOutcome stale = push.delete(EDITOR, "monitoring", "web", seeded.getMetadata().getResourceVersion() + "0", false);
        assertThat(stale.status()).isEqualTo(PushOutcome.Status.CONFLICT);
        assertThat(requests()).containsExactly("GET " + COLLECTION + "/web");
        assertThat(stored()).isNotNull();
    }
}
