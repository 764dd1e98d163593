package io.netfence.agent.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.watch.tls.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.netfence.agent.e2e.ApiObjects.node;
import static io.netfence.agent.e2e.MiniCluster.nodeIp;
import static io.netfence.agent.e2e.MiniCluster.nodeName;
import static io.netfence.agent.e2e.MiniCluster.podCidr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole agent (enforcing in a node namespace) started with the server settings the chart passes when flows are on
 * (charts/netfence agent-daemonset.yaml): /flows over TLS on the server port, the actuator — probes with the readiness
 * group that includes the sync, metrics — plain on the management port, where /flows is not served.
 */
class FlowsTlsAgentE2ETest {

    @Test
    void theChartsFlowsSettingsServeFlowsOverTlsAndKeepProbesAndMetricsPlain(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.newCa("agents (e2e)");
        Path secret = pki.writeSecret(dir.resolve("flows-tls"), pki.issue("nf-netfence-agent.netfence.svc", "localhost"));
        try (MiniCluster cluster = new MiniCluster(1); MockApiServer api = new MockApiServer()) {
            KubernetesClient k = api.admin();
            k.resource(node(nodeName(1), nodeIp(1), podCidr(1))).create();
            Map<String, String> props = new LinkedHashMap<>();
            props.put("netfence.agent.flows.enabled", "true");
            props.put("netfence.agent.flows.nflog-group", "35");
            props.put("netfence.agent.flows.netns", "/var/run/netns/" + cluster.nodeNetns(1));
            props.put("netfence.agent.flows.audience", "netfence-agent");
            props.put("server.port", "0");
            props.put("server.ssl.bundle", "netfence-flows");
            props.put("spring.ssl.bundle.pem.netfence-flows.keystore.certificate", "file:" + secret.resolve("tls.crt"));
            props.put("spring.ssl.bundle.pem.netfence-flows.keystore.private-key", "file:" + secret.resolve("tls.key"));
            props.put("spring.ssl.bundle.pem.netfence-flows.reload-on-update", "true");
            props.put("management.server.port", "0");
            props.put("management.server.ssl.enabled", "false");
            try (RunningAgent agent = RunningAgent.start(api, nodeName(1), cluster.nodeNetns(1), props)) {
                AgentStatusAndFaultsE2ETest.await("first sync", () -> agent.tracker().firstSyncDone());
                int tls = Integer.parseInt(agent.property("local.server.port"));
                int management = Integer.parseInt(agent.property("local.management.port"));
                HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

                AgentStatusAndFaultsE2ETest.await("ready on the plain management port",
                        () -> status(plain, "http://127.0.0.1:" + management + "/actuator/health/readiness", null) == 200);
                HttpResponse<String> metrics = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management
                        + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body()).contains("netfence_flows_aggregates");
                assertThat(status(plain, "http://127.0.0.1:" + management + "/flows", "t")).as("not served on the plain port").isEqualTo(404);
                assertThat(status(plain, "http://127.0.0.1:" + tls + "/flows", "t")).as("TLS port, plain request").isEqualTo(400);

                // over TLS the request reaches the token check, which fails closed: the CRUD mock API server cannot
                // answer a TokenReview (FlowsTlsServerTest and FlowsEndpointAuthTest stub it)
                HttpResponse<String> flows = https(pki).send(HttpRequest.newBuilder(URI.create("https://localhost:" + tls + "/flows"))
                        .header("Authorization", "Bearer some-token").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(flows.statusCode()).isIn(401, 503);
                assertThat(flows.body()).isIn("the token is not valid\n", "cannot verify the token now\n");
                assertThat(status(https(pki), "https://localhost:" + tls + "/actuator/health", null))
                        .as("the actuator is not on the TLS port").isEqualTo(404);
            }
        }
    }

    private static int status(HttpClient client, String url, String token) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpClient https(TestPki ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
