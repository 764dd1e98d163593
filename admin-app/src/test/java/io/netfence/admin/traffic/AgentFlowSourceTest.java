package io.netfence.admin.traffic;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The live flow source against stub agents: token sent, answers merged, every failing node reported, none fatal. */
class AgentFlowSourceTest {

    private static final Map<String, String> AGENT = Map.of("app.kubernetes.io/instance", "nf", "app.kubernetes.io/component", "agent");

    private KubernetesMockServer server;
    private KubernetesClient client;
    private final List<HttpServer> agents = new ArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private int port;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        // node-1 at 127.0.0.1: the source side of a cross-node connection (allowed by its egress) and a flow to an outside address
        HttpServer one = agent("127.0.0.1", 0, 200, """
                {"node":"node-1","observing":true,"maxAggregates":50000,"evictions":0,"flows":[
                 {"source":{"ip":"10.244.1.5","pod":{"namespace":"shop","name":"web-1","workloadKind":"Deployment","workloadName":"web"}},
                  "destination":{"ip":"10.244.2.7","pod":null},"port":5432,"protocol":"tcp","verdict":"allowed","chain":"NF-FWD",
                  "chainOrigin":null,"count":5,"firstSeen":"2026-12-01T03:00:00Z","lastSeen":"2026-12-01T04:00:00Z"},
                 {"source":{"ip":"10.244.1.5","pod":{"namespace":"shop","name":"web-1","workloadKind":"Deployment","workloadName":"web"}},
                  "destination":{"ip":"203.0.113.9","pod":null},"port":443,"protocol":"tcp","verdict":"allowed","chain":"NF-FWD",
                  "chainOrigin":null,"count":2,"firstSeen":"2026-12-01T03:10:00Z","lastSeen":"2026-12-01T03:20:00Z","extra":1}]}""", 0);
        port = one.getAddress().getPort();
        // node-2 at 127.0.0.2: the destination side of the same connection, denied by the db's ingress
        agent("127.0.0.2", port, 200, """
                {"node":"node-2","observing":true,"flows":[
                 {"source":{"ip":"10.244.1.5","pod":null},
                  "destination":{"ip":"10.244.2.7","pod":{"namespace":"data","name":"db-0","workloadKind":"StatefulSet","workloadName":"db"}},
                  "port":5432,"protocol":"tcp","verdict":"denied","chain":"NF-POD-IN-X","count":4,
                  "firstSeen":"2026-12-01T02:59:00Z","lastSeen":"2026-12-01T03:58:00Z"}]}""", 0);
        agent("127.0.0.3", port, 200, "{\"node\":\"node-3\",\"flows\":[]}", 3000);   // slower than the timeout
        agent("127.0.0.4", port, 403, "forbidden", 0);
        agent("127.0.0.6", port, 200, "not json", 0);
        pod("agent-a", "node-1", "127.0.0.1", AGENT);
        pod("agent-b", "node-2", "127.0.0.2", AGENT);
        pod("agent-c", "node-3", "127.0.0.3", AGENT);
        pod("agent-d", "node-4", "127.0.0.4", AGENT);
        pod("agent-e", "node-5", "127.0.0.5", AGENT);       // nothing listens: connection refused
        pod("agent-f", "node-6", null, AGENT);              // not started yet
        pod("agent-g", "node-7", "127.0.0.6", AGENT);
        pod("console", "node-1", "127.0.0.1", Map.of("app.kubernetes.io/instance", "nf", "app.kubernetes.io/component", "console"));
    }

    @AfterEach
    void stop() {
        agents.forEach(a -> a.stop(0));
        client.close();
        server.destroy();
    }

    @Test
    void readsEveryAgentWithTheTokenMergesBothEndsAndReportsEachFailingNode() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "sa-token-1\n");
        AgentFlowSource source = new AgentFlowSource(client, properties(token), JsonMapper.builder().build(), Clock.systemUTC());

        long started = System.nanoTime();
        FlowReadout readout = source.read();
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(millis).as("the slow agent is not waited for").isLessThan(2500);
        assertThat(authorizations).isNotEmpty().allMatch("Bearer sa-token-1"::equals);
        assertThat(readout.enabled()).isTrue();
        assertThat(readout.flows()).hasSize(2);
        ObservedFlow db = readout.flows().stream().filter(f -> f.port() == 5432).findFirst().orElseThrow();
        assertThat(db.verdict()).isEqualTo("denied");
        assertThat(db.count()).isEqualTo(4);
        assertThat(db.nodes()).containsExactly("node-1", "node-2");
        assertThat(db.source().workloadLabel()).isEqualTo("shop/Deployment/web");
        assertThat(db.destination().workloadLabel()).isEqualTo("data/StatefulSet/db");
        assertThat(db.firstSeen()).hasToString("2026-12-01T02:59:00Z");
        assertThat(db.lastSeen()).hasToString("2026-12-01T04:00:00Z");
        ObservedFlow out = readout.flows().stream().filter(f -> f.port() == 443).findFirst().orElseThrow();
        assertThat(out.destination().isPod()).isFalse();
        assertThat(out.verdict()).isEqualTo("allowed");

        Map<String, String> errors = new HashMap<>();
        readout.errors().forEach(e -> errors.put(e.node(), e.message()));
        assertThat(errors).containsOnlyKeys("node-3", "node-4", "node-5", "node-6", "node-7");
        assertThat(errors.get("node-3")).contains("no answer");
        assertThat(errors.get("node-4")).contains("HTTP 403").contains("nodes/flows");
        assertThat(errors.get("node-5")).contains("ConnectException");
        assertThat(errors.get("node-6")).contains("no IP");
        assertThat(errors.get("node-7")).contains("unreadable");

        // the token is read again on each request (the kubelet rotates it)
        Files.writeString(token, "sa-token-2");
        authorizations.clear();
        source.read();
        assertThat(authorizations).isNotEmpty().allMatch("Bearer sa-token-2"::equals);
    }

    @Test
    void aMissingTokenOrNoAgentsIsReportedNotThrown() {
        AgentFlowSource noToken = new AgentFlowSource(client, properties(dir.resolve("absent")), JsonMapper.builder().build(), Clock.systemUTC());
        FlowReadout readout = noToken.read();
        assertThat(readout.flows()).isEmpty();
        assertThat(readout.errors()).hasSize(7).allMatch(e -> e.message().contains("no ServiceAccount token"));
        assertThat(authorizations).isEmpty();

        AgentFlowSource elsewhere = new AgentFlowSource(client, new AgentFlowsProperties(true, "other", "app.kubernetes.io/component=agent",
                port, dir.resolve("absent"), Duration.ofSeconds(1), Duration.ZERO), JsonMapper.builder().build(), Clock.systemUTC());
        assertThat(elsewhere.read().errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("no agent pods in namespace other"));
    }

    private AgentFlowsProperties properties(Path token) {
        return new AgentFlowsProperties(true, "netfence", "app.kubernetes.io/instance=nf,app.kubernetes.io/component=agent", port, token,
                Duration.ofMillis(800), Duration.ZERO);
    }

    private HttpServer agent(String ip, int port, int status, String body, long delayMillis) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(ip, port), 0);
        s.createContext("/flows", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        s.start();
        agents.add(s);
        return s;
    }

    private void pod(String name, String node, String ip, Map<String, String> labels) {
        client.pods().inNamespace("netfence").resource(new PodBuilder().withNewMetadata().withName(name).withNamespace("netfence")
                .withLabels(labels).endMetadata().withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPodIP(ip).endStatus().build()).create();
    }
}
