package io.netfence.agent.flows;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netfence.watch.tls.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The agent's server as the chart configures it when flows are on (charts/netfence agent-daemonset.yaml): /flows on
 * the TLS port ({@code server.ssl.bundle} = PEM files of the mounted Secret, reloaded when they change), probes and
 * metrics on the plain management port. A real Tomcat, a real TLS handshake, a mock API server answering TokenReview
 * as an audience-aware API server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlowsTlsServerTest {

    private static final String SERVER_NAME = "nf-netfence-agent.netfence.svc";

    private final KubernetesSerialization json = new KubernetesSerialization();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final List<List<String>> audiences = new CopyOnWriteArrayList<>();
    private final TestPki pki = TestPki.newCa("netfence agent flows CA (test)");
    private Path secret;
    private KubernetesMockServer api;
    private KubernetesClient client;
    private ConfigurableApplicationContext agent;
    private int tlsPort;
    private int managementPort;

    /** Not a @Configuration: the agents other tests start scan this package and must not pick it up. */
    @EnableAutoConfiguration
    static class FlowsServer {

        @Bean
        FlowsController flowsController() {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            FlowAggregator aggregator = new FlowAggregator(10, Clock.systemUTC(), ip -> Optional.empty(), registry);
            aggregator.accept(new FlowObservation(FlowObservation.Verdict.ALLOWED, "NETFENCE-FWD",
                    new FlowTuple("10.0.0.9", "10.0.0.1", "tcp", 40000, 8080)));
            return new FlowsController("node-1", aggregator, new NflogReader(1, null, o -> { }, registry), chain -> Optional.empty());
        }

        @Bean
        FilterRegistrationBean<FlowsAuthFilter> flowsAuthFilter(KubernetesClient client) {
            FilterRegistrationBean<FlowsAuthFilter> bean = new FilterRegistrationBean<>(new FlowsAuthFilter(
                    new FlowsAccess(client, "node-1", "netfence-agent", Duration.ofSeconds(10), Clock.systemUTC())));
            bean.addUrlPatterns("/flows", "/flows/*");
            return bean;
        }
    }

    @BeforeAll
    void start(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        api = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        api.init();
        client = api.createClient();
        api.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, req -> {
            TokenReview r = json.unmarshal(req.getBody().readUtf8(), TokenReview.class);
            tokens.add(r.getSpec().getToken());
            audiences.add(r.getSpec().getAudiences());
            boolean agentBound = r.getSpec().getToken().equals("agent-bound-token");
            boolean asked = r.getSpec().getAudiences() != null && r.getSpec().getAudiences().contains("netfence-agent");
            r.setStatus(agentBound && asked
                    ? new TokenReviewStatusBuilder().withAuthenticated(true).withAudiences("netfence-agent").withNewUser()
                    .withUsername("system:serviceaccount:netfence:nf-netfence-console").endUser().build()
                    : new TokenReviewStatusBuilder().withAuthenticated(false).withError("token audiences are invalid for the target audiences").build());
            return r;
        }).always();
        api.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(201, req -> {
            SubjectAccessReview r = json.unmarshal(req.getBody().readUtf8(), SubjectAccessReview.class);
            r.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(true).build());
            return r;
        }).always();

        // laid out like a mounted Secret: files are links into ..data, which the kubelet swaps atomically on an update
        secret = dir.resolve("flows-tls");
        Files.createDirectories(secret);
        pki.writeSecret(secret.resolve("..v1"), pki.issue(SERVER_NAME, "localhost"));
        Files.createSymbolicLink(secret.resolve("..data"), Path.of("..v1"));
        for (String f : List.of("tls.crt", "tls.key", "ca.crt")) {
            Files.createSymbolicLink(secret.resolve(f), Path.of("..data", f));
        }

        agent = new SpringApplicationBuilder(FlowsServer.class)
                .initializers(c -> ((org.springframework.context.support.GenericApplicationContext) c)
                        .registerBean("testKubernetesClient", KubernetesClient.class, () -> client))
                .properties(Map.of(
                        // the agent's application.yaml is on the path; its readiness group names the sync, absent here
                        "management.endpoint.health.validate-group-membership", "false",
                        "server.port", "0",
                        "server.ssl.bundle", "netfence-flows",
                        "spring.ssl.bundle.pem.netfence-flows.keystore.certificate", "file:" + secret.resolve("tls.crt"),
                        "spring.ssl.bundle.pem.netfence-flows.keystore.private-key", "file:" + secret.resolve("tls.key"),
                        "spring.ssl.bundle.pem.netfence-flows.reload-on-update", "true",
                        "spring.ssl.bundle.watch.file.quiet-period", "100ms",
                        "management.server.port", "0",
                        "management.server.ssl.enabled", "false",
                        "management.endpoints.web.exposure.include", "health"))
                .run("--spring.main.banner-mode=off");
        tlsPort = Integer.parseInt(agent.getEnvironment().getProperty("local.server.port"));
        managementPort = Integer.parseInt(agent.getEnvironment().getProperty("local.management.port"));
        assertThat(FlowsTls.configured(agent.getEnvironment())).isTrue();
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
        client.close();
        api.destroy();
    }

    @BeforeEach
    void clear() {
        tokens.clear();
        audiences.clear();
    }

    @Test
    void flowsOverHttpsWithAnAgentBoundTokenAndTheAudienceAskedFor() throws Exception {
        HttpResponse<String> r = https(pki).send(flows("https", tlsPort, "agent-bound-token"), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"node\":\"node-1\"").contains("10.0.0.9");
        assertThat(audiences).containsExactly(List.of("netfence-agent"));
        X509Certificate served = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
        assertThat(served.getSubjectAlternativeNames().stream().map(n -> (Object) n.get(1)).toList()).contains(SERVER_NAME);
    }

    @Test
    void aTokenForAnotherAudienceIs401() throws Exception {
        HttpResponse<String> r = https(pki).send(flows("https", tlsPort, "api-server-token"), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).doesNotContain("10.0.0");
        assertThat(tokens).containsExactly("api-server-token");
    }

    @Test
    void plainHttpIsRefusedOnTheTlsPortAndFlowsAreNotServedOnThePlainPort() throws Exception {
        HttpClient plain = HttpClient.newHttpClient();
        HttpResponse<String> onTlsPort = plain.send(flows("http", tlsPort, "agent-bound-token"), HttpResponse.BodyHandlers.ofString());
        assertThat(onTlsPort.statusCode()).as("Tomcat: this combination of host and port requires TLS").isEqualTo(400);
        assertThat(onTlsPort.body()).doesNotContain("10.0.0");
        HttpResponse<String> onPlainPort = plain.send(flows("http", managementPort, "agent-bound-token"), HttpResponse.BodyHandlers.ofString());
        assertThat(onPlainPort.statusCode()).isEqualTo(404);
        assertThat(tokens).as("no token that travelled in clear text is ever reviewed").isEmpty();
        // the probes stay plain HTTP on the management port (the kubelet's httpGet)
        HttpResponse<String> health = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void aClientTrustingAnotherCaFailsTheHandshake() {
        TestPki other = TestPki.newCa("someone else");
        assertThatThrownBy(() -> https(other).send(flows("https", tlsPort, "agent-bound-token"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
        assertThat(tokens).isEmpty();
    }

    /** cert-manager or a chart upgrade replaces the Secret: the kubelet swaps ..data, the server takes the new pair. */
    @Test
    void aRotatedCertificateIsServedWithoutARestart() throws Exception {
        TestPki.Issued next = pki.issue(SERVER_NAME, "localhost");
        pki.writeSecret(secret.resolve("..v2"), next);
        Path link = secret.resolve("..data_tmp");
        Files.createSymbolicLink(link, Path.of("..v2"));
        Files.move(link, secret.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        X509Certificate served = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = https(pki).send(flows("https", tlsPort, "agent-bound-token"), HttpResponse.BodyHandlers.ofString());
            served = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
            if (served.getSerialNumber().equals(next.certificate().getSerialNumber())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("still serving serial " + (served == null ? null : served.getSerialNumber()) + " after the Secret changed");
    }

    private static HttpRequest flows(String scheme, int port, String token) {
        return HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + port + "/flows")).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).build();
    }

    /** A fresh client (no reused connection or session) trusting only this CA, with the JDK's hostname check. */
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
