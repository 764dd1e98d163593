package io.netfence.admin.push;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.demo.DemoApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Bundles: per-object validation, dry run of all, then the writes; nothing is written when one object fails. */
@ConsoleTest
class BundleTest {

    static final String BUNDLE = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: bundle-a, namespace: backend}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            ---
            # the second one
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: bundle-b, namespace: data}
            spec:
              podSelector: {}
              ingress:
              - ports: [{port: 5432}]
            """;

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    KubernetesClient client;
    @Autowired
    DemoApiServer demo;

    @BeforeEach
    void loaded() {
        Eventually.demoClusterLoaded(cluster);
    }

    @AfterEach
    void cleanUp() {
        client.network().v1().networkPolicies().inNamespace("backend").withName("bundle-a").delete();
        client.network().v1().networkPolicies().inNamespace("data").withName("bundle-b").delete();
        Eventually.until("the test policies are gone", () -> cluster.networkPolicy("backend", "bundle-a").isEmpty()
                && cluster.networkPolicy("data", "bundle-b").isEmpty());
    }

    boolean stored(String ns, String name) {
        return client.network().v1().networkPolicies().inNamespace(ns).withName(name).get() != null;
    }

    @Test
    void aBundleWithOneBadDocumentWritesNothingAndNamesTheDocumentAndField() throws Exception {
        PolicyWrites before = PolicyWrites.from(demo);
        String bad = BUNDLE + "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bundle-c, namespace: data}\n"
                + "spec: {podSelector: {}, ingress: [{ports: [{port: 70000}]}]}\n";
        mvc.perform(post("/api/v1/bundles").contentType("application/yaml").content(bad))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.status").value("REFUSED"))
                .andExpect(jsonPath("$.written").value(0))
                .andExpect(jsonPath("$.items[2].state").value("INVALID"))
                .andExpect(jsonPath("$.items[2].line").value(15))
                .andExpect(jsonPath("$.items[0].state").value("NOT_WRITTEN"))
                .andExpect(jsonPath("$.errors[0].path").value("documents[2].spec.ingress[0].ports[0].port"));
        assertThat(stored("backend", "bundle-a")).isFalse();
        assertThat(stored("data", "bundle-b")).isFalse();
        assertThat(before.since()).as("not even a dry run").isEmpty();
    }

    @Test
    void aDryRunChecksAllThenTheRealPushWritesAll() throws Exception {
        PolicyWrites before = PolicyWrites.from(demo);
        mvc.perform(post("/api/v1/bundles").param("dryRun", "true").contentType("application/yaml").content(BUNDLE))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("DRY_RUN_OK"))
                .andExpect(jsonPath("$.items[1].state").value("DRY_RUN_OK"));
        assertThat(stored("backend", "bundle-a")).isFalse();
        assertThat(before.since()).allMatch(w -> w.endsWith("?dryRun=All")).hasSize(2);

        mvc.perform(post("/api/v1/bundles").contentType("application/yaml").content(BUNDLE))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("WRITTEN"))
                .andExpect(jsonPath("$.written").value(2))
                .andExpect(jsonPath("$.items[0].resourceVersion").isNotEmpty());
        assertThat(stored("backend", "bundle-a")).isTrue();
        assertThat(stored("data", "bundle-b")).isTrue();

        // again: both names are taken now, nothing is replaced
        mvc.perform(post("/api/v1/bundles").contentType("application/yaml").content(BUNDLE))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.items[0].state").value("CONFLICT"))
                .andExpect(jsonPath("$.errors[0].path").value("documents[0].metadata.name"));
    }

    @Test
    void thePageShowsAResultTablePerObjectAfterARedirect() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(get("/bundles").session(session)).andExpect(status().isOk()).andExpect(content().string(containsString("id=\"bundle-apply\"")));
        String location = mvc.perform(post("/bundles").session(session).param("yaml", BUNDLE.replace("5432", "0")).param("dryRun", "false"))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getRedirectedUrl();
        mvc.perform(get(location).session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("data-state=\"INVALID\"")))
                .andExpect(content().string(containsString("data-path=\"spec.ingress[0].ports[0].port\"")))
                .andExpect(content().string(containsString("nothing was written")));
        assertThat(stored("backend", "bundle-a")).isFalse();
        String ok = mvc.perform(post("/bundles").session(session).param("yaml", BUNDLE).param("dryRun", "false"))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getRedirectedUrl();
        mvc.perform(get(ok).session(session)).andExpect(content().string(containsString("Wrote all 2 objects")));
        mvc.perform(get(ok).session(session)).andExpect(status().isOk());
        assertThat(stored("data", "bundle-b")).isTrue();
    }
}
