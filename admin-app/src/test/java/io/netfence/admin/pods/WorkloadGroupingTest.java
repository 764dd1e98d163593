package io.netfence.admin.pods;

import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Pods shown by workload (owner reference chain, else the app label) on the pods page, the policy page and the composer. */
@ConsoleTest
class WorkloadGroupingTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;

    @BeforeEach
    void loaded() {
        Eventually.until("demo loaded", () -> cluster.snapshot().pods().size() >= 30 && cluster.snapshot().policies().size() >= 4);
    }

    @Test
    void thePodsPageListsWorkloadsWithTheirPodCounts() throws Exception {
        mvc.perform(get("/pods").param("namespace", "backend"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<span id=\"pod-count\">12</span> pods in <span id=\"workload-count\">4</span> workloads")))
                // the ReplicaSet api-<hash> of the pods resolves to the Deployment api
                .andExpect(content().string(containsString("data-workload=\"backend/Deployment/api\"")))
                .andExpect(content().string(not(containsString("data-workload=\"backend/ReplicaSet/"))))
                .andExpect(content().string(containsString("href=\"/pods?view=pods&amp;workload=backend/Deployment/api")));
        mvc.perform(get("/api/v1/workloads").param("namespace", "data"))
                .andExpect(jsonPath("$.items[?(@.key == 'data/StatefulSet/postgres')].pods").value(3))
                .andExpect(jsonPath("$.items[?(@.key == 'data/StatefulSet/postgres')].policies[0]").value("postgres-from-backend"))
                .andExpect(jsonPath("$.items[?(@.key == 'data/StatefulSet/postgres')].labels.app").value("postgres"));
        mvc.perform(get("/api/v1/workloads").param("namespace", "monitoring"))
                .andExpect(jsonPath("$.items[?(@.key == 'monitoring/DaemonSet/node-exporter')].pods").value(3));
        // a workload's pods, filtered on the server
        mvc.perform(get("/pods").param("view", "pods").param("workload", "backend/Deployment/api"))
                .andExpect(content().string(containsString("<span id=\"pod-count\">4</span> pods")))
                .andExpect(content().string(containsString("<code id=\"workload-filter\">backend/Deployment/api</code>")));
    }

    @Test
    void aPolicyPageSaysHowManyWorkloadsAndPodsItSelects() throws Exception {
        mvc.perform(get("/policies/data/postgres-from-backend"))
                .andExpect(content().string(containsString("<span id=\"selected-workload-count\">1</span> workloads")))
                .andExpect(content().string(containsString("<span id=\"selected-count\">3</span> pods")))
                .andExpect(content().string(containsString("data/StatefulSet/postgres · 3 pods")))
                // the ingress peer: tier=backend pods of team=api namespaces
                .andExpect(content().string(containsString("4 workloads, 12 pods")));
        mvc.perform(get("/api/v1/policies/data/postgres-from-backend"))
                .andExpect(jsonPath("$.resolved.selectedWorkloads", hasSize(1)))
                .andExpect(jsonPath("$.resolved.selectedWorkloads[0].workload.kind").value("StatefulSet"))
                .andExpect(jsonPath("$.resolved.ingress[0].peers[0].workloads", hasSize(4)));
        mvc.perform(get("/policies").param("namespace", "data"))
                .andExpect(content().string(containsString("<span class=\"selected-workloads\">1</span> workloads, <span class=\"selected-pods\">3</span> pods")));
    }

    @Test
    void theComposerAndThePreviewShowTheWorkloadsADraftSelects() throws Exception {
        var session = new org.springframework.mock.web.MockHttpSession();
        mvc.perform(post("/composer/yaml").session(session).param("yaml", """
                        apiVersion: networking.k8s.io/v1
                        kind: NetworkPolicy
                        metadata: {name: backend-deny, namespace: backend}
                        spec:
                          podSelector: {matchLabels: {tier: backend}}
                          policyTypes: [Ingress]
                        """))
                .andExpect(content().string(containsString("<span id=\"selected-workload-count\">4</span> workloads")))
                .andExpect(content().string(containsString("data-workload=\"backend/Deployment/orders\"")));
        mvc.perform(get("/preview").session(session))
                .andExpect(content().string(containsString("<span id=\"preview-workload-count\">4</span> workloads")))
                .andExpect(content().string(containsString("<span id=\"preview-pod-count\">12</span> pods")));
    }
}
