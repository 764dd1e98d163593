package io.netfence.admin.paging;

import com.jayway.jsonpath.JsonPath;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Server-side paging and filters of the list pages and JSON lists (limit + continue, as the Kubernetes API). */
@ConsoleTest
class PagingTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;

    @BeforeEach
    void loaded() {
        Eventually.until("demo loaded", () -> cluster.snapshot().pods().size() >= 30 && cluster.snapshot().policies().size() >= 4);
    }

    /** Follows metadata.continue from the first page to the last; returns every item's {@code field} in order. */
    private List<String> readAll(String path, int limit, String... fields) throws Exception {
        List<String> seen = new ArrayList<>();
        String token = null;
        Integer total = null;
        for (int pages = 0; pages < 1000; pages++) {
            var request = get(path).param("limit", String.valueOf(limit));
            if (token != null) {
                request.param("continue", token);
            }
            String body = mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            List<Map<String, Object>> items = JsonPath.read(body, "$.items");
            assertThat(items.size()).as("a page holds at most limit items").isLessThanOrEqualTo(limit);
            for (Map<String, Object> item : items) {
                List<String> parts = new ArrayList<>();
                for (String f : fields) {
                    parts.add(String.valueOf(JsonPath.read(item, "$." + f).toString()));
                }
                seen.add(String.join("/", parts));
            }
            int pageTotal = JsonPath.read(body, "$.metadata.totalItemCount");
            total = total == null ? pageTotal : total;
            assertThat(pageTotal).as("the total stays exact on every page").isEqualTo(total);
            int remaining = JsonPath.read(body, "$.metadata.remainingItemCount");
            assertThat(remaining).as("remaining after this page").isEqualTo(total - seen.size());
            Map<String, Object> metadata = JsonPath.read(body, "$.metadata");
            if (!metadata.containsKey("continue")) {
                assertThat(remaining).isZero();
                assertThat(seen).hasSize(total);
                return seen;
            }
            token = (String) metadata.get("continue");
        }
        throw new AssertionError("no last page after 1000 pages");
    }

    @Test
    void aLoopOverContinueReadsEveryPodExactlyOnce() throws Exception {
        List<String> expected = cluster.snapshot().pods().stream().map(PodInfo::key).toList();
        List<String> all = readAll("/api/v1/pods", 7, "namespace", "name");
        assertThat(all).containsExactlyElementsOf(expected).doesNotHaveDuplicates();
        assertThat(expected.size()).as("more than one page").isGreaterThan(7);
    }

    @Test
    void aLoopOverContinueReadsEveryPolicyAndWorkloadExactlyOnce() throws Exception {
        List<String> expected = cluster.snapshot().policies().stream().map(Policy::key).toList();
        assertThat(readAll("/api/v1/policies", 3, "namespace", "name")).containsExactlyElementsOf(expected);
        List<String> workloads = readAll("/api/v1/workloads", 5, "key");
        assertThat(workloads).doesNotHaveDuplicates().contains("backend/Deployment/api", "data/StatefulSet/postgres",
                "monitoring/DaemonSet/node-exporter");
        assertThat(readAll("/api/v1/namespaces", 2, "name")).doesNotHaveDuplicates()
                .containsAll(cluster.snapshot().namespaces().stream().map(n -> n.name()).toList());
    }

    @Test
    void theDefaultLimitIsAHundred() throws Exception {
        assertThat(PageRequest.of(null, null).limit()).isEqualTo(100);
        mvc.perform(get("/api/v1/pods").param("limit", "1000")).andExpect(status().isOk());
    }

    @Test
    void aBadTokenOrLimitIsA400NamingTheParameter() throws Exception {
        mvc.perform(get("/api/v1/pods").param("continue", "not-a-token"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("continue"))
                .andExpect(jsonPath("$.errors[0].message", containsString("metadata.continue")));
        mvc.perform(get("/api/v1/policies").param("continue", "%%%"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].path").value("continue"));
        for (String limit : new String[]{"0", "-3", "ten", "100000"}) {
            mvc.perform(get("/api/v1/pods").param("limit", limit))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].path").value("limit"))
                    .andExpect(jsonPath("$.errors[0].message", containsString("1 to 1000")));
        }
        mvc.perform(get("/api/v1/pods").param("workload", "just-a-name"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].path").value("workload"));
        mvc.perform(get("/pods").param("continue", "not-a-token"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("is not a token this console issued")));
    }

    @Test
    void filtersApplyOnTheServerAndCountsStayExact() throws Exception {
        // backend: api 4, orders 3, payments 2, worker 3
        mvc.perform(get("/api/v1/pods").param("namespace", "backend").param("limit", "5"))
                .andExpect(jsonPath("$.items", hasSize(5)))
                .andExpect(jsonPath("$.items[*].namespace", everyItem(is("backend"))))
                .andExpect(jsonPath("$.metadata.totalItemCount").value(12))
                .andExpect(jsonPath("$.metadata.remainingItemCount").value(7));
        mvc.perform(get("/api/v1/pods").param("selector", "tier=backend,app!=api").param("limit", "2"))
                .andExpect(jsonPath("$.metadata.totalItemCount").value(8))
                .andExpect(jsonPath("$.items[*].labels.app", everyItem(not(is("api")))));
        mvc.perform(get("/api/v1/pods").param("workload", "backend/Deployment/api"))
                .andExpect(jsonPath("$.metadata.totalItemCount").value(4))
                .andExpect(jsonPath("$.items[*].workload.kind", everyItem(is("Deployment"))))
                .andExpect(jsonPath("$.items[*].workload.name", everyItem(is("api"))));
        mvc.perform(get("/api/v1/workloads").param("namespace", "backend"))
                .andExpect(jsonPath("$.metadata.totalItemCount").value(4))
                .andExpect(jsonPath("$.items[?(@.key == 'backend/Deployment/api')].pods").value(4));
        mvc.perform(get("/api/v1/policies").param("name", "from").param("namespace", "data"))
                .andExpect(jsonPath("$.items[*].name", everyItem(containsString("from"))))
                .andExpect(jsonPath("$.metadata.totalItemCount").value((int) cluster.snapshot().policies().stream()
                        .filter(p -> p.namespace().equals("data") && p.name().contains("from")).count()));
    }

    @Test
    void pagesShowTheRangeTheExactTotalAndANextLink() throws Exception {
        int total = cluster.snapshot().pods().size();
        String first = mvc.perform(get("/pods").param("view", "pods").param("limit", "5"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<span class=\"page-range\">1–5</span>")))
                .andExpect(content().string(containsString("<span class=\"page-total\">" + total + "</span>")))
                .andReturn().getResponse().getContentAsString();
        assertThat(rows(first)).hasSize(5);
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("class=\"button page-next\" href=\"([^\"]+)\"").matcher(first);
        assertThat(link.find()).as("a next-page link").isTrue();
        String next = link.group(1).replace("&amp;", "&");
        assertThat(next).contains("view=pods").contains("continue=");
        String second = mvc.perform(get(next + "&limit=5")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(second).contains("<span class=\"page-range\">6–10</span>");
        assertThat(rows(second)).hasSize(5).doesNotContainAnyElementsOf(rows(first));

        mvc.perform(get("/policies").param("limit", "2"))
                .andExpect(content().string(containsString("<span class=\"page-range\">1–2</span>")))
                .andExpect(content().string(containsString("<span class=\"page-total\">" + cluster.snapshot().policies().size() + "</span>")))
                .andExpect(content().string(containsString("Next page")));
    }

    private static List<String> rows(String html) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<tr data-pod=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
