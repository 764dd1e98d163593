package io.netfence.admin.security;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleHttp;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.demo.DemoApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP: a viewer drafts and previews but cannot push (403, nothing written); a session POST without the
 * CSRF token is refused; a Kubernetes bearer token is stateless, checked by a TokenReview, and its writes are decided
 * by the SubjectAccessReview the demo API server answers (demo-editor-token allowed, demo-viewer-token denied).
 */
@ConsoleTest
class WriteRolesTest {

    static final String NS = "backend";

    @LocalServerPort
    int port;
    @Autowired
    KubernetesClient client;
    @Autowired
    LiveCluster cluster;
    @Autowired
    DemoApiServer demo;

    final HttpClient stateless = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    static String policyJson(String name) {
        return """
                {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"%s","namespace":"%s"},
                 "spec":{"podSelector":{"matchLabels":{"app":"api"}},"policyTypes":["Ingress"]}}""".formatted(name, NS);
    }

    static String policyYaml(String name) {
        return "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: " + name + ", namespace: " + NS + "}\n"
                + "spec: {podSelector: {matchLabels: {app: api}}, policyTypes: [Ingress]}\n";
    }

    boolean exists(String name) {
        return client.network().v1().networkPolicies().inNamespace(NS).withName(name).get() != null;
    }

    @BeforeEach
    void loaded() {
        Eventually.demoClusterLoaded(cluster);
    }

    @AfterEach
    void cleanUp() {
        for (String name : new String[] {"sec-viewer", "sec-editor", "sec-token-editor", "sec-token-viewer", "sec-nocsrf"}) {
            client.network().v1().networkPolicies().inNamespace(NS).withName(name).delete();
        }
    }

