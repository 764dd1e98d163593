package io.netfence.admin.overview;

import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.demo.DemoClusterSeed;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@ConsoleTest
class OverviewTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    OverviewService overview;

    @BeforeEach
    void demoClusterLoadedAndAgentsReported() {
        Eventually.until("the demo cluster is in the live model", () -> cluster.snapshot().pods().size() >= 30
                && cluster.snapshot().policies().size() >= 5);
        Eventually.until("every demo agent reports the hash the console computes", () -> overview.overview().nodes().stream()
                .allMatch(n -> n.state() == Overview.SyncState.IN_SYNC));
    }

    @Test
    void apiCountsTheDemoClusterAndNodesAreInSync() throws Exception {
        mvc.perform(get("/api/v1/overview"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.counts.nodes").value(3))
                .andExpect(jsonPath("$.counts.pods", greaterThanOrEqualTo(30)))
                .andExpect(jsonPath("$.nodes", hasSize(DemoClusterSeed.NODES.size())))
                .andExpect(jsonPath("$.nodes[0].state").value("IN_SYNC"))
                .andExpect(jsonPath("$.namespaces[?(@.namespace == 'data')].policies").value(2));
    }

    @Test
    void pageShowsDemoBannerAndSyncState() throws Exception {
        mvc.perform(get("/"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("DEMO CLUSTER")))
                .andExpect(content().string(containsString("in sync")))
                .andExpect(content().string(containsString("/webjars/htmx.org/2.0.10/dist/htmx.min.js")));
    }

    @Test
    void htmxIsServedLocally() throws Exception {
        mvc.perform(get("/webjars/htmx.org/dist/htmx.min.js")).andExpect(status().isOk());
    }

    @Test
    void isolationSplitsSelectablePods() {
        Overview o = overview.overview();
        // web (4), postgres (3), redis (3), payments (2), grafana (1) are selected by the seeded policies
        org.assertj.core.api.Assertions.assertThat(o.isolation().isolated()).isEqualTo(13);
        org.assertj.core.api.Assertions.assertThat(o.isolation().unselectable()).isEqualTo(6); // node-exporter + kube-proxy
        org.assertj.core.api.Assertions.assertThat(o.isolation().isolated() + o.isolation().open() + o.isolation().unselectable())
                .isEqualTo(o.counts().pods());
    }
}
