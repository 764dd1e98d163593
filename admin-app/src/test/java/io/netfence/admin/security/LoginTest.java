package io.netfence.admin.security;

import io.netfence.admin.ConsoleHttp;
import io.netfence.admin.ConsoleTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Over real HTTP: pages need a login, the API answers 401 JSON, health and info stay open; the session cookie. */
@ConsoleTest
class LoginTest {

    @LocalServerPort
    int port;

    final HttpClient anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> anonymousGet(String path, String accept) throws Exception {
        return anonymous.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyPageRedirectsToTheLoginPageWithoutASession() throws Exception {
        for (String page : List.of("/", "/pods", "/policies", "/composer", "/preview", "/connectivity", "/policies/backend/x")) {
            HttpResponse<String> r = anonymousGet(page, "text/html");
            assertThat(r.statusCode()).as(page).isEqualTo(302);
            assertThat(r.headers().firstValue("Location").orElseThrow()).as(page).endsWith("/login").doesNotContainIgnoringCase("jsessionid");
        }
        HttpResponse<String> login = anonymousGet("/login", "text/html");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("id=\"login-form\"").contains("DEMO CLUSTER")
                .contains("<code>viewer</code>/<code>viewer</code>").contains("<code>editor</code>/<code>editor</code>");
    }

    @Test
    void anHtmxRequestWithoutASessionSendsThePageToTheLoginPage() throws Exception {
        HttpResponse<String> r = anonymous.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/pods?namespace=backend"))
                .header("HX-Request", "true").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("HX-Redirect")).contains("/login");
    }

    @Test
    void theApiAndTheActuatorAnswer401JsonNeverARedirect() throws Exception {
        for (String path : List.of("/api/v1/policies", "/api/v1/overview", "/api/v1/pods", "/actuator/metrics", "/actuator/prometheus")) {
            for (String accept : List.of("application/json", "text/html", "*/*")) {
                HttpResponse<String> r = anonymousGet(path, accept);
                assertThat(r.statusCode()).as(path + " " + accept).isEqualTo(401);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/json");
                assertThat(r.headers().firstValue("Location")).as(path).isEmpty();
                assertThat(r.body()).as(path).startsWith("{\"errors\":[{\"path\":null,\"message\":\"Log in first");
            }
        }
        HttpResponse<String> post = anonymous.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/policies"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isIn(401, 403);
        assertThat(post.body()).startsWith("{\"errors\":[");
    }

    @Test
    void healthProbesAndInfoAreOpenEverythingElseOfTheActuatorNeedsALogin() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/info")) {
            assertThat(anonymousGet(path, "application/json").statusCode()).as(path).isEqualTo(200);
        }
        ConsoleHttp viewer = ConsoleHttp.login(port, "viewer", "viewer");
        assertThat(viewer.get("/actuator/metrics").statusCode()).isEqualTo(200);
        HttpResponse<String> token = anonymous.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/metrics"))
                .header("Authorization", "Bearer demo-viewer-token").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordShowsAMessageAndLogsNobodyIn() throws Exception {
        ConsoleHttp c = new ConsoleHttp(port);
        String page = c.get("/login").body();
        String csrf = page.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> r = c.postForm("/login", "username=editor&password=wrong&_csrf=" + ConsoleHttp.enc(csrf));
        assertThat(r.uri().getPath()).isEqualTo("/login");
        assertThat(r.body()).contains("Wrong user name or password.");
        assertThat(c.get("/").uri().getPath()).isEqualTo("/login");
    }

    @Test
    void theHeaderShowsWhoIsLoggedInAndLogoutEndsTheSession() throws Exception {
        ConsoleHttp viewer = ConsoleHttp.login(port, "viewer", "viewer");
        String overview = viewer.get("/").body();
        assertThat(overview).contains("<span id=\"current-user\">viewer</span>").contains("<span id=\"current-role\" class=\"badge\">viewer</span>");
        ConsoleHttp editor = ConsoleHttp.login(port, "editor", "editor");
        assertThat(editor.get("/").body()).contains("<span id=\"current-role\" class=\"badge\">editor</span>");

        HttpResponse<String> out = viewer.postForm("/logout", "_csrf=" + ConsoleHttp.enc(viewer.csrf()));
        assertThat(out.uri().getPath()).isEqualTo("/login");
        assertThat(out.body()).contains("You are logged out.");
        assertThat(viewer.get("/").uri().getPath()).isEqualTo("/login");
    }

    @Test
    void theSessionCookieIsHttpOnlySameSiteLaxSecureBehindTlsAndNeverInAUrl() throws Exception {
        HttpResponse<String> login = anonymousGet("/login", "text/html");
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax").doesNotContainIgnoringCase("Secure");
        assertThat(login.body()).doesNotContainIgnoringCase("jsessionid");

        // behind a TLS-terminating proxy (X-Forwarded-Proto: https from a trusted address) the cookie is Secure
        HttpResponse<String> tls = anonymous.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("X-Forwarded-Proto", "https").GET().build(), HttpResponse.BodyHandlers.ofString());
        String secure = tls.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        assertThat(secure).containsIgnoringCase("; Secure");

        ConsoleHttp editor = ConsoleHttp.login(port, "editor", "editor");
        // a session id in the URL is not a session: a link carrying someone's id logs nobody in as them
        String sessionId = editor.cookie("JSESSIONID");
        assertThat(sessionId).isNotNull();
        HttpResponse<String> viaUrl = anonymousGet("/;jsessionid=" + sessionId, "text/html");
        assertThat(viaUrl.statusCode()).as("refused (400 by the firewall) or sent to the login page, never served").isIn(302, 400);
        assertThat(viaUrl.body()).doesNotContain("current-user");
        for (String page : List.of("/", "/pods", "/policies", "/composer", "/preview", "/connectivity", "/policies/frontend/web-allow-ingress-controller")) {
            HttpResponse<String> r = editor.get(page);
            assertThat(r.uri().toString()).as(page).doesNotContainIgnoringCase("jsessionid");
            assertThat(r.body()).as(page).doesNotContainIgnoringCase("jsessionid");
        }
    }
}
