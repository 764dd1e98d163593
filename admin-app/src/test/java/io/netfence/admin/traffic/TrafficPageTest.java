package io.netfence.admin.traffic;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@ConsoleTest
class TrafficPageTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
    void demoFlowsCarryTheEnginesVerdictsSomeDenied() throws Exception {
        JsonNode all = json("/api/v1/flows?window=all&limit=1000");
        assertThat(all.get("kind").asString()).isEqualTo("FlowList");
        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(cluster.snapshot());
        int denied = 0;
        for (JsonNode f : all.get("items")) {
            boolean allowed = analyzer.allowed(analyzer.endpointForIp(f.get("source").get("ip").asString()),
                    analyzer.endpointForIp(f.get("destination").get("ip").asString()), f.get("port").asInt(),
                    Protocol.valueOf(f.get("protocol").asString().toUpperCase()));
            assertThat(f.get("verdict").asString()).as("%s", f).isEqualTo(allowed ? "allowed" : "denied");
            denied += allowed ? 0 : 1;
        }
        assertThat(all.get("items").size()).isGreaterThan(30);
        assertThat(denied).isBetween(1, all.get("items").size() / 3);
        // storefront has no business with postgres, and the demo's postgres-from-backend says so
        assertThat(all.get("items").valueStream().filter(f -> f.get("source").get("workloadName").asString().equals("storefront")
                && f.get("port").asInt() == 5432)).isNotEmpty().allMatch(f -> f.get("verdict").asString().equals("denied"));
    }

    @Test
    void apiPagesWithContinueTokensEachFlowOnce() throws Exception {
        JsonNode all = json("/api/v1/flows?window=all&limit=1000");
        int total = all.get("metadata").get("totalItemCount").asInt();
        assertThat(total).isEqualTo(all.get("items").size());
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = json("/api/v1/flows?window=all&limit=7" + (token == null ? "" : "&continue=" + token));
            page.get("items").forEach(f -> assertThat(seen.add(f.get("source").get("ip").asString() + ">" + f.get("destination").get("ip").asString()
                    + ":" + f.get("port").asInt() + "/" + f.get("protocol").asString())).isTrue());
            JsonNode next = page.get("metadata").get("continue");
            token = next == null || next.isNull() ? null : next.asString();
            pages++;
        } while (token != null);
        assertThat(seen).hasSize(total);
        assertThat(pages).isEqualTo((total + 6) / 7);
        mvc.perform(get("/api/v1/flows").param("continue", "garbage")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("continue"));
    }

    @Test
    void filtersByVerdictNamespacePortPodAndWindow() throws Exception {
        mvc.perform(get("/api/v1/flows").param("window", "all").param("verdict", "denied"))
                .andExpect(jsonPath("$.items[*].verdict", everyItem(is("denied"))));
        JsonNode data = json("/api/v1/flows?window=all&namespace=data");
        assertThat(data.get("items").size()).isPositive();
        data.get("items").forEach(f -> assertThat(f.get("source").get("namespace").asString("") + " " + f.get("destination").get("namespace").asString(""))
                .contains("data"));
        mvc.perform(get("/api/v1/flows").param("window", "all").param("port", "5432"))
                .andExpect(jsonPath("$.items[*].port", everyItem(is(5432))));
        JsonNode one = json("/api/v1/flows?window=all&limit=1").get("items").get(0);
        String pod = one.get("source").get("namespace").asString() + "/" + one.get("source").get("pod").asString();
        JsonNode ofPod = json("/api/v1/flows?window=all&pod=" + pod);
        ofPod.get("items").forEach(f -> assertThat(f.get("source").get("pod").asString("") + " " + f.get("destination").get("pod").asString(""))
                .contains(one.get("source").get("pod").asString()));
        // demo flows were last seen within the last 50 minutes, some of them more than 15 minutes ago
        int hour = json("/api/v1/flows?window=1h").get("metadata").get("totalItemCount").asInt();
        int quarter = json("/api/v1/flows?window=15m").get("metadata").get("totalItemCount").asInt();
        assertThat(hour).isEqualTo(json("/api/v1/flows?window=all").get("metadata").get("totalItemCount").asInt());
        assertThat(quarter).isPositive().isLessThan(hour);
        mvc.perform(get("/api/v1/flows").param("port", "http")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("port"));
        mvc.perform(get("/api/v1/flows").param("window", "forever")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("window"))
                .andExpect(jsonPath("$.errors[0].message", containsString("15m, 1h, 7d")));
        mvc.perform(get("/api/v1/flows").param("verdict", "maybe")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("verdict"));
    }

    @Test
    void pageShowsRowsByWorkloadOrNamespaceAndAGraphColouredByVerdict() throws Exception {
        mvc.perform(get("/traffic"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"nav-traffic\"")))
                .andExpect(content().string(containsString("<svg id=\"traffic-graph\"")))
                .andExpect(content().string(containsString("class=\"edge denied\"")))
                .andExpect(content().string(containsString("class=\"edge allowed\"")))
                .andExpect(content().string(containsString("frontend/Deployment/storefront")))
                .andExpect(content().string(containsString("data/StatefulSet/postgres")));
        mvc.perform(get("/traffic").param("groupBy", "namespace").param("verdict", "denied"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<td class=\"mono traffic-from\">frontend</td>")))
                .andExpect(content().string(not(containsString("class=\"edge allowed\""))))
                .andExpect(content().string(not(containsString("frontend/Deployment/storefront"))));
        mvc.perform(get("/traffic").param("limit", "2").header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("rel=\"next\"")))
                .andExpect(content().string(not(containsString("<html"))));
        mvc.perform(get("/traffic").param("port", "99999")).andExpect(status().isBadRequest());
    }

    @Test
    void namesFromTheClusterAreEscapedInTableAndGraph() throws Exception {
        // a real API server rejects such a label value; the mock stores it, which is what this test needs
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("xss-traffic").endMetadata().build()).createOr(r -> r.update());
        client.pods().inNamespace("xss-traffic").resource(new PodBuilder().withNewMetadata().withName("evil").withNamespace("xss-traffic")
                .addToLabels("app", "<script>alert(1)</script>").endMetadata()
                .withNewSpec().withNodeName("node-1").endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.244.1.251").endStatus().build()).createOr(r -> r.update());
        try {
            Eventually.until("evil pod seen", () -> cluster.snapshot().pod("xss-traffic", "evil").isPresent());
            mvc.perform(get("/traffic").param("namespace", "xss-traffic"))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("xss-traffic/App/&lt;script&gt;alert(1)&lt;/script&gt;")))
                    .andExpect(content().string(containsString("data-group=\"xss-traffic/App/&lt;script&gt;alert(1)&lt;/script&gt;\"")))
                    .andExpect(content().string(not(containsString("<script>alert(1)"))));
        } finally {
            client.pods().inNamespace("xss-traffic").withName("evil").delete();
            client.namespaces().withName("xss-traffic").delete();
            Eventually.until("evil pod gone", () -> cluster.snapshot().pod("xss-traffic", "evil").isEmpty());
        }
    }

    private JsonNode json(String url) throws Exception {
        return JSON.readTree(mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }
}
