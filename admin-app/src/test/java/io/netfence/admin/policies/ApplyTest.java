package io.netfence.admin.policies;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@ConsoleTest
class ApplyTest {

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
    void createsThenUpdatesWithTheSeenResourceVersionAndRefusesAStaleOne() throws Exception {
        String v1 = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: apply-test, namespace: monitoring}
                spec: {podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}, policyTypes: [Ingress]}
                """;
        try {
            mvc.perform(post("/api/v1/policies").contentType("application/yaml").content(v1))
                    .andExpect(status().isCreated()).andExpect(jsonPath("$.outcome").value("CREATED"));
            Eventually.until("the new policy is in the live model", () -> cluster.networkPolicy("monitoring", "apply-test").isPresent());
            String v2 = v1.replace("policyTypes: [Ingress]", "policyTypes: [Ingress, Egress]");
            mvc.perform(post("/api/v1/policies").contentType("application/yaml").content(v2))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.outcome").value("UPDATED"));
            assertThat(client.network().v1().networkPolicies().inNamespace("monitoring").withName("apply-test").get().getSpec().getPolicyTypes())
                    .containsExactly("Ingress", "Egress");
            Eventually.until("the update is in the live model", () -> cluster.snapshot().policy("monitoring", "apply-test")
                    .map(p -> p.policyTypes().size() == 2).orElse(false));

            // someone else changes it; the console has not seen that yet when it applies → 409, nothing overwritten
            var seen = cluster.networkPolicy("monitoring", "apply-test").orElseThrow();
            var theirs = client.network().v1().networkPolicies().inNamespace("monitoring").withName("apply-test").get();
            theirs.getMetadata().setLabels(java.util.Map.of("changed-by", "someone-else"));
            client.network().v1().networkPolicies().inNamespace("monitoring").resource(theirs).update();
            var applier = new PolicyApplier(client, (ns, name) -> java.util.Optional.of(seen));
            var result = applier.apply(io.netfence.engine.manifest.ManifestParser.withDefaults().parse(v1).networkPolicies().get(0));
            assertThat(result.outcome()).isEqualTo(PolicyApplier.Outcome.CONFLICT);
            assertThat(result.message()).contains("nothing was written");
            assertThat(client.network().v1().networkPolicies().inNamespace("monitoring").withName("apply-test").get().getSpec().getPolicyTypes())
                    .containsExactly("Ingress", "Egress");
        } finally {
            client.network().v1().networkPolicies().inNamespace("monitoring").withName("apply-test").delete();
            Eventually.until("the test policy is gone", () -> cluster.snapshot().policy("monitoring", "apply-test").isEmpty());
        }
    }

    @Test
    void invalidDraftIsNotWritten() throws Exception {
        mvc.perform(post("/api/v1/policies").contentType("application/yaml")
                        .content("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: Bad_Name, namespace: monitoring}\nspec: {podSelector: {}}\n"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].path").value("metadata.name"));
        assertThat(client.network().v1().networkPolicies().inNamespace("monitoring").withName("Bad_Name").get()).isNull();
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/composer/yaml").session(session).param("yaml", "kind: [")).andExpect(status().isOk());
        mvc.perform(post("/preview/apply").session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("nothing was written")));
    }
}
