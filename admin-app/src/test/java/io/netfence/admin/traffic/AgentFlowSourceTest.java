package io.netfence.admin.traffic;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.netfence.watch.tls.TestPki;
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

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
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

/**
 * The live flow source against stub agents serving HTTPS with certificates from a test CA (TestPki) for the fixed
 * agent name: token sent, answers merged, every failing node reported, none fatal; an agent whose certificate is from
 * another CA or for another name, or that speaks plain HTTP, gets no token and is reported with the reason.
 */
class AgentFlowSourceTest {

    private static final Map<String, String> AGENT = Map.of("app.kubernetes.io/instance", "nf", "app.kubernetes.io/component", "agent");
    private static final String AGENT_NAME = "nf-netfence-agent.netfence.svc";

    private final TestPki pki = TestPki.newCa("netfence agents (test)");
    private final TestPki.Issued agentCert = pki.issue(AGENT_NAME);

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
        HttpServer one = agent(agentCert, "127.0.0.1", 0, 200, """
                {"node":"node-1","observing":true,"maxAggregates":50000,"evictions":0,"flows":[
                 {"source":{"ip":"10.244.1.5","pod":{"namespace":"shop","name":"web-1","workloadKind":"Deployment","workloadName":"web"}},
                  "destination":{"ip":"10.244.2.7","pod":null},"port":5432,"protocol":"tcp","verdict":"allowed","chain":"NF-FWD",
                  "chainOrigin":null,"count":5,"firstSeen":"2026-12-01T03:00:00Z","lastSeen":"2026-12-01T04:00:00Z"},
                 {"source":{"ip":"10.244.1.5","pod":{"namespace":"shop","name":"web-1","workloadKind":"Deployment","workloadName":"web"}},
                  "destination":{"ip":"203.0.113.9","pod":null},"port":443,"protocol":"tcp","verdict":"allowed","chain":"NF-FWD",
                  "chainOrigin":null,"count":2,"firstSeen":"2026-12-01T03:10:00Z","lastSeen":"2026-12-01T03:20:00Z","extra":1}]}""", 0);
        port = one.getAddress().getPort();
        // node-2 at 127.0.0.2: the destination side of the same connection, denied by the db's ingress
        agent(agentCert, "127.0.0.2", port, 200, """
                {"node":"node-2","observing":true,"flows":[
                 {"source":{"ip":"10.244.1.5","pod":null},
                  "destination":{"ip":"10.244.2.7","pod":{"namespace":"data","name":"db-0","workloadKind":"StatefulSet","workloadName":"db"}},
                  "port":5432,"protocol":"tcp","verdict":"denied","chain":"NF-POD-IN-X","count":4,
                  "firstSeen":"2026-12-01T02:59:00Z","lastSeen":"2026-12-01T03:58:00Z"}]}""", 0);
        agent(agentCert, "127.0.0.3", port, 200, "{\"node\":\"node-3\",\"flows\":[]}", 8000);   // slower than the timeout
        agent(agentCert, "127.0.0.4", port, 403, "forbidden", 0);
        agent(agentCert, "127.0.0.6", port, 200, "not json", 0);
        agent(TestPki.newCa("another CA").issue(AGENT_NAME), "127.0.0.7", port, 200, FLOWS_OF_AN_IMPOSTOR, 0);
        agent(pki.issue("db.shop.svc"), "127.0.0.8", port, 200, FLOWS_OF_AN_IMPOSTOR, 0);   // our CA, another name
        plainHttpAgent("127.0.0.9", port);
        pod("agent-a", "node-1", "127.0.0.1", AGENT);
        pod("agent-b", "node-2", "127.0.0.2", AGENT);
        pod("agent-c", "node-3", "127.0.0.3", AGENT);
        pod("agent-d", "node-4", "127.0.0.4", AGENT);
        pod("agent-e", "node-5", "127.0.0.5", AGENT);       // nothing listens: connection refused
        pod("agent-f", "node-6", null, AGENT);              // not started yet
        pod("agent-g", "node-7", "127.0.0.6", AGENT);
        pod("agent-h", "node-8", "127.0.0.7", AGENT);
        pod("agent-i", "node-9", "127.0.0.8", AGENT);
        pod("agent-j", "node-10", "127.0.0.9", AGENT);
        pod("console", "node-1", "127.0.0.1", Map.of("app.kubernetes.io/instance", "nf", "app.kubernetes.io/component", "console"));
        warmUpTls();
    }

    /**
     * One handshake before the timed reads: a cold JVM's first TLS handshakes (class loading, key setup) can take
     * seconds on a loaded machine, which would read as an agent timing out.
     */
    private void warmUpTls() throws Exception {
        Path ca = Files.writeString(dir.resolve("warm-up-ca.crt"), pki.caPem());
        java.net.http.HttpClient warm = java.net.http.HttpClient.newBuilder()
                .sslContext(new AgentTrust(ca, AGENT_NAME).context()).build();
        warm.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.2:" + port + "/flows"))
                .timeout(Duration.ofSeconds(30)).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        authorizations.clear();
    }

    @AfterEach
    void stop() {
        agents.forEach(a -> a.stop(0));
        for (java.net.ServerSocket s : plainAgents) {
            try {
                s.close();
            } catch (java.io.IOException e) {
                // nothing to keep
            }
        }
        client.close();
        server.destroy();
    }

    @Test
    void readsEveryAgentWithTheTokenMergesBothEndsAndReportsEachFailingNode() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "sa-token-1\n");
        Path ca = Files.writeString(dir.resolve("ca.crt"), pki.caPem());
        AgentFlowSource source = new AgentFlowSource(client, properties(token), JsonMapper.builder().build(), Clock.systemUTC());

        long started = System.nanoTime();
        FlowReadout readout = source.read();
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(millis).as("the slow agent is not waited for").isLessThan(5000);
        assertThat(authorizations).isNotEmpty().allMatch("Bearer sa-token-1"::equals);
        assertThat(readout.enabled()).isTrue();
        assertThat(readout.flows()).as("errors: %s", readout.errors()).hasSize(2);
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
        assertThat(errors).containsOnlyKeys("node-3", "node-4", "node-5", "node-6", "node-7", "node-8", "node-9", "node-10");
        assertThat(errors.get("node-3")).contains("no answer");
        assertThat(errors.get("node-4")).contains("HTTP 403").contains("nodes/flows");
        assertThat(errors.get("node-5")).contains("ConnectException");
        assertThat(errors.get("node-6")).contains("no IP");
        assertThat(errors.get("node-7")).contains("unreadable");
        assertThat(errors.get("node-8")).startsWith("TLS: not trusted, nothing sent: the agent's certificate")
                .contains("does not verify against the agents' CA in " + ca);
        assertThat(errors.get("node-9")).startsWith("TLS: not trusted, nothing sent: the agent's certificate is for [db.shop.svc], not for "
                + AGENT_NAME);
        assertThat(errors.get("node-10")).startsWith("TLS handshake with the agent failed, nothing sent");
        assertThat(impostorCalls).as("an agent that is not trusted never sees the token").isEmpty();
        assertThat(readout.flows()).noneMatch(f -> f.port() == 6666);

        // the token is read again on each request (the kubelet rotates it)
        Files.writeString(token, "sa-token-2");
        authorizations.clear();
        source.read();
        assertThat(authorizations).isNotEmpty().allMatch("Bearer sa-token-2"::equals);
    }

    @Test
    void aMissingTokenOrCaOrNoAgentsIsReportedNotThrown() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), pki.caPem());
        AgentFlowSource noToken = new AgentFlowSource(client, properties(dir.resolve("absent"), ca), JsonMapper.builder().build(), Clock.systemUTC());
        FlowReadout readout = noToken.read();
        assertThat(readout.flows()).isEmpty();
        assertThat(readout.errors()).hasSize(10).allMatch(e -> e.message().contains("no agent-audience ServiceAccount token"));
        assertThat(authorizations).isEmpty();

        Path token = Files.writeString(dir.resolve("token"), "sa-token-1");
        AgentFlowSource noCa = new AgentFlowSource(client, properties(token, dir.resolve("no-ca.crt")), JsonMapper.builder().build(), Clock.systemUTC());
        assertThat(noCa.read().errors()).hasSize(10).allSatisfy(e -> assertThat(e.message())
                .contains("no agents' CA at " + dir.resolve("no-ca.crt")).contains("netfence.console.agent-flows.ca-path").contains("TLS only"));
        Path garbage = Files.writeString(dir.resolve("garbage.crt"), "not a certificate");
        AgentFlowSource badCa = new AgentFlowSource(client, properties(token, garbage), JsonMapper.builder().build(), Clock.systemUTC());
        assertThat(badCa.read().errors()).hasSize(10).allSatisfy(e -> assertThat(e.message()).contains("garbage.crt"));
        assertThat(authorizations).as("no CA, no call").isEmpty();

        AgentFlowSource elsewhere = new AgentFlowSource(client, new AgentFlowsProperties(true, "other", "app.kubernetes.io/component=agent",
                port, dir.resolve("absent"), ca, AGENT_NAME, Duration.ofSeconds(1), Duration.ZERO), JsonMapper.builder().build(), Clock.systemUTC());
        assertThat(elsewhere.read().errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("no agent pods in namespace other"));
    }

    /** The kubelet updates the mounted CA (a renewed or replaced CA): the next read trusts the new file, no restart. */
    @Test
    void aReplacedCaFileIsTrustedOnTheNextRead() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "sa-token-1");
        TestPki old = TestPki.newCa("the old CA");
        Path ca = Files.writeString(dir.resolve("ca.crt"), old.caPem());
        AgentFlowSource source = new AgentFlowSource(client, new AgentFlowsProperties(true, "netfence",
                "app.kubernetes.io/instance=nf,app.kubernetes.io/component=agent", port, token, ca, AGENT_NAME,
                Duration.ofSeconds(10), Duration.ZERO), JsonMapper.builder().build(), Clock.systemUTC());   // no timing here
        assertThat(source.read().errors()).filteredOn(e -> e.node().equals("node-1")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("does not verify against the agents' CA"));
        Files.writeString(ca, old.caPem() + pki.caPem());   // old and new side by side during a switch
        FlowReadout readout = source.read();
        assertThat(readout.errors()).noneMatch(e -> e.node().equals("node-1") || e.node().equals("node-2"));
        assertThat(readout.flows()).isNotEmpty();
    }

    @Test
    void enablingWithoutTheAgentNameFailsAtStartNamingTheProperty() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AgentFlowsProperties(true, "netfence", "a=b", 9478, dir, dir, "",
                Duration.ofSeconds(1), Duration.ZERO)).hasMessageContaining("netfence.console.agent-flows.server-name");
        assertThat(new AgentFlowsProperties(false, "netfence", "a=b", 9478, dir, dir, "", Duration.ofSeconds(1), Duration.ZERO).enabled()).isFalse();
    }

    private AgentFlowsProperties properties(Path token) {
        return properties(token, dir.resolve("ca.crt"));
    }

    private AgentFlowsProperties properties(Path token, Path ca) {
        return new AgentFlowsProperties(true, "netfence", "app.kubernetes.io/instance=nf,app.kubernetes.io/component=agent", port, token,
                ca, AGENT_NAME, Duration.ofMillis(2500), Duration.ZERO);   // a cold TLS handshake on a loaded machine takes a while
    }

    /** A plain-HTTP server (an agent without TLS, as Tomcat answers a TLS hello on a plain port): 400 to any bytes. */
    private void plainHttpAgent(String ip, int port) throws Exception {
        java.net.ServerSocket socket = new java.net.ServerSocket();
        socket.bind(new InetSocketAddress(ip, port));
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try (java.net.Socket s = socket.accept()) {
                    s.getInputStream().read(new byte[512]);
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            }
        });
        t.setDaemon(true);
        t.start();
        plainAgents.add(socket);
    }

    private final List<java.net.ServerSocket> plainAgents = new ArrayList<>();

    /** Flows an untrusted server would hand out; none may reach the readout. */
    private static final String FLOWS_OF_AN_IMPOSTOR = """
            {"node":"impostor","flows":[{"source":{"ip":"10.6.6.6","pod":null},"destination":{"ip":"10.6.6.7","pod":null},
             "port":6666,"protocol":"tcp","verdict":"allowed","count":1,"firstSeen":"2026-12-01T03:00:00Z","lastSeen":"2026-12-01T03:00:00Z"}]}""";

    private final List<String> impostorCalls = new CopyOnWriteArrayList<>();

    /** An agent at ip:port serving HTTPS with this certificate, or plain HTTP when it is null. */
    private HttpServer agent(TestPki.Issued cert, String ip, int port, int status, String body, long delayMillis) throws Exception {
        HttpServer s;
        if (cert == null) {
            s = HttpServer.create(new InetSocketAddress(ip, port), 0);
        } else {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(ip, port), 0);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(cert.keyStore("changeit".toCharArray()), "changeit".toCharArray());
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            https.setHttpsConfigurator(new HttpsConfigurator(ssl));
            s = https;
        }
        s.createContext("/flows", exchange -> {
            (FLOWS_OF_AN_IMPOSTOR.equals(body) ? impostorCalls : authorizations).add(exchange.getRequestHeaders().getFirst("Authorization"));

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
