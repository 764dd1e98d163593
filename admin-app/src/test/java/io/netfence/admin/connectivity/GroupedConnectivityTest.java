package io.netfence.admin.connectivity;

import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The connectivity matrix by workload or namespace, its drill-down into a cell's pods, and named ports. */
@ConsoleTest
class GroupedConnectivityTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    GroupedConnectivity grouped;

    @BeforeEach
    void loaded() {
        Eventually.demoClusterLoaded(cluster);
    }

    /** Every cell's counts equal the engine's pod-by-pod verdicts. */
    @Test
    void cellsCountThePodPairsTheEngineAllows() {
        GroupMatrixView g = grouped.matrix(List.of("backend", "data"), null, "5432", "TCP", "workload", null);
        assertThat(g.error()).isNull();
        assertThat(g.groups()).extracting(GroupMatrixView.Group::key).contains("backend/Deployment/api", "data/StatefulSet/postgres");
        ReachabilityAnalyzer a = new ReachabilityAnalyzer(cluster.snapshot());
        var catalogPods = cluster.snapshot().pods();
        for (List<GroupMatrixView.Cell> row : g.rows()) {
            for (GroupMatrixView.Cell c : row) {
                List<PodInfo> from = podsOf(catalogPods, c.from());
                List<PodInfo> to = podsOf(catalogPods, c.to());
                long allowed = 0;
                for (PodInfo f : from) {
                    for (PodInfo t : to) {
                        allowed += a.allowed(a.endpoint(f), a.endpoint(t), 5432, Protocol.TCP) ? 1 : 0;
                    }
                }
                assertThat(c.pairs()).as(c.from() + " → " + c.to()).isEqualTo((long) from.size() * to.size());
                assertThat(c.allowed()).as(c.from() + " → " + c.to()).isEqualTo(allowed);
            }
        }
        // postgres admits backend pods only: api → postgres allowed, postgres → postgres denied
        GroupMatrixView.Cell apiToPostgres = cell(g, "backend/Deployment/api", "data/StatefulSet/postgres");
        assertThat(apiToPostgres.state()).isEqualTo(GroupMatrixView.State.ALLOWED);
        assertThat(apiToPostgres.pairs()).isEqualTo(4 * 3);
        assertThat(cell(g, "data/Deployment/redis", "data/StatefulSet/postgres").state()).isEqualTo(GroupMatrixView.State.DENIED);
    }

    private static List<PodInfo> podsOf(List<PodInfo> pods, String workloadKey) {
        return pods.stream().filter(p -> io.netfence.engine.workload.Workloads.of(p).key().equals(workloadKey)).toList();
    }

    private static GroupMatrixView.Cell cell(GroupMatrixView g, String from, String to) {
        return g.rows().stream().flatMap(List::stream).filter(c -> c.from().equals(from) && c.to().equals(to)).findFirst().orElseThrow();
    }

    @Test
    void byNamespaceAMixedCellCountsItsPairs() {
        GroupMatrixView g = grouped.matrix(List.of("backend", "data"), null, "5432", "TCP", "namespace", null);
        assertThat(g.groups()).extracting(GroupMatrixView.Group::key).containsExactly("backend", "data");
        GroupMatrixView.Cell backendToData = cell(g, "backend", "data");
        // backend reaches postgres (allowed) but not redis on 5432... (redis admits backend on any port)
        assertThat(backendToData.pairs()).isEqualTo(12L * cluster.snapshot().podsInNamespace("data").size());
        assertThat(backendToData.state()).isEqualTo(GroupMatrixView.State.MIXED);
        assertThat(backendToData.symbol()).isEqualTo(backendToData.allowed() + "/" + backendToData.pairs());
    }

    @Test
    void aNamedPortIsResolvedPerDestinationPod() {
        // "postgres" is 5432 on the postgres pods and no port at all on the others
        GroupMatrixView named = grouped.matrix(List.of("backend", "data"), null, "postgres", "TCP", "workload", null);
        GroupMatrixView number = grouped.matrix(List.of("backend", "data"), null, "5432", "TCP", "workload", null);
        assertThat(named.error()).isNull();
        assertThat(cell(named, "backend/Deployment/api", "data/StatefulSet/postgres").allowed())
                .isEqualTo(cell(number, "backend/Deployment/api", "data/StatefulSet/postgres").allowed()).isEqualTo(12);
        GroupMatrixView.Cell toRedis = cell(named, "backend/Deployment/api", "data/Deployment/redis");
        assertThat(toRedis.noPort()).isEqualTo(toRedis.pairs());
        assertThat(toRedis.allowed()).isZero();
        assertThat(grouped.matrix(List.of("data"), null, "Not_A_Name", "TCP", "workload", null).error()).startsWith("port:");
    }

    @Test
    void aCellDrillsDownToItsPodsAndAPairIsExplained() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/composer/yaml").session(session).param("yaml", ConnectivityTest.DENY_BACKEND)).andExpect(status().isOk());
        mvc.perform(get("/connectivity").session(session).param("namespace", "backend").param("port", "http"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-from=\"backend/Deployment/orders\" data-to=\"backend/Deployment/api\"")))
                // one URL for the table (the filters); a click adds the cell's data-from and data-to (console.js)
                .andExpect(content().string(containsString("data-cell-url=\"/connectivity/cell?group=workload&amp;namespace=backend")))
                .andExpect(content().string(containsString("class=\"cell-lost\"")))
                .andExpect(content().string(not(containsString("Only the first"))));
        String cell = mvc.perform(get("/connectivity/cell").session(session).param("namespace", "backend").param("group", "workload")
                        .param("from", "backend/Deployment/orders").param("to", "backend/Deployment/api").param("port", "http").param("protocol", "TCP"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("3</span> source pods × <span>4</span> destination pods")))
                .andExpect(content().string(containsString("hx-get=\"/connectivity/explain?from=backend/orders-")))
                .andReturn().getResponse().getContentAsString();
        assertThat(cell.split("class=\"cell-lost\"", -1).length - 1).as("all 12 pairs lose access with the draft").isEqualTo(12);
        String orders = cluster.snapshot().podsInNamespace("backend").stream().filter(p -> "orders".equals(p.labels().get("app"))).findFirst().orElseThrow().key();
        String api = cluster.snapshot().podsInNamespace("backend").stream().filter(p -> "api".equals(p.labels().get("app"))).findFirst().orElseThrow().key();
        mvc.perform(get("/connectivity/explain").session(session).param("from", orders).param("to", api).param("port", "http").param("protocol", "TCP"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("TCP/8080")))
                .andExpect(content().string(containsString("DENIED, isolated by backend/default-deny-ingress")));
        mvc.perform(post("/api/v1/connectivity/explain").param("from", orders).param("to", api).param("port", "postgres"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error", containsString("has no TCP container port named \"postgres\"")));
    }
}
