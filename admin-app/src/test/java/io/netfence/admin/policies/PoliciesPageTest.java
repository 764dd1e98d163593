package io.netfence.admin.policies;

import com.jayway.jsonpath.JsonPath;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.workload.WorkloadRef;
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
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@ConsoleTest
class PoliciesPageTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    io.fabric8.kubernetes.client.KubernetesClient client;

    @BeforeEach
    void loaded() {
        Eventually.until("demo policies loaded", () -> cluster.snapshot().policies().size() >= 4
                && cluster.networkPolicy("data", "postgres-from-backend").isPresent());
    }

    @Test
    void listsByNamespace() throws Exception {
        mvc.perform(get("/api/v1/policies").param("namespace", "data"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(2)))
                .andExpect(jsonPath("$.items[0].name").value("postgres-from-backend"))
                .andExpect(jsonPath("$.items[0].selectedPods").value(3));
        mvc.perform(get("/policies").param("namespace", "data"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("redis-from-backend")));
    }

    @Test
    void detailResolvesPeersToLiveWorkloadsWithCountsAndLinksToThePagedPods() throws Exception {
        // from: namespaceSelector team=api AND podSelector tier=backend → the 12 backend pods
        String body = mvc.perform(get("/api/v1/policies/data/postgres-from-backend"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.resolved.selectedPods").value(3))
                .andExpect(jsonPath("$.resolved.selectedWorkloadCount").value(1))
                .andExpect(jsonPath("$.resolved.selectedWorkloads[0].pods").value(3))
                .andExpect(jsonPath("$.resolved.ingress[0].peers[0].pods").value(12))
                .andExpect(jsonPath("$.resolved.ingress[0].peers[0].workloads[*].pods", everyItem(greaterThan(0))))
                .andExpect(jsonPath("$.resolved.ingress[0].peers[0].namespaces[0]").value("backend"))
                .andExpect(jsonPath("$.resolved.ingress[0].ports[0]").value("TCP/postgres"))
                .andExpect(jsonPath("$.yaml", containsString("kind: NetworkPolicy")))
                .andReturn().getResponse().getContentAsString();
        Policy policy = cluster.snapshot().policy("data", "postgres-from-backend").orElseThrow();
        var s = cluster.snapshot();
        assertThat(readAllPods(JsonPath.read(body, "$.resolved.selectedPodsUrl")))
                .isEqualTo(s.podsInNamespace("data").stream().filter(policy::selects).map(PodInfo::key).toList());
        List<String> peerPods = readAllPods(JsonPath.read(body, "$.resolved.ingress[0].peers[0].podsUrl"));
        assertThat(peerPods).hasSize(12).allMatch(k -> k.startsWith("backend/"));
        mvc.perform(get("/api/v1/policies/backend/payments-from-orders"))
                .andExpect(jsonPath("$.resolved.egress[1].peers[0].cidrs[0]").value("203.0.113.0/24"))
                .andExpect(jsonPath("$.resolved.ingress[0].peers[0].pods").value(3));
        mvc.perform(get("/policies/data/postgres-from-backend"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("spec.ingress[0].from[0]")));
    }

    /** The detail's resolution is kept per cluster state: a new pod the policy's peer matches shows on the next view. */
    @Test
    void theDetailFollowsTheCluster() throws Exception {
        mvc.perform(get("/api/v1/policies/data/postgres-from-backend"))
                .andExpect(jsonPath("$.resolved.ingress[0].peers[0].pods").value(12));
        var pod = new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withNamespace("backend").withName("detail-cache-probe")
                .addToLabels("tier", "backend").endMetadata().withNewSpec().withNodeName("node-1").addNewContainer().withName("c")
                .withImage("x").endContainer().endSpec().withNewStatus().withPhase("Running").withPodIP("10.244.9.99").endStatus().build();
        client.pods().inNamespace("backend").resource(pod).create();
        try {
            Eventually.until("the probe pod in the live model", () -> cluster.snapshot().pod("backend", "detail-cache-probe").isPresent());
            mvc.perform(get("/api/v1/policies/data/postgres-from-backend"))
                    .andExpect(jsonPath("$.resolved.ingress[0].peers[0].pods").value(13));
            mvc.perform(get("/policies/data/postgres-from-backend"))
                    .andExpect(content().string(containsString("13 pods")));
        } finally {
            client.pods().inNamespace("backend").withName("detail-cache-probe").delete();
            Eventually.until("the probe pod gone", () -> cluster.snapshot().pod("backend", "detail-cache-probe").isEmpty());
        }
        mvc.perform(get("/api/v1/policies/data/postgres-from-backend"))
                .andExpect(jsonPath("$.resolved.ingress[0].peers[0].pods").value(12));
    }

    @Test
    void thePodsOfAnUnknownPolicyOrPeerAre400NamingTheParameter() throws Exception {
        mvc.perform(get("/api/v1/pods").param("policy", "data/nope")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("policy"));
        mvc.perform(get("/api/v1/pods").param("policy", "data/postgres-from-backend").param("peer", "spec.ingress[7].from[0]"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("peer"))
                .andExpect(jsonPath("$.errors[0].message", containsString("spec.ingress[0].from[0]")));
        mvc.perform(get("/api/v1/pods").param("peer", "spec.ingress[0].from[0]")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].path").value("peer"));
    }

    @Test
    void theDetailJsonNamesAtMostAHundredWorkloadsAndCountsThemAll() {
        List<WorkloadCount> many = java.util.stream.IntStream.range(0, 150)
                .mapToObj(i -> new WorkloadCount(new WorkloadRef("Deployment", "data", "w" + i), 2)).toList();
        ResolvedPolicy.Peer peer = new ResolvedPolicy.Peer("spec.ingress[0].from[0]", "pods", java.util.Collections.nCopies(300, "data/p"),
                List.of(), List.of(), false, many);
        ResolvedPolicy r = new ResolvedPolicy("data", "big", "{}", List.of("Ingress"), java.util.Collections.nCopies(300, "data/p"),
                List.of(new ResolvedPolicy.Rule("spec.ingress[0]", List.of(peer), List.of())), List.of(), many);
        PolicyDetailJson json = PolicyDetailJson.of(new PolicyDetail("data", "big", "7", null, "", r, List.of(), null, null));
        assertThat(json.resolved().selectedPods()).isEqualTo(300);
        assertThat(json.resolved().selectedWorkloadCount()).isEqualTo(150);
        assertThat(json.resolved().selectedWorkloads()).hasSize(100);
        PolicyDetailJson.Peer p = json.resolved().ingress().get(0).peers().get(0);
        assertThat(p.pods()).isEqualTo(300);
        assertThat(p.workloadCount()).isEqualTo(150);
        assertThat(p.workloads()).hasSize(100);
        assertThat(p.podsUrl()).isEqualTo("/api/v1/pods?policy=data/big&peer=spec.ingress%5B0%5D.from%5B0%5D");
    }

    /** Follows metadata.continue from {@code url} to the last page; the pods' keys in order. */
    private List<String> readAllPods(String url) throws Exception {
        List<String> keys = new ArrayList<>();
        String next = url + "&limit=5";
        for (int pages = 0; pages < 100; pages++) {
            String body = mvc.perform(get(java.net.URI.create(next))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            List<Map<String, Object>> items = JsonPath.read(body, "$.items");
            items.forEach(i -> keys.add(i.get("namespace") + "/" + i.get("name")));
            Map<String, Object> metadata = JsonPath.read(body, "$.metadata");
            if (!metadata.containsKey("continue")) {
                return keys;
            }
            next = url + "&limit=5&continue=" + metadata.get("continue");
        }
        throw new AssertionError("no last page");
    }

    @Test
    void lintWarningsAreShown() throws Exception {
        mvc.perform(get("/api/v1/policies/monitoring/grafana-from-platform"))
                .andExpect(jsonPath("$.warnings[*].code", hasItem("or-instead-of-and")));
        mvc.perform(get("/policies/monitoring/grafana-from-platform"))
                .andExpect(content().string(containsString("or-instead-of-and")));
        // payments isolates egress but allows DNS to kube-dns
        mvc.perform(get("/api/v1/policies/backend/payments-from-orders"))
                .andExpect(jsonPath("$.warnings[*].code", org.hamcrest.Matchers.not(hasItem("egress-blocks-dns"))));
    }

    @Test
    void unknownPolicyIs404WithAMessage() throws Exception {
        mvc.perform(get("/api/v1/policies/data/nope")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.errors[0].message", containsString("no NetworkPolicy data/nope")));
        mvc.perform(get("/policies/data/nope")).andExpect(status().isNotFound())
                .andExpect(content().string(containsString("There is no NetworkPolicy")));
    }

    /**
     * An update that slipped past an API server's validation (the mock validates nothing) is shown as such, and the
     * console keeps showing — and previewing against — the last usable version, as the agents enforce it.
     */
    @Test
    void aStoredObjectThatCannotBeUsedIsFlaggedAndItsLastUsableVersionShown() throws Exception {
        var policies = client.network().v1().networkPolicies().inNamespace("data");
        var np = new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
                .withNewMetadata().withNamespace("data").withName("unusable-test").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "postgres").endPodSelector()
                .addNewIngress().addNewFrom().withNewIpBlock().withCidr("10.1.0.0/16").endIpBlock().endFrom().endIngress().endSpec().build();
        try {
            policies.resource(np).create();
            Eventually.until("the policy is in the live model", () -> cluster.snapshot().policy("data", "unusable-test").isPresent());
            var stored = policies.withName("unusable-test").get();
            stored.getSpec().getIngress().get(0).getFrom().get(0).getIpBlock().setCidr("10.1.0.0/99");
            policies.resource(stored).update();
            Eventually.until("the console sees the unusable version", () -> !cluster.unusablePolicies().isEmpty());

            mvc.perform(get("/api/v1/policies/data/unusable-test"))
                    .andExpect(jsonPath("$.unusable.handling").value("LAST_GOOD_KEPT"))
                    .andExpect(jsonPath("$.unusable.reason", containsString("10.1.0.0/99")))
                    .andExpect(jsonPath("$.resolved.ingress[0].peers[0].cidrs[0]").value("10.1.0.0/16"));
            mvc.perform(get("/api/v1/policies").param("namespace", "data"))
                    .andExpect(jsonPath("$.items[?(@.name == 'unusable-test')].unusable", hasItem(containsString("last usable version stays enforced"))))
                    .andExpect(jsonPath("$.items[?(@.name == 'postgres-from-backend')].unusable", hasItem(org.hamcrest.Matchers.nullValue())));
            mvc.perform(get("/policies/data/unusable-test"))
                    .andExpect(content().string(containsString("id=\"unusable\"")))
                    .andExpect(content().string(containsString("10.1.0.0/99")));
            mvc.perform(get("/policies").param("namespace", "data"))
                    .andExpect(content().string(containsString("cannot be used as stored")));
        } finally {
            policies.withName("unusable-test").delete();
            Eventually.until("the test policy is gone", () -> cluster.snapshot().policy("data", "unusable-test").isEmpty()
                    && cluster.unusablePolicies().isEmpty());
        }
    }
}
