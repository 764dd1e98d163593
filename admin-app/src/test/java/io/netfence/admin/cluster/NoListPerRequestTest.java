package io.netfence.admin.cluster;

import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.demo.DemoApiServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every page and JSON API is answered from the informers' live model: the API server sees no request at all. */
@ConsoleTest
class NoListPerRequestTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    NodeRulesets rulesets;
    @Autowired
    DemoApiServer apiServer;
    @Autowired
    io.netfence.admin.demo.DemoAgents agents;

    @Test
    void pagesAndApisDoNotCallTheApiServer() throws Exception {
        Eventually.until("demo loaded and every node reported the current ruleset", () -> cluster.snapshot().pods().size() >= 30
                && cluster.nodeStatuses().size() == cluster.snapshot().nodes().size()
                && cluster.nodeStatuses().entrySet().stream().allMatch(e -> rulesets.current(e.getKey()).hash().equals(e.getValue().rulesetHash())));
        String draft = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny, namespace: backend}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """;
        // the demo agents' heartbeats are agent traffic, not the console's: paused while counting
        cluster.snapshot().nodes().forEach(n -> agents.pause(n.name()));
        Thread.sleep(1_100);
        try {
            countRequests(draft);
        } finally {
            cluster.snapshot().nodes().forEach(n -> agents.resume(n.name()));
        }
    }

    private void countRequests(String draft) throws Exception {
        int before = apiServer.requestCount();
        MockHttpSession session = new MockHttpSession();
        for (String page : new String[]{"/", "/api/v1/overview", "/pods", "/api/v1/pods?namespace=data&selector=app=postgres",
                "/policies", "/api/v1/policies", "/policies/data/postgres-from-backend", "/api/v1/policies/data/postgres-from-backend",
                "/composer?template=default-deny-ingress&namespace=backend", "/composer?edit=data/postgres-from-backend",
                "/preview", "/connectivity", "/nodes", "/api/v1/nodes", "/nodes/node-1", "/api/v1/nodes/node-1", "/nodes/node-1/ruleset.txt",
                "/staged", "/api/v1/stagednetworkpolicies", "/staged/backend/api-from-web-only",
                "/api/v1/stagednetworkpolicies/backend/api-from-web-only"}) {
            mvc.perform(get(page).session(session)).andExpect(status().isOk());
        }
        mvc.perform(post("/api/v1/drafts/analyze").contentType("application/yaml").content(draft)).andExpect(status().isOk());
        mvc.perform(post("/api/v1/preview").contentType("application/yaml").content(draft)).andExpect(status().isOk());
        mvc.perform(post("/api/v1/connectivity").contentType("application/yaml").content(draft)).andExpect(status().isOk());
        assertThat(apiServer.requestCount()).as("requests to the API server while serving pages").isEqualTo(before);
    }
}
