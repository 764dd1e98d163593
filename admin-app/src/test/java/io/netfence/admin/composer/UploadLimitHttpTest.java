package io.netfence.admin.composer;

import io.netfence.admin.ConsoleHttp;
import io.netfence.admin.ConsoleTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Through the real server (Tomcat's multipart limits, not MockMvc): a 10 MB upload and a missing page. */
@ConsoleTest
class UploadLimitHttpTest {

    @LocalServerPort
    int port;

    HttpClient http;
    String csrf;

    @BeforeEach
    void logIn() throws Exception {
        ConsoleHttp session = ConsoleHttp.login(port, "editor", "editor");
        http = session.client();
        csrf = session.csrf();
    }

    @Test
    void tenMegabyteUploadLandsOnTheComposerWithAMessage() throws Exception {
        String boundary = "netfence" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.yaml\"\r\n"
                + "Content-Type: application/yaml\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] big = new byte[10 * 1024 * 1024];
        Arrays.fill(big, (byte) 'a');
        body.write(big);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/composer/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("X-CSRF-TOKEN", csrf)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.uri().getPath()).isEqualTo("/composer");
        assertThat(response.body()).contains("The file was not loaded: it is larger than").doesNotContain("Exception");
    }

    @Test
    void threeMegabytesPastedIntoTheYamlEditorGetAMessage() throws Exception {
        String body = "yaml=" + "a".repeat(3 * 1024 * 1024);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/composer/yaml"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("HX-Request", "true").header("X-CSRF-TOKEN", csrf)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("larger than 2 MB and was not read");
    }

    @Test
    void stateChangesWithoutTheSessionsCsrfTokenAreRefused() throws Exception {
        // a cross-site form post carries the session cookie but cannot know the token: refused, whatever Sec-Fetch-Site says
        for (String site : new String[] {"cross-site", null}) {
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/preview/apply"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("x=1"));
            if (site != null) {
                post.header("Sec-Fetch-Site", site);
            }
            assertThat(http.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        }
        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/policies"))
                .header("Content-Type", "text/plain").header("X-CSRF-TOKEN", csrf).POST(HttpRequest.BodyPublishers.ofString("kind: NetworkPolicy")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(415);
    }

    @Test
    void unknownPageIsA404PageWithoutInternals() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/no/such/page"))
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("there is no page at").doesNotContain("Exception").doesNotContain("trace");
    }
}
