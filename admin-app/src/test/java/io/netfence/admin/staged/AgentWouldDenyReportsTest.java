package io.netfence.admin.staged;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.netfence.admin.traffic.AgentFlowSource;
import io.netfence.admin.traffic.AgentFlowsProperties;
import io.netfence.admin.traffic.FlowReadout;
import io.netfence.admin.traffic.ObservedFlow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agents' own would-deny reports: read from {@code /flows} beside the connection's allowed report (never merged into
 * it, never counted as another connection on the Traffic page) and attributed to the staged policy whose chain logged them.
 */
class AgentWouldDenyReportsTest {

    private KubernetesMockServer server;
    private KubernetesClient client;
    private HttpServer agent;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop(0);
        }
        client.close();
        server.destroy();
    }

    @Test
    void wouldDenyReportsAreKeptApartAndAttributedToTheirStagedPolicy() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        String web = "{\"ip\":\"10.244.1.5\",\"pod\":{\"namespace\":\"shop\",\"name\":\"web-1\",\"workloadKind\":\"Deployment\",\"workloadName\":\"web\"}}";
        String api = "{\"ip\":\"10.244.1.9\",\"pod\":{\"namespace\":\"shop\",\"name\":\"api-1\",\"workloadKind\":\"Deployment\",\"workloadName\":\"api\"}}";
        String body = """
                {"node":"node-1","observing":true,"flows":[
                 {"source":%s,"destination":%s,"port":8080,"protocol":"tcp","verdict":"allowed","chain":"NETFENCE-FORWARD",
                  "count":7,"firstSeen":"2026-12-01T03:00:00Z","lastSeen":"2026-12-01T04:00:00Z"},
                 {"source":%s,"destination":%s,"port":8080,"protocol":"tcp","verdict":"would-deny","chain":"NETFENCE-WI-0123456789abcdef",
                  "chainOrigin":"would-deny ingress of staged policy shop/api-lockdown (counts, never drops)",
                  "count":7,"firstSeen":"2026-12-01T03:00:00Z","lastSeen":"2026-12-01T04:00:00Z"},
                 {"source":%s,"destination":%s,"port":8080,"protocol":"tcp","verdict":"would-deny","chain":"NETFENCE-WE-0123456789abcdef",
                  "chainOrigin":null,"count":1,"firstSeen":"2026-12-01T03:00:00Z","lastSeen":"2026-12-01T04:00:00Z"}]}
                """.formatted(web, api, web, api, web, api);
        // the agents serve /flows over TLS with the chart's certificate for a fixed name (AgentFlowSourceTest)
        io.netfence.watch.tls.TestPki pki = io.netfence.watch.tls.TestPki.newCa("netfence agents (test)");
        String agentName = "nf-netfence-agent.netfence.svc";
        com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(pki.issue(agentName).keyStore("changeit".toCharArray()), "changeit".toCharArray());
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(ssl));
        agent = https;
        Path ca = dir.resolve("ca.crt");
        Files.writeString(ca, pki.caPem());
        agent.createContext("/flows", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        agent.start();
        client.pods().inNamespace("netfence").resource(new PodBuilder().withNewMetadata().withName("agent-a").withNamespace("netfence")
                .withLabels(Map.of("app.kubernetes.io/component", "agent")).endMetadata().withNewSpec().withNodeName("node-1").endSpec()
                .withNewStatus().withPodIP("127.0.0.1").endStatus().build()).create();
        Path token = dir.resolve("token");
        Files.writeString(token, "t");
        AgentFlowSource source = new AgentFlowSource(client, new AgentFlowsProperties(true, "netfence", "app.kubernetes.io/component=agent",
                agent.getAddress().getPort(), token, ca, agentName, Duration.ofMillis(2500), Duration.ZERO), JsonMapper.builder().build(),
                Clock.systemUTC());

        FlowReadout readout = source.read();

        assertThat(readout.errors()).isEmpty();
        assertThat(readout.flows()).as("the connection once, with its verdict").singleElement()
                .satisfies(f -> {
                    assertThat(f.verdict()).isEqualTo(ObservedFlow.ALLOWED);
                    assertThat(f.count()).isEqualTo(7);
                });
        assertThat(readout.wouldDeny()).hasSize(2).allMatch(ObservedFlow::wouldDeny);
        Map<String, List<ObservedFlow>> byPolicy = StagedVerdicts.agentReports(readout);
        assertThat(byPolicy).containsOnlyKeys("shop/api-lockdown");
        assertThat(byPolicy.get("shop/api-lockdown")).singleElement().satisfies(f -> {
            assertThat(f.count()).isEqualTo(7);
            assertThat(f.nodes()).containsExactly("node-1");
            assertThat(f.destination().workloadLabel()).isEqualTo("shop/Deployment/api");
        });
    }
}
