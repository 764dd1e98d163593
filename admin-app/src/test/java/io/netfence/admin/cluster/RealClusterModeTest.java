package io.netfence.admin.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.netfence.admin.Eventually;
import io.netfence.admin.MockMvcDefaults;
import org.springframework.context.annotation.Import;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

/**
 * With a kubeconfig the console watches that cluster (here: a CRUD mock API server reached through a kubeconfig
 * file), starts no demo, shows no demo banner, and reports "no report" for nodes without NodeFirewallStatus.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@Import(MockMvcDefaults.class)
@WithMockUser(username = "ops", roles = "VIEWER")
class RealClusterModeTest {

    static final KubernetesMockServer SERVER = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
            new KubernetesCrudDispatcher(), false);
    static Path kubeconfig;

    @DynamicPropertySource
    static void kubeconfig(DynamicPropertyRegistry registry) throws IOException {
        SERVER.init();
        KubernetesClient admin = SERVER.createClient();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-a").endMetadata()
                .withNewSpec().withPodCIDR("10.9.0.0/24").endSpec().build()).create();
        admin.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("cart").withNamespace("shop")
                .addToLabels("app", "cart").endMetadata().withNewSpec().withNodeName("worker-a").endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.9.0.7").endStatus().build()).create();
        kubeconfig = Files.createTempFile("netfence-kubeconfig", ".yaml");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                contexts: [{name: mock, context: {cluster: mock, user: tester, namespace: default}}]
                current-context: mock
                users: [{name: tester, user: {token: not-checked}}]
                """.formatted(admin.getMasterUrl().toString()));
        admin.close();
        registry.add("netfence.kubeconfig", () -> kubeconfig.toString());
        // outside the demo the console starts only with a login configured
        registry.add("netfence.console.users[0].name", () -> "ops");
        registry.add("netfence.console.users[0].password", () -> new BCryptPasswordEncoder(4).encode("ops-password"));
        registry.add("netfence.console.users[0].role", () -> "viewer");
    }

    @AfterAll
    static void stop() throws IOException {
        SERVER.destroy();
        Files.deleteIfExists(kubeconfig);
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    ConsoleMode mode;

    @Test
    void watchesTheKubeconfigClusterWithoutDemo() throws Exception {
        Eventually.until("the cluster's pod is in the live model", () -> cluster.snapshot().pod("shop", "cart").isPresent());
        org.assertj.core.api.Assertions.assertThat(mode.demo()).isFalse();
        mvc.perform(get("/api/v1/overview"))
                .andExpect(jsonPath("$.counts.pods").value(1))
                .andExpect(jsonPath("$.counts.nodes").value(1))
                .andExpect(jsonPath("$.nodes[0].state").value("NO_REPORT"));
        mvc.perform(get("/")).andExpect(content().string(not(containsString("DEMO CLUSTER"))))
                .andExpect(content().string(containsString("no report")));
    }
}
