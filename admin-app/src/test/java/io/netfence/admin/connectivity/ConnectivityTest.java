package io.netfence.admin.connectivity;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@ConsoleTest
class ConnectivityTest {

    static final String DENY_BACKEND = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny-ingress, namespace: backend}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """;

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    KubernetesClient client;

    @BeforeEach
    void loaded() {
        Eventually.demoClusterLoaded(cluster);
    }

    @Test
    void defaultDenyTurnsCellsIntoBackendToLost() throws Exception {
        // backend has 12 pods; 10 are open now (payments is already isolated); frontend has 7
        mvc.perform(post("/api/v1/connectivity").param("namespace", "frontend", "backend").param("port", "8080")
                        .contentType("application/yaml").content(DENY_BACKEND))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.endpoints", hasSize(19)))
                .andExpect(jsonPath("$.draftPolicy").value("backend/default-deny-ingress"))
                .andExpect(jsonPath("$.gained").value(0))
                .andExpect(jsonPath("$.lost", greaterThan(0)))
                .andExpect(jsonPath("$.rows[*][?(@.state == 'LOST')].to", everyItem(org.hamcrest.Matchers.startsWith("backend/"))));
    }

    @Test
    void explainNamesTheIsolatingPolicyWithTheDraft() throws Exception {
        String web = cluster.snapshot().pods().stream().filter(p -> "web".equals(p.labels().get("app"))).findFirst().orElseThrow().key();
        String api = cluster.snapshot().pods().stream().filter(p -> "api".equals(p.labels().get("app"))).findFirst().orElseThrow().key();
        mvc.perform(post("/api/v1/connectivity/explain").param("from", web).param("to", api).param("port", "8080").param("protocol", "TCP")
                        .contentType("application/yaml").content(DENY_BACKEND))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.current.allowed").value(true))
                .andExpect(jsonPath("$.withDraft.allowed").value(false))
                .andExpect(jsonPath("$.withDraft.lines", hasItem(containsString("isolated by backend/default-deny-ingress"))))
                // in the terms people think in: the pods' workloads
                .andExpect(jsonPath("$.fromWorkload").value(workloadOf(web)))
                .andExpect(jsonPath("$.toWorkload").value(workloadOf(api)));
        mvc.perform(get("/connectivity/explain").param("from", web).param("to", api).param("port", "8080").param("protocol", "TCP"))
                .andExpect(content().string(containsString("class=\"to-workload\">" + workloadOf(api) + "<")));
    }

    private String workloadOf(String podKey) {
        var pod = cluster.snapshot().pods().stream().filter(p -> p.key().equals(podKey)).findFirst().orElseThrow();
        var w = io.netfence.engine.workload.Workloads.of(pod);
        org.assertj.core.api.Assertions.assertThat(w.kind()).as("demo pods belong to controllers").isNotEqualTo("Pod");
        return w.kind() + " " + w.namespace() + "/" + w.name();
    }

    @Test
    void pageUsesTheSessionDraftAndExplainsACell() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/composer/yaml").session(session).param("yaml", DENY_BACKEND)).andExpect(status().isOk());
        mvc.perform(get("/connectivity").session(session).param("namespace", "backend").param("port", "8080").param("group", "pod"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("class=\"cell-lost\"")))
                .andExpect(content().string(containsString("data-cell-url=\"/connectivity/explain?port=8080&amp;protocol=TCP\"")))
                .andExpect(content().string(containsString("data-from=\"backend/")));
        String api = cluster.snapshot().pods().stream().filter(p -> "api".equals(p.labels().get("app"))).findFirst().orElseThrow().key();
        String orders = cluster.snapshot().pods().stream().filter(p -> "orders".equals(p.labels().get("app"))).findFirst().orElseThrow().key();
        mvc.perform(get("/connectivity/explain").session(session).param("from", orders).param("to", api).param("port", "8080").param("protocol", "TCP"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("With the draft:")))
                .andExpect(content().string(containsString("DENIED, isolated by backend/default-deny-ingress")));
    }

    @Test
    void badInputIsAClearMessage() throws Exception {
        mvc.perform(post("/api/v1/connectivity").param("port", "http"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error", containsString("is not a number")));
        mvc.perform(post("/api/v1/connectivity").param("port", "70000"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error", containsString("between 1 and 65535")));
        mvc.perform(get("/connectivity").param("selector", "app in (x"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("unbalanced")));
        mvc.perform(get("/connectivity/explain").param("from", "nope/x").param("to", "backend/y").param("port", "80"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("no pod nope/x")));
        mvc.perform(post("/api/v1/connectivity").param("namespace", "data").param("namespace", "nope"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error", containsString("no namespace \"nope\" in the cluster")));
        mvc.perform(post("/api/v1/connectivity/explain").param("from", "data/a").param("to", "data/b"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value("port: missing; give a port between 1 and 65535"));
    }

    @Test
    void withoutADraftOnlyTheCurrentStateIsShown() throws Exception {
        mvc.perform(post("/api/v1/connectivity").param("namespace", "data").param("port", "5432"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.draftPolicy").doesNotExist())
                .andExpect(jsonPath("$.rows[*][*].state", everyItem(is(org.hamcrest.Matchers.oneOf("ALLOWED", "DENIED")))));
    }

    @Test
    void moreMatchingPodsThanTheMatrixShowsAreCappedWithAMessage() throws Exception {
        int n = ConnectivityService.MAX_ENDPOINTS + 10;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bulk").endMetadata().build()).createOr(r -> r.update());
        for (int i = 0; i < n; i++) {
            client.pods().inNamespace("bulk").resource(new PodBuilder().withNewMetadata().withName("p" + i).withNamespace("bulk")
                    .addToLabels("app", "bulk").endMetadata().withNewSpec().withNodeName("node-" + (1 + i % 3)).endSpec()
                    .withNewStatus().withPhase("Running").withPodIP("10.250." + (i / 200) + "." + (1 + i % 200)).endStatus().build())
                    .createOr(r -> r.update());
        }
        try {
            Eventually.until("bulk pods seen", () -> cluster.snapshot().pods().stream().filter(p -> p.namespace().equals("bulk")).count() == n);
            mvc.perform(post("/api/v1/connectivity").param("namespace", "bulk"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.truncated").value(true))
                    .andExpect(jsonPath("$.endpoints", hasSize(ConnectivityService.MAX_ENDPOINTS)));
            mvc.perform(get("/connectivity").param("namespace", "bulk").param("group", "pod"))
                    .andExpect(content().string(containsString("Only the first " + ConnectivityService.MAX_ENDPOINTS + " pods are shown")));
            mvc.perform(post("/api/v1/connectivity").param("namespace", "bulk").param("selector", "app=nothing"))
                    .andExpect(jsonPath("$.truncated").value(false));
            // by workload there is no pod cap: all 130 pods of App/bulk in one cell
            mvc.perform(post("/api/v1/connectivity").param("namespace", "bulk").param("group", "workload"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.pods").value(n))
                    .andExpect(jsonPath("$.groups[0].key").value("bulk/App/bulk"))
                    .andExpect(jsonPath("$.rows[0][0].pairs").value(n * n));
        } finally {
            for (int i = 0; i < n; i++) {
                client.pods().inNamespace("bulk").withName("p" + i).delete();
            }
            client.namespaces().withName("bulk").delete();
            Eventually.until("bulk pods gone", () -> cluster.snapshot().pods().stream().noneMatch(p -> p.namespace().equals("bulk")));
        }
    }
}
