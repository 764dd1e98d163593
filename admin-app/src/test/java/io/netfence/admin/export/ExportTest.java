package io.netfence.admin.export;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.audit.AuditAnnotation;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.engine.manifest.ManifestObject;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.validation.NetworkPolicyValidator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@ConsoleTest
class ExportTest {

    static final List<String> SERVER_FIELDS = List.of("uid:", "resourceVersion:", "generation:", "creationTimestamp:",
            "managedFields:", "selfLink:", "deletionTimestamp:", "ownerReferences:", "status:",
            "kubectl.kubernetes.io/last-applied-configuration", AuditAnnotation.KEY);

    @Autowired
    MockMvc mvc;
    @Autowired
    KubernetesClient client;
    @Autowired
    LiveCluster cluster;

    /** A policy as a real cluster returns it: labels and annotations of tools, owner references, managed fields, status. */
    static NetworkPolicy stored(String ns, String name, int port) {
        NetworkPolicy p = new NetworkPolicyBuilder().withNewMetadata().withNamespace(ns).withName(name)
                .addToLabels("app.kubernetes.io/managed-by", "argocd").addToLabels("enabled", "true").addToLabels("code", "0123")
                .addToAnnotations("owner", "team-a: payments").addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{}")
                .addToAnnotations(AuditAnnotation.KEY, "{\"user\":\"alice\",\"at\":\"2026-11-30T23:00:00Z\",\"via\":\"form\"}")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName("web").withUid("owner-uid-1").endOwnerReference()
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").withOperation("Update").build())
                .endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", name).endPodSelector()
                .addNewIngress()
                .addNewFrom().withNewNamespaceSelector().addToMatchLabels("team", "api").endNamespaceSelector()
                .withNewPodSelector().addToMatchLabels("tier", "backend").endPodSelector().endFrom()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(port)).withEndPort(port + 10).endPort()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString("metrics")).endPort()
                .endIngress()
                .addNewEgress().addNewTo().withNewIpBlock().withCidr("10.0.0.0/8").withExcept("10.1.0.0/16").endIpBlock().endTo().endEgress()
                .withPolicyTypes("Ingress", "Egress").endSpec().build();
        p.getAdditionalProperties().put("status", Map.of("conditions", List.of()));
        return p;
    }

    void createAndWait(NetworkPolicy p) {
        client.network().v1().networkPolicies().inNamespace(p.getMetadata().getNamespace()).resource(p).create();
        Eventually.until("informer has " + p.getMetadata().getName(),
                () -> cluster.networkPolicy(p.getMetadata().getNamespace(), p.getMetadata().getName()).isPresent());
    }

    MvcResult export(String namespace) throws Exception {
        var request = get("/api/v1/export");
        if (namespace != null) {
            request.param("namespace", namespace);
        }
        return mvc.perform(request).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", containsString("application/yaml")))
                .andExpect(header().string("Content-Disposition", containsString("attachment")))
                .andReturn();
    }

    static List<NetworkPolicy> parse(String yaml) {
        return ManifestParser.withDefaults().parse(yaml).objects().stream()
                .map(ManifestObject::resource).map(NetworkPolicy.class::cast).toList();
    }

    @Test
    void oneNamespaceExportsItsPoliciesWithoutServerFieldsAndRoundTrips() throws Exception {
        String ns = "export-rt";
        if (client.namespaces().withName(ns).get() == null) {
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
        Eventually.until("namespace " + ns + " in the live model", () -> cluster.snapshot().namespace(ns).isPresent());
        createAndWait(stored(ns, "zeta", 8080));
        createAndWait(stored(ns, "alpha", 5432));
        createAndWait(stored("export-other", "alpha", 80));

        MvcResult first = export(ns);
        assertThat(first.getResponse().getHeader("Content-Disposition")).contains("networkpolicies-export-rt.yaml");
        String yaml = first.getResponse().getContentAsString();
        // kubectl's order: apiVersion, kind, metadata (name first), spec
        assertThat(yaml).startsWith("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: alpha\n  namespace: export-rt\n  labels:\n");
        SERVER_FIELDS.forEach(f -> assertThat(yaml).as("no %s", f).doesNotContain(f));

        List<NetworkPolicy> exported = parse(yaml);
        assertThat(exported).extracting(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
                .containsExactly("export-rt/alpha", "export-rt/zeta");
        for (NetworkPolicy p : exported) {
            assertThat(NetworkPolicyValidator.validate(p)).as("valid for re-apply: %s", p.getMetadata().getName()).isEmpty();
            // what there was to drop: the stored object (the console's informers do not even parse its managedFields)
            NetworkPolicy original = client.network().v1().networkPolicies().inNamespace(ns).withName(p.getMetadata().getName()).get();
            assertThat(original.getMetadata().getUid()).isNotBlank();
            assertThat(original.getMetadata().getResourceVersion()).isNotBlank();
            assertThat(original.getMetadata().getOwnerReferences()).isNotEmpty();
            assertThat(original.getMetadata().getManagedFields()).isNotEmpty();
            assertThat(original.getMetadata().getAnnotations()).containsKeys(AuditAnnotation.KEY, "kubectl.kubernetes.io/last-applied-configuration");
            assertThat(original.getAdditionalProperties()).containsKey("status");
            assertThat(p.getSpec()).isEqualTo(original.getSpec());
            assertThat(p.getMetadata().getLabels()).isEqualTo(original.getMetadata().getLabels());
            assertThat(p.getMetadata().getAnnotations()).isEqualTo(Map.of("owner", "team-a: payments"));
            assertThat(p.getMetadata().getUid()).isNull();
            assertThat(p.getMetadata().getResourceVersion()).isNull();
            assertThat(p.getMetadata().getOwnerReferences()).isNullOrEmpty();
            assertThat(p.getAdditionalProperties()).doesNotContainKey("status");
        }

        // export → delete all → apply the export as a bundle through the console's API → the same export.
        client.network().v1().networkPolicies().inNamespace(ns).delete();
        Eventually.until("policies of " + ns + " gone", () -> cluster.networkPolicies().stream()
                .noneMatch(p -> ns.equals(p.getMetadata().getNamespace())));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/bundles")
                        .contentType("application/yaml").content(yaml))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isOk());
        Eventually.until("the bundle's policies are in the live model", () -> cluster.networkPolicies().stream()
                .filter(p -> ns.equals(p.getMetadata().getNamespace())).count() == 2);
        assertThat(export(ns).getResponse().getContentAsString()).isEqualTo(yaml);
    }

    @Test
    void theWholeClusterExportsEveryPolicyInOrderAndValid() throws Exception {
        Eventually.demoClusterLoaded(cluster);
        int stored = cluster.networkPolicies().size();
        String yaml = export(null).getResponse().getContentAsString();

        List<NetworkPolicy> exported = parse(yaml);
        assertThat(exported).hasSize(stored);
        assertThat(exported).isSortedAccordingTo(Comparator.comparing((NetworkPolicy p) -> p.getMetadata().getNamespace())
                .thenComparing(p -> p.getMetadata().getName()));
        assertThat(exported).allSatisfy(p -> assertThat(NetworkPolicyValidator.validate(p)).isEmpty());
        SERVER_FIELDS.forEach(f -> assertThat(yaml).as("no %s", f).doesNotContain(f));
        assertThat(export(null).getResponse().getHeader("Content-Disposition")).contains("networkpolicies-all.yaml");
    }

    @Test
    void aNamespaceWithoutPoliciesExportsAnEmptyBundle() throws Exception {
        assertThat(export("no-such-namespace").getResponse().getContentAsString()).isEmpty();
    }

    @Test
    @WithMockUser(username = "test-viewer", roles = "VIEWER")
    void aViewerMayExport() throws Exception {
        mvc.perform(get("/api/v1/export").param("namespace", "data")).andExpect(status().isOk())
                .andExpect(content().string(containsString("name: postgres-from-backend")));
    }

    @Test
    void thePoliciesPageOffersTheExportOfWhatItShows() throws Exception {
        mvc.perform(get("/policies").param("namespace", "data"))
                .andExpect(content().string(containsString("href=\"/api/v1/export?namespace=data\"")));
        mvc.perform(get("/policies"))
                .andExpect(content().string(containsString("id=\"export-yaml\"")));
    }
}
