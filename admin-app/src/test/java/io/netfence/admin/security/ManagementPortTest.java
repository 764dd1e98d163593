package io.netfence.admin.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a separate management port (as the chart sets for the Prometheus scrape), /actuator/prometheus is open there
 * and only there; every other actuator endpoint still needs a login on both ports.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"netfence.demo=true", "management.server.port=0", "management.prometheus.metrics.export.enabled=true"})
class ManagementPortTest {

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    int status(int p, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + p + path)).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void prometheusIsOpenOnlyOnTheManagementPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_memory_used_bytes");
        assertThat(status(managementPort, "/actuator/metrics")).isEqualTo(401);
        assertThat(status(managementPort, "/actuator/health/readiness")).isEqualTo(200);
        assertThat(status(port, "/api/v1/overview")).isEqualTo(401);
    }
}
