package io.netfence.admin.clusterpolicies;

import com.jayway.jsonpath.JsonPath;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.paging.PageRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The ClusterNetworkPolicy pages and API on the demo cluster, whose CNPs arrive through the shared watcher's informer. */
@ConsoleTest
class ClusterPoliciesPageTest {

    static final ResourceDefinitionContext CNP = new ResourceDefinitionContext.Builder().withGroup("policy.networking.k8s.io")
            .withVersion("v1alpha2").withKind("ClusterNetworkPolicy").withPlural("clusternetworkpolicies").withNamespaced(false).build();

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    KubernetesClient client;
    @Autowired
    ClusterPoliciesService service;

    @BeforeEach
    void loaded() {
        Eventually.until("demo ClusterNetworkPolicies loaded", () -> cluster.snapshot().clusterNetworkPolicies().size() >= 3
                && cluster.clusterNetworkPolicy("tenant-default-deny").isPresent());
    }

    @Test
    void listIsInEvaluationOrderWithTierPriorityAndAccepted() throws Exception {
        mvc.perform(get("/api/v1/clusternetworkpolicies"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].name", contains("block-cloud-metadata", "always-allow-monitoring", "tenant-default-deny")))
                .andExpect(jsonPath("$.items[*].tier", contains("Admin", "Admin", "Baseline")))
                .andExpect(jsonPath("$.items[*].priority", contains(10, 20, 50)))
                .andExpect(jsonPath("$.items[0].subject", containsString("kube-system")))
                .andExpect(jsonPath("$.items[0].egressRules").value(1))
                .andExpect(jsonPath("$.items[1].ingressRules").value(1))
                .andExpect(jsonPath("$.items[0].accepted.status").value("True"))
                .andExpect(jsonPath("$.items[0].accepted.reason").value("Enforced"))
                .andExpect(jsonPath("$.metadata.continue").doesNotExist());
        String html = mvc.perform(get("/clusternetworkpolicies")).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"nav-cluster-policies\"")))
                .andExpect(content().string(not(containsString("id=\"tiers-not-enforced\""))))
                .andExpect(content().string(not(containsString("id=\"no-crd\""))))
                .andReturn().getResponse().getContentAsString();
        assertThat(html.indexOf("block-cloud-metadata")).isLessThan(html.indexOf("always-allow-monitoring"));
        assertThat(html.indexOf("always-allow-monitoring")).isLessThan(html.indexOf("tenant-default-deny"));
    }

    @Test
    void apiListHasTheShapeOfEveryOtherJsonList() throws Exception {
        String body = mvc.perform(get("/api/v1/clusternetworkpolicies").param("limit", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("ClusterNetworkPolicyList"))
                .andExpect(jsonPath("$.items[*].name", contains("block-cloud-metadata", "always-allow-monitoring")))
                .andExpect(jsonPath("$.metadata.continue").isString())
                .andExpect(jsonPath("$.metadata.remainingItemCount").value(1))
                .andExpect(jsonPath("$.metadata.totalItemCount").value(3))
                .andReturn().getResponse().getContentAsString();
        String token = JsonPath.read(body, "$.metadata.continue");
        mvc.perform(get("/api/v1/clusternetworkpolicies").param("limit", "2").param("continue", token))
                .andExpect(jsonPath("$.kind").value("ClusterNetworkPolicyList"))
                .andExpect(jsonPath("$.items[*].name", contains("tenant-default-deny")))
                .andExpect(jsonPath("$.metadata.continue").doesNotExist())
                .andExpect(jsonPath("$.metadata.remainingItemCount").value(0))
                .andExpect(jsonPath("$.metadata.totalItemCount").value(3));
        mvc.perform(get("/api/v1/clusternetworkpolicies").param("limit", String.valueOf(PageRequest.MAX_LIMIT)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(3)));
    }

    @Test
    void aLoopOverContinueReadsEveryClusterPolicyExactlyOnceInEvaluationOrder() throws Exception {
        List<GenericKubernetesResource> extra = List.of(
                cnp(minimal("zz-admin-first", "Admin", 0)),
                cnp(minimal("aa-ties-block-cloud-metadata", "Admin", 10)),  // same priority: by name, before block-…
                cnp(minimal("admin-last", "Admin", 1000)),
                cnp(minimal("baseline-first", "Baseline", 1)),
                cnp(minimal("baseline-tie-b", "Baseline", 50)),
                cnp("""
                        metadata: {name: aab-unreadable}
                        spec: {tier: Admin, priority: 2, subject: everyone, ingress: []}
                        """));
        try {
            Eventually.until("the extra CNPs", () -> cluster.snapshot().clusterNetworkPolicies().size() >= 8
                    && cluster.unusableClusterNetworkPolicies().stream().anyMatch(u -> u.name().equals("aab-unreadable")));
            List<String> evaluationOrder = List.of("zz-admin-first", "aa-ties-block-cloud-metadata", "block-cloud-metadata",
                    "always-allow-monitoring", "admin-last", "baseline-first", "baseline-tie-b", "tenant-default-deny",
                    "aab-unreadable");
            assertThat(service.list().stream().map(ClusterPolicySummary::name).toList()).isEqualTo(evaluationOrder);
            for (int limit : new int[]{1, 2, 4, 100}) {
                assertThat(readAll(limit)).as("limit " + limit).isEqualTo(evaluationOrder);
            }
        } finally {
            extra.forEach(this::delete);
        }
    }

    @Test
    void aBadLimitOrContinueIs400NamingTheParameter() throws Exception {
        for (String limit : List.of("0", "1001", "ten")) {
            mvc.perform(get("/api/v1/clusternetworkpolicies").param("limit", limit))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].path").value("limit"))
                    .andExpect(jsonPath("$.errors[0].message", containsString("from 1 to 1000")));
        }
        String foreign = Base64.getUrlEncoder().encodeToString("0|0|0010|block-cloud-metadata".getBytes(StandardCharsets.UTF_8));
        for (String token : List.of("%%%", foreign)) {
            mvc.perform(get("/api/v1/clusternetworkpolicies").param("continue", token))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].path").value("continue"))
                    .andExpect(jsonPath("$.errors[0].message", containsString("metadata.continue")));
        }
    }

    /** Follows metadata.continue to the last page; checks the counts on every page; returns the names in order. */
    private List<String> readAll(int limit) throws Exception {
        List<String> names = new ArrayList<>();
        String token = null;
        for (int pages = 0; pages < 100; pages++) {
            var request = get("/api/v1/clusternetworkpolicies").param("limit", String.valueOf(limit));
            if (token != null) {
                request.param("continue", token);
            }
            String body = mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            List<String> page = JsonPath.read(body, "$.items[*].name");
            assertThat(page.size()).isLessThanOrEqualTo(limit);
            names.addAll(page);
            int total = JsonPath.read(body, "$.metadata.totalItemCount");
            int remaining = JsonPath.read(body, "$.metadata.remainingItemCount");
            assertThat(remaining).as("remainingItemCount").isEqualTo(total - names.size());
            Map<String, Object> metadata = JsonPath.read(body, "$.metadata");
            if (!metadata.containsKey("continue")) {
                assertThat(remaining).isZero();
                return names;
            }
            token = (String) metadata.get("continue");
        }
        throw new AssertionError("no last page after 100 pages");
    }

    private static String minimal(String name, String tier, int priority) {
        return "metadata: {name: " + name + "}\nspec:\n  tier: " + tier + "\n  priority: " + priority
                + "\n  subject: {namespaces: {matchLabels: {team: nobody-has-this}}}\n  ingress: []\n";
    }

    @Test
    void detailResolvesSubjectAndPeersToLiveNamespacesPodsAndAddresses() throws Exception {
        mvc.perform(get("/api/v1/clusternetworkpolicies/block-cloud-metadata"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.resolved.subjectNamespaces", not(hasItem("kube-system"))))
                .andExpect(jsonPath("$.resolved.subjectNamespaces", hasItem("frontend")))
                .andExpect(jsonPath("$.resolved.egress[0].label").value("`deny-instance-metadata`"))
                .andExpect(jsonPath("$.resolved.egress[0].action").value("Deny"))
                .andExpect(jsonPath("$.resolved.egress[0].peers[0].addresses", contains("169.254.169.254/32")))
                .andExpect(jsonPath("$.yaml", containsString("kind: ClusterNetworkPolicy")));
        mvc.perform(get("/api/v1/clusternetworkpolicies/always-allow-monitoring"))
                .andExpect(jsonPath("$.resolved.ingress[0].peers[0].kind").value("pods"))
                .andExpect(jsonPath("$.resolved.ingress[0].peers[0].namespaces", contains("monitoring")))
                .andExpect(jsonPath("$.resolved.ingress[0].peers[0].pods", hasSize(2)))
                .andExpect(jsonPath("$.resolved.ingress[0].ports", contains("named port metrics")));
        mvc.perform(get("/clusternetworkpolicies/always-allow-monitoring"))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"tiers-not-enforced\""))))
                .andExpect(content().string(containsString("spec.ingress[0].from[0]")))
                .andExpect(content().string(containsString("monitoring/prometheus-")));
    }

    @Test
    void nodesPeersResolveToNodeAddresses() throws Exception {
        GenericKubernetesResource cnp = cnp("""
                metadata: {name: egress-to-zone-a-nodes}
                spec:
                  tier: Admin
                  priority: 900
                  subject: {namespaces: {matchLabels: {team: web}}}
                  egress:
                  - name: nodes-in-zone-a
                    action: Accept
                    to:
                    - nodes: {matchLabels: {topology.kubernetes.io/zone: zone-a}}
                """);
        try {
            Eventually.until("nodes CNP", () -> cluster.snapshot().clusterNetworkPolicy("egress-to-zone-a-nodes").isPresent());
            mvc.perform(get("/api/v1/clusternetworkpolicies/egress-to-zone-a-nodes"))
                    .andExpect(jsonPath("$.resolved.egress[0].peers[0].kind").value("nodes"))
                    .andExpect(jsonPath("$.resolved.egress[0].peers[0].nodes", hasSize(1)))
                    .andExpect(jsonPath("$.resolved.egress[0].peers[0].nodes[0]", containsString("node-1 (")));
        } finally {
            delete(cnp);
        }
    }

    @Test
    void lintWarningsAndDomainNamesAreShownNotSilent() throws Exception {
        GenericKubernetesResource cnp = cnp("""
                metadata: {name: allow-saas}
                spec:
                  tier: Admin
                  priority: 10
                  subject: {namespaces: {matchLabels: {team: nobody-has-this}}}
                  egress:
                  - name: saas
                    action: Accept
                    to:
                    - domainNames: ["api.example.com"]
                """);
        try {
            Eventually.until("domainNames CNP", () -> cluster.snapshot().clusterNetworkPolicy("allow-saas").isPresent());
            mvc.perform(get("/api/v1/clusternetworkpolicies"))
                    .andExpect(jsonPath("$.items[?(@.name == 'allow-saas')].domainNames", contains(true)))
                    .andExpect(jsonPath("$.items[?(@.name == 'allow-saas')].accepted.reason", contains("DomainNamesNotEnforced")));
            mvc.perform(get("/api/v1/clusternetworkpolicies/allow-saas"))
                    .andExpect(jsonPath("$.warnings[*].code", hasItem("domain-names-not-enforced")))
                    .andExpect(jsonPath("$.warnings[*].code", hasItem("selects-no-pod")))
                    .andExpect(jsonPath("$.resolved.egress[0].peers[0].notEnforced").value(true));
            mvc.perform(get("/clusternetworkpolicies/allow-saas"))
                    .andExpect(content().string(containsString("id=\"domain-names-warning\"")))
                    .andExpect(content().string(containsString("domain-names-not-enforced")));
            mvc.perform(get("/clusternetworkpolicies"))
                    .andExpect(content().string(containsString("domainNames not enforced")));
        } finally {
            delete(cnp);
        }
    }

    @Test
    void anObjectNothingCanBeEnforcedForIsListedLastWithAcceptedFalse() throws Exception {
        GenericKubernetesResource cnp = cnp("""
                metadata: {name: aaa-broken-subject}
                spec:
                  tier: Admin
                  priority: 1
                  subject: everyone
                  ingress: []
                """);
        try {
            Eventually.until("unusable CNP", () -> cluster.unusableClusterNetworkPolicies().stream().anyMatch(u -> u.name().equals("aaa-broken-subject")));
            mvc.perform(get("/api/v1/clusternetworkpolicies"))
                    .andExpect(jsonPath("$.items[-1].name").value("aaa-broken-subject"))
                    .andExpect(jsonPath("$.items[-1].enforced").value(false))
                    .andExpect(jsonPath("$.items[-1].accepted.status").value("False"))
                    .andExpect(jsonPath("$.items[-1].accepted.reason").value("NotEnforced"));
            mvc.perform(get("/clusternetworkpolicies/aaa-broken-subject"))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("id=\"unusable\"")))
                    .andExpect(content().string(containsString("cannot be used")));
        } finally {
            delete(cnp);
        }
    }

    @Test
    void userControlledTextIsEscaped() throws Exception {
        GenericKubernetesResource cnp = cnp("""
                metadata: {name: escaping}
                spec:
                  tier: Baseline
                  priority: 999
                  subject: {namespaces: {matchLabels: {team: web}}}
                  ingress:
                  - name: "<img src=x onerror=alert(1)>"
                    action: Accept
                    from:
                    - namespaces: {}
                """);
        try {
            Eventually.until("escaping CNP", () -> cluster.clusterNetworkPolicy("escaping").isPresent()
                    && (cluster.snapshot().clusterNetworkPolicy("escaping").isPresent()
                    || cluster.unusableClusterNetworkPolicies().stream().anyMatch(u -> u.name().equals("escaping"))));
            String html = mvc.perform(get("/clusternetworkpolicies/escaping")).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();
            assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img src=x");
        } finally {
            delete(cnp);
        }
    }

    @Test
    void unknownNameIs404ForPagesAndApi() throws Exception {
        mvc.perform(get("/clusternetworkpolicies/nope")).andExpect(status().isNotFound())
                .andExpect(content().string(containsString("There is no ClusterNetworkPolicy")));
        mvc.perform(get("/api/v1/clusternetworkpolicies/nope")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.errors[0].path").value("metadata.name"));
    }

    @Test
    @WithMockUser(username = "test-viewer", roles = "VIEWER")
    void aViewerCanReadEverything() throws Exception {
        mvc.perform(get("/clusternetworkpolicies")).andExpect(status().isOk());
        mvc.perform(get("/clusternetworkpolicies/block-cloud-metadata")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/clusternetworkpolicies")).andExpect(status().isOk());
        mvc.perform(get("/api/v1/clusternetworkpolicies/block-cloud-metadata")).andExpect(status().isOk());
    }

    @Test
    void explainNamesTheClusterPolicyTierThatDecided() throws Exception {
        var s = cluster.snapshot();
        String prometheus = s.pods().stream().filter(p -> "prometheus".equals(p.labels().get("app.kubernetes.io/name"))).findFirst().orElseThrow().key();
        String worker = s.pods().stream().filter(p -> "worker".equals(p.labels().get("app"))).findFirst().orElseThrow().key();
        mvc.perform(get("/connectivity/explain").param("from", prometheus).param("to", worker).param("port", "9090").param("protocol", "TCP"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Admin `always-allow-monitoring` (priority 20)")))
                .andExpect(content().string(containsString("allow-prometheus-scrape")));
    }

    private GenericKubernetesResource cnp(String yaml) {
        GenericKubernetesResource o = client.getKubernetesSerialization().unmarshal(
                "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\n" + yaml, GenericKubernetesResource.class);
        return client.genericKubernetesResources(CNP).resource(o).create();
    }

    private void delete(GenericKubernetesResource o) {
        client.genericKubernetesResources(CNP).withName(o.getMetadata().getName()).delete();
        Eventually.until("CNP gone", () -> cluster.clusterNetworkPolicy(o.getMetadata().getName()).isEmpty());
    }
}
