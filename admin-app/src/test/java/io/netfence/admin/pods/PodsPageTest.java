package io.netfence.admin.pods;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@ConsoleTest
class PodsPageTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    KubernetesClient client;

    @BeforeEach
    void loaded() {
        Eventually.until("demo pods loaded", () -> cluster.snapshot().pods().size() >= 30 && cluster.snapshot().policies().size() >= 4);
    }

    @Test
    void filtersByNamespaceAndSelectorAndShowsSelectingPolicies() throws Exception {
        mvc.perform(get("/api/v1/pods").param("namespace", "data").param("selector", "app in (postgres,redis),role!=primary"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(6)))
                .andExpect(jsonPath("$.items[*].namespace", everyItem(is("data"))))
                .andExpect(jsonPath("$.items[?(@.labels.app == 'postgres')].ingressPolicies[0]", everyItem(is("postgres-from-backend"))))
                // postgres and redis are both selected by an ingress policy of data
                .andExpect(jsonPath("$.items[*].isolated", hasSize(6)))
                .andExpect(jsonPath("$.items[*].isolated", everyItem(is(true))))
                .andExpect(jsonPath("$.items[*].ingressIsolated", everyItem(is(true))))
                .andExpect(jsonPath("$.items[*].egressIsolated", hasSize(6)))
                .andExpect(jsonPath("$.items[*].egressIsolated", everyItem(is(false))))
                .andExpect(jsonPath("$.items[0].olated").doesNotExist());
        mvc.perform(get("/api/v1/namespaces"))
                .andExpect(jsonPath("$.items[?(@.name == 'data')].labels.team").value("data"))
                .andExpect(jsonPath("$.items[?(@.name == 'data')].policies").value(2));
        mvc.perform(get("/api/v1/pods").param("selector", "app=payments"))
                .andExpect(jsonPath("$.items", hasSize(2)))
                .andExpect(jsonPath("$.items[0].egressPolicies[0]").value("payments-from-orders"));
    }

    @Test
    void badSelectorIsA400WithTheReasonAndAMessageOnThePage() throws Exception {
        mvc.perform(get("/api/v1/pods").param("selector", "env in (prod"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("selector"))
                .andExpect(jsonPath("$.errors[0].message", containsString("unbalanced")));
        mvc.perform(get("/pods").param("selector", "env in (prod"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("unbalanced &#39;(&#39;")));
    }

    @Test
    void labelValuesAreEscaped() throws Exception {
        // a real API server rejects such a label value; the mock stores it, which is what this test needs
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("xss").endMetadata().build()).createOr(r -> r.update());
        client.pods().inNamespace("xss").resource(new PodBuilder().withNewMetadata().withName("evil").withNamespace("xss")
                .addToLabels("note", "<script>alert(1)</script>").endMetadata()
                .withNewSpec().withNodeName("node-1").endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.244.1.250").endStatus().build()).createOr(r -> r.update());
        try {
            Eventually.until("evil pod seen", () -> cluster.snapshot().pod("xss", "evil").isPresent());
            mvc.perform(get("/pods").param("namespace", "xss"))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("note=&lt;script&gt;alert(1)&lt;/script&gt;")))
                    .andExpect(content().string(not(containsString("<script>alert(1)"))));
        } finally {
            client.pods().inNamespace("xss").withName("evil").delete();
            client.namespaces().withName("xss").delete();
            Eventually.until("evil pod gone", () -> cluster.snapshot().pod("xss", "evil").isEmpty());
        }
    }

    /** With every namespace shown the namespace table is fetched when opened; one chosen namespace's row is on the page. */
    @Test
    void theNamespaceTableIsFetchedWhenOpenedUnlessOneNamespaceIsChosen() throws Exception {
        String page = mvc.perform(get("/pods")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String table = page.substring(page.indexOf("id=\"namespace-labels\""), page.indexOf("</details>", page.indexOf("id=\"namespace-labels\"")));
        org.assertj.core.api.Assertions.assertThat(table).contains("hx-get=\"/pods/namespaces\"").contains("hx-trigger=\"toggle once\"")
                .doesNotContain("kubernetes.io/metadata.name=");
        String rows = mvc.perform(get("/pods/namespaces")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        for (var ns : cluster.snapshot().namespaces()) {
            org.assertj.core.api.Assertions.assertThat(rows).contains("<td>" + ns.name() + "</td>")
                    .contains("href=\"/policies?namespace=" + ns.name() + "\"");
        }
        org.assertj.core.api.Assertions.assertThat(rows).startsWith("<tbody id=\"namespace-rows\">").contains("kubernetes.io/metadata.name=backend");
        mvc.perform(get("/pods").param("namespace", "backend")).andExpect(status().isOk())
                .andExpect(content().string(containsString("kubernetes.io/metadata.name=backend")))
                .andExpect(content().string(not(containsString("hx-get=\"/pods/namespaces\""))))
                .andExpect(content().string(not(containsString("<td>frontend</td>"))));
    }
}