    HttpResponse<String> postPolicy(ConsoleHttp session, String name, String csrf) throws Exception {
        HttpRequest.Builder b = session.request("/api/v1/policies").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(policyJson(name)));
        if (csrf != null) {
            b.header("X-CSRF-TOKEN", csrf);
        }
        return session.send(b.build());
    }

    @Test
    void aViewerDraftsAndPreviewsButCannotPush() throws Exception {
        ConsoleHttp viewer = ConsoleHttp.login(port, "viewer", "viewer");
        String csrf = viewer.csrf();
        // drafting and previewing are open to viewers
        HttpResponse<String> preview = viewer.send(viewer.request("/api/v1/preview").header("Content-Type", "application/yaml")
                .header("X-CSRF-TOKEN", csrf).POST(HttpRequest.BodyPublishers.ofString(policyYaml("sec-viewer"))).build());
        assertThat(preview.statusCode()).isEqualTo(200);
        HttpResponse<String> analyze = viewer.send(viewer.request("/api/v1/drafts/analyze").header("Content-Type", "application/yaml")
                .header("X-CSRF-TOKEN", csrf).POST(HttpRequest.BodyPublishers.ofString(policyYaml("sec-viewer"))).build());
        assertThat(analyze.statusCode()).isEqualTo(200);
        HttpResponse<String> composer = viewer.send(viewer.request("/composer/yaml").header("Content-Type", "application/x-www-form-urlencoded")
                .header("HX-Request", "true").header("X-CSRF-TOKEN", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("yaml=" + ConsoleHttp.enc(policyYaml("sec-viewer")))).build());
        assertThat(composer.statusCode()).isEqualTo(200);
        String previewPage = viewer.get("/preview").body();
        assertThat(previewPage).contains("sec-viewer").as("a viewer is offered no push button").doesNotContain("id=\"apply-button\"");
        assertThat(viewer.get("/policies/data/postgres-from-backend").body()).as("nor a delete link")
                .contains("postgres-from-backend").doesNotContain("id=\"delete-link\"");

        // pushing is not: the API answers 403 JSON, the page an error page, and nothing is written
        HttpResponse<String> push = postPolicy(viewer, "sec-viewer", csrf);
        assertThat(push.statusCode()).isEqualTo(403);
        assertThat(push.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(push.body()).startsWith("{\"errors\":[{\"path\":null,\"message\":\"viewer has the viewer role");
        HttpResponse<String> apply = viewer.postForm("/preview/apply", "_csrf=" + ConsoleHttp.enc(csrf));
        assertThat(apply.statusCode()).isEqualTo(403);
        assertThat(apply.body()).contains("Something went wrong").doesNotContain("Exception");
        assertThat(exists("sec-viewer")).isFalse();
    }

    @Test
    void anEditorPushesWithTheSessionsCsrfTokenAndIsRefusedWithout() throws Exception {
        ConsoleHttp editor = ConsoleHttp.login(port, "editor", "editor");
        HttpResponse<String> noToken = postPolicy(editor, "sec-nocsrf", null);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).startsWith("{\"errors\":[");
        HttpResponse<String> wrongToken = postPolicy(editor, "sec-nocsrf", "not-the-token");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        HttpResponse<String> htmx = editor.send(editor.request("/composer/yaml").header("Content-Type", "application/x-www-form-urlencoded")
                .header("HX-Request", "true").POST(HttpRequest.BodyPublishers.ofString("yaml=x")).build());
        assertThat(htmx.statusCode()).isEqualTo(403);
        assertThat(exists("sec-nocsrf")).isFalse();

        editor.send(editor.request("/composer/yaml").header("Content-Type", "application/x-www-form-urlencoded")
                .header("HX-Request", "true").header("X-CSRF-TOKEN", editor.csrf())
                .POST(HttpRequest.BodyPublishers.ofString("yaml=" + ConsoleHttp.enc(policyYaml("sec-editor")))).build());
        assertThat(editor.get("/preview").body()).as("an editor is offered the push button").contains("id=\"apply-button\"");
        assertThat(editor.get("/policies/data/postgres-from-backend").body()).contains("id=\"delete-link\"");

        HttpResponse<String> ok = postPolicy(editor, "sec-editor", editor.csrf());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(exists("sec-editor")).isTrue();
    }

    HttpResponse<String> bearer(String token, HttpRequest.Builder request) throws Exception {
        return stateless.send(request.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    @Test
    void aBearerTokenIsCheckedByTokenReviewStatelessAndItsWritesByASubjectAccessReview() throws Exception {
        // the editor token's SubjectAccessReview allows the create: 201, without session or CSRF token
        HttpResponse<String> created = bearer(DemoAccessReviewsDoc.EDITOR, api("/api/v1/policies").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(policyJson("sec-token-editor"))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(exists("sec-token-editor")).isTrue();

        // the viewer token reads, but its SubjectAccessReview denies the create: 403, nothing written
        HttpResponse<String> read = bearer(DemoAccessReviewsDoc.VIEWER, api("/api/v1/policies").GET());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().allValues("Set-Cookie")).isEmpty();
        HttpResponse<String> denied = bearer(DemoAccessReviewsDoc.VIEWER, api("/api/v1/policies").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(policyJson("sec-token-viewer"))));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).startsWith("{\"errors\":[{\"path\":null,\"message\":\"demo-viewer may not create networkpolicies.networking.k8s.io in namespace backend");
        assertThat(denied.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(exists("sec-token-viewer")).isFalse();

        // a token the API server does not authenticate: 401 JSON
        for (HttpRequest.Builder r : new HttpRequest.Builder[] {api("/api/v1/policies").GET(),
                api("/api/v1/policies").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(policyJson("sec-token-viewer")))}) {
            HttpResponse<String> invalid = bearer("not-a-token", r);
            assertThat(invalid.statusCode()).isEqualTo(401);
            assertThat(invalid.body()).startsWith("{\"errors\":[{\"path\":null,\"message\":\"The bearer token was not accepted");
            assertThat(invalid.headers().allValues("Set-Cookie")).isEmpty();
        }

        // a bearer token is for scripts on the API only: it logs nobody into the pages
        HttpResponse<String> page = bearer(DemoAccessReviewsDoc.EDITOR, api("/").header("Accept", "text/html").GET());
        assertThat(page.statusCode()).isEqualTo(302);
    }

    @Test
    void tokenReviewsAreCachedSoABurstCostsOneReview() throws Exception {
        String token = DemoAccessReviewsDoc.VIEWER;
        assertThat(bearer(token, api("/api/v1/overview").GET()).statusCode()).isEqualTo(200);
        int before = demo.requestCount();
        for (int i = 0; i < 5; i++) {
            assertThat(bearer(token, api("/api/v1/overview").GET()).statusCode()).isEqualTo(200);
        }
        assertThat(demo.requestCount()).as("no further TokenReview within the cache time").isEqualTo(before);
    }

    /** The documented demo tokens (see docs/security.md). */
    static final class DemoAccessReviewsDoc {
        static final String VIEWER = io.netfence.admin.demo.DemoAccessReviews.VIEWER_TOKEN;
        static final String EDITOR = io.netfence.admin.demo.DemoAccessReviews.EDITOR_TOKEN;
    }
}
