package io.netfence.admin.security;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * WriteAccess against a CRUD mock API server that records every request and answers SubjectAccessReviews as this
 * test says: console roles for people, SubjectAccessReview for token subjects, impersonation headers on writes.
 */
class WriteAccessTest {

    record Seen(String method, String path, Map<String, List<String>> headers, String body) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final KubernetesSerialization json = new KubernetesSerialization();
    volatile boolean sarAllows;
    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void start() {
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        Dispatcher recording = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (!request.getPath().startsWith("/apis/authorization.k8s.io/v1/subjectaccessreviews")) {
                    // the body is read once: the CRUD dispatcher needs it, so it is not recorded
                    seen.add(new Seen(request.getMethod(), request.getPath(), request.getHeaders().toMultimap(), null));
                } else {
                    String body = request.getUtf8Body();
                    seen.add(new Seen(request.getMethod(), request.getPath(), request.getHeaders().toMultimap(), body));
                    SubjectAccessReview review = json.unmarshal(body, SubjectAccessReview.class);
                    review.setStatus(new io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder()
                            .withAllowed(sarAllows).withReason(sarAllows ? "" : "RBAC: no rule allows it").build());
                    return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json").setBody(json.asJson(review));
                }
                return crud.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), recording, false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    static final Actor ALICE_EDITOR = new Actor("alice", List.of("platform"), Actor.Source.FORM, true);
    static final Actor VICTOR_VIEWER = new Actor("victor", List.of(), Actor.Source.OIDC, false);
    static final Actor CI_TOKEN = new Actor("system:serviceaccount:ci:deployer", List.of("system:serviceaccounts", "system:serviceaccounts:ci"),
            Actor.Source.TOKEN, false);

    @Test
    void consoleUsersNeedTheEditorRole() {
        WriteAccess access = new WriteAccess(client, false);
        access.authorize(ALICE_EDITOR, "create", "shop", "p");
        assertThatThrownBy(() -> access.authorize(VICTOR_VIEWER, "update", "shop", "p"))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("victor has the viewer role");
        assertThat(seen).as("people are decided by the console role, no review").isEmpty();
    }

    @Test
    void tokenSubjectsAreDecidedByASubjectAccessReviewForTheNetworkPolicyVerbInThatNamespace() {
        WriteAccess access = new WriteAccess(client, false);
        sarAllows = true;
        access.authorize(CI_TOKEN, "update", "shop", "allow-web");
        SubjectAccessReview sent = json.unmarshal(seen.get(0).body(), SubjectAccessReview.class);
        assertThat(seen.get(0).method()).isEqualTo("POST");
        assertThat(sent.getSpec().getUser()).isEqualTo("system:serviceaccount:ci:deployer");
        assertThat(sent.getSpec().getGroups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:ci");
        var attributes = sent.getSpec().getResourceAttributes();
        assertThat(List.of(attributes.getGroup(), attributes.getResource(), attributes.getVerb(), attributes.getNamespace(), attributes.getName()))
                .containsExactly("networking.k8s.io", "networkpolicies", "update", "shop", "allow-web");

        sarAllows = false;
        assertThatThrownBy(() -> access.authorize(CI_TOKEN, "delete", "shop", "allow-web")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("may not delete networkpolicies.networking.k8s.io in namespace shop")
                .hasMessageContaining("RBAC: no rule allows it");
        // the console role of a token actor does not matter: an "editor" flag would not bypass RBAC
        Actor tokenClaimingEditor = new Actor("x", List.of(), Actor.Source.TOKEN, true);
        assertThatThrownBy(() -> access.authorize(tokenClaimingEditor, "create", "shop", "p")).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void clusterNetworkPolicyWritesAskForTheClusterScopedResourceAndNeedTheEditorRole() {
        WriteAccess access = new WriteAccess(client, false);
        access.authorizeClusterPolicy(ALICE_EDITOR, "update", "tenant-isolation");
        assertThatThrownBy(() -> access.authorizeClusterPolicy(VICTOR_VIEWER, "delete", "tenant-isolation"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("victor has the viewer role: delete of ClusterNetworkPolicy tenant-isolation needs the editor role");
        assertThat(seen).isEmpty();
        sarAllows = false;
        assertThatThrownBy(() -> access.authorizeClusterPolicy(CI_TOKEN, "create", "tenant-isolation")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("may not create clusternetworkpolicies.policy.networking.k8s.io: Kubernetes RBAC");
        var attributes = json.unmarshal(seen.get(0).body(), SubjectAccessReview.class).getSpec().getResourceAttributes();
        assertThat(List.of(attributes.getGroup(), attributes.getResource(), attributes.getVerb(), attributes.getName()))
                .containsExactly("policy.networking.k8s.io", "clusternetworkpolicies", "create", "tenant-isolation");
        assertThat(attributes.getNamespace()).as("cluster-scoped").isNull();
    }

    @Test
    void inImpersonationModeWritesCarryTheActorsUserAndGroups() {
        WriteAccess access = new WriteAccess(client, true);
        access.clientFor(ALICE_EDITOR).network().v1().networkPolicies().inNamespace("shop")
                .resource(new NetworkPolicyBuilder().withNewMetadata().withName("p").withNamespace("shop").endMetadata().withNewSpec().endSpec().build())
                .create();
        Seen write = seen.stream().filter(s -> s.method().equals("POST")).findFirst().orElseThrow();
        assertThat(header(write, "Impersonate-User")).containsExactly("alice");
        assertThat(header(write, "Impersonate-Group")).containsExactly("platform");

        // the console's own client (and the system actor) never impersonate
        seen.clear();
        access.clientFor(Actor.SYSTEM).network().v1().networkPolicies().inNamespace("shop").withName("p").get();
        client.network().v1().networkPolicies().inNamespace("shop").withName("p").get();
        assertThat(seen).hasSize(2).allSatisfy(s -> assertThat(header(s, "Impersonate-User")).isEmpty());
    }

    static List<String> header(Seen request, String name) {
        return request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    @Test
    void withoutImpersonationWritesUseTheConsolesServiceAccount() {
        WriteAccess access = new WriteAccess(client, false);
        assertThat(access.clientFor(ALICE_EDITOR)).isSameAs(client);
    }

    @Test
    void impersonationFollowsTheConsoleProperty() {
        var noSso = new ConsoleSecurityProperties.Oidc(null, null, null, List.of("openid"), "groups", List.of(), List.of());
        assertThat(new WriteAccess(client, new ConsoleSecurityProperties(List.of(), noSso, false)).clientFor(ALICE_EDITOR)).isSameAs(client);
        KubernetesClient impersonating = new WriteAccess(client, new ConsoleSecurityProperties(List.of(), noSso, true)).clientFor(ALICE_EDITOR);
        assertThat(impersonating).isNotSameAs(client);
    }
}
