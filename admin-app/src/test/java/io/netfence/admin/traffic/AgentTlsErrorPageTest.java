package io.netfence.admin.traffic;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.watch.tls.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An agent whose certificate the console does not trust shows up on the Traffic page, by node, with the reason — read
 * by the real {@link AgentFlowSource} against an HTTPS stub agent whose certificate comes from another CA.
 */
@ConsoleTest
class AgentTlsErrorPageTest {

    private static final String AGENT_NAME = "nf-netfence-agent.netfence.svc";

    @MockitoBean
    FlowSource flowSource;
    @Autowired
    MockMvc mvc;
    @Autowired
    KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    void anUntrustedAgentIsNamedInTheSourceErrorsAndGetsNoToken() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpsServer impostor = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(TestPki.newCa("another CA").issue(AGENT_NAME).keyStore("pw".toCharArray()), "pw".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        impostor.setHttpsConfigurator(new HttpsConfigurator(ssl));
        impostor.createContext("/flows", exchange -> {
            requests.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        impostor.start();
        try {
            client.pods().inNamespace("netfence-tls").resource(new PodBuilder().withNewMetadata().withName("agent-x")
                    .withNamespace("netfence-tls").withLabels(Map.of("app.kubernetes.io/component", "agent")).endMetadata()
                    .withNewSpec().withNodeName("node-tls").endSpec().withNewStatus().withPodIP("127.0.0.1").endStatus().build()).create();
            Path ca = Files.writeString(dir.resolve("ca.crt"), TestPki.newCa("the agents' CA").caPem());
            Path token = Files.writeString(dir.resolve("token"), "agent-audience-token");
            AgentFlowSource agents = new AgentFlowSource(client, new AgentFlowsProperties(true, "netfence-tls",
                    "app.kubernetes.io/component=agent", impostor.getAddress().getPort(), token, ca, AGENT_NAME,
                    Duration.ofSeconds(20), Duration.ZERO), JsonMapper.builder().build(), Clock.systemUTC());
            when(flowSource.read()).thenAnswer(i -> agents.read());

            mvc.perform(get("/traffic")).andExpect(status().isOk())
                    .andExpect(content().string(containsString("id=\"flow-errors\"")))
                    .andExpect(content().string(containsString("<code>node-tls</code>: <span>TLS: not trusted, nothing sent: the agent")))
                    .andExpect(content().string(containsString("does not verify against the agents")))
                    .andExpect(content().string(containsString(ca.toString())));
            assertThat(requests).as("the impostor never sees a request, let alone the token").isEmpty();
        } finally {
            impostor.stop(0);
        }
    }
}
