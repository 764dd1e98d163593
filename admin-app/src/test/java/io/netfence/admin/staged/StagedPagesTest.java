package io.netfence.admin.staged;

import com.jayway.jsonpath.JsonPath;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.demo.DemoApiServer;
import io.netfence.admin.traffic.DemoFlowSource;
import io.netfence.admin.traffic.ObservedFlow;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The Staged policies pages and API on the demo cluster: the list (paging, filters), the would-deny numbers against the
 * engine's staged verdicts on the demo traffic, and Enforce (success, a NetworkPolicy of that name, a staged object
 * changed since the page was loaded, a create that worked followed by a delete that failed, roles, CSRF).
 */
@ConsoleTest
class StagedPagesTest {

    static final String NS = "frontend";
    static final String NAME = "staged-test";
    static final String PATH = "/apis/netfence.io/v1alpha1/namespaces/" + NS + "/stagednetworkpolicies/" + NAME;

    @Autowired
    MockMvc mvc;
    @Autowired
    LiveCluster cluster;
    @Autowired
    KubernetesClient client;
    @Autowired
    DemoApiServer demo;
    @Autowired
    WebApplicationContext context;

    final MockHttpSession session = new MockHttpSession();

    @BeforeEach
    void loaded() {
        Eventually.demoClusterLoaded(cluster);
        Eventually.until("demo staged policies", () -> cluster.snapshot().stagedPolicy("backend", "api-from-web-only").isPresent()
                && cluster.snapshot().stagedPolicy("backend", "worker-egress-lockdown").isPresent());
    }

    @AfterEach
    void cleanUp() {
        StagedObjects.in(client, NS).withName(NAME).delete();
        client.network().v1().networkPolicies().inNamespace(NS).withName(NAME).delete();
        Eventually.until("test objects gone", () -> cluster.stagedPolicy(NS, NAME).isEmpty() && cluster.networkPolicy(NS, NAME).isEmpty()
                && cluster.snapshot().stagedPolicy(NS, NAME).isEmpty() && cluster.snapshot().policy(NS, NAME).isEmpty());
    }

    GenericKubernetesResource createStaged(String port) {
        String yaml = """
                apiVersion: netfence.io/v1alpha1
                kind: StagedNetworkPolicy
                metadata:
                  name: %s
                  namespace: %s
                  labels: {owner: web-team}
                  annotations: {example.com/ticket: NET-42}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  policyTypes: [Ingress]
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]
                    ports: [{protocol: TCP, port: %s}]
                """.formatted(NAME, NS, port);
        GenericKubernetesResource r = client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
        GenericKubernetesResource created = StagedObjects.in(client, NS).resource(r).create();
        Eventually.until("the console sees it", () -> cluster.stagedPolicy(NS, NAME)
                .filter(o -> o.getMetadata().getResourceVersion().equals(created.getMetadata().getResourceVersion())).isPresent());
        return created;
    }

    List<String> writesSince(long mark) {
        return demo.writeRequestsSince(mark).stream().filter(w -> w.contains("/" + NAME)
                || w.contains("/stagednetworkpolicies") || w.contains("/networkpolicies")).toList();
    }

    String resultOf(String location) throws Exception {
        return mvc.perform(get(location).session(session)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    /** The connections of the demo flows the engine says the staged policy would deny, judged here flow by flow. */
    long engineWouldDeny(String ns, String name) {
        ClusterSnapshot s = cluster.snapshot();
        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(s);
        long sum = 0;
        for (ObservedFlow f : new DemoFlowSource(() -> s, Clock.systemUTC()).read().flows()) {
            Protocol p = Protocol.parse(f.protocol().toUpperCase(Locale.ROOT)).orElseThrow();
            if (analyzer.wouldDeny(ns, name, analyzer.endpointForIp(f.source().ip()), analyzer.endpointForIp(f.destination().ip()), f.port(), p)) {
                sum += f.count();
            }
        }
        return sum;
    }

    @Test
    void wouldDenyCountsEqualTheEnginesStagedVerdictsOnTheDemoFlows() throws Exception {
        for (String name : List.of("api-from-web-only", "worker-egress-lockdown")) {
            long expected = engineWouldDeny("backend", name);
            assertThat(expected).as("the demo traffic has connections %s would deny", name).isPositive();
            String key = "backend/" + name;
            Eventually.until("the demo agents report " + key, () -> cluster.nodeStatuses().values().stream()
                    .mapToLong(st -> st.stagedWouldDeny().getOrDefault(key, 0L)).sum() == expected);
            mvc.perform(get("/api/v1/stagednetworkpolicies/backend/" + name))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.summary.wouldDeny").value(expected))
                    .andExpect(jsonPath("$.summary.observedConnections").value(expected));
            String page = mvc.perform(get("/staged/backend/" + name)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(page).contains("id=\"would-deny-total\">" + expected + "<");
            assertThat(page).contains("class=\"would-deny-flow\"");
        }
        // storefront → api is what api-from-web-only would deny; web → api stays allowed
        String json = mvc.perform(get("/api/v1/stagednetworkpolicies/backend/api-from-web-only")).andReturn().getResponse().getContentAsString();
        List<String> sources = JsonPath.read(json, "$.wouldDenyFlows[*].source.workloadName");
        assertThat(sources).isNotEmpty().allMatch("storefront"::equals);
    }

    @Test
    void theListPagesAndFiltersOnTheServer() throws Exception {
        String first = mvc.perform(get("/api/v1/stagednetworkpolicies").param("limit", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("StagedNetworkPolicyList"))
                .andExpect(jsonPath("$.metadata.totalItemCount").value(2))
                .andExpect(jsonPath("$.metadata.remainingItemCount").value(1))
                .andExpect(jsonPath("$.items[0].name").value("api-from-web-only"))
                .andExpect(jsonPath("$.items[0].selectedWorkloads").value(1))
                .andExpect(jsonPath("$.items[0].selectedPods").value(4))
                .andReturn().getResponse().getContentAsString();
        String token = JsonPath.read(first, "$.metadata.continue");
        mvc.perform(get("/api/v1/stagednetworkpolicies").param("limit", "1").param("continue", token))
                .andExpect(jsonPath("$.items[0].name").value("worker-egress-lockdown"))
                .andExpect(jsonPath("$.metadata.continue").doesNotExist());
        mvc.perform(get("/api/v1/stagednetworkpolicies").param("name", "worker"))
                .andExpect(jsonPath("$.metadata.totalItemCount").value(1))
                .andExpect(jsonPath("$.items[0].name").value("worker-egress-lockdown"));
        mvc.perform(get("/api/v1/stagednetworkpolicies").param("namespace", "data"))
                .andExpect(jsonPath("$.metadata.totalItemCount").value(0));
        mvc.perform(get("/api/v1/stagednetworkpolicies").param("limit", "0"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].path").value("limit"));
        mvc.perform(get("/staged").param("limit", "1"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-key=\"backend/api-from-web-only\"")))
                .andExpect(content().string(not(containsString("data-key=\"backend/worker-egress-lockdown\""))))
                .andExpect(content().string(containsString("page-next")));
        mvc.perform(get("/staged").param("name", "worker"))
                .andExpect(content().string(containsString("data-key=\"backend/worker-egress-lockdown\"")))
                .andExpect(content().string(not(containsString("data-key=\"backend/api-from-web-only\""))));
        mvc.perform(get("/api/v1/stagednetworkpolicies/backend/nope")).andExpect(status().isNotFound());
    }

    @Test
    void enforceCreatesTheNetworkPolicyThenDeletesTheStagedVersionShownAndARefreshWritesNothing() throws Exception {
        GenericKubernetesResource staged = createStaged("http");
        String rv = staged.getMetadata().getResourceVersion();
        mvc.perform(get("/staged/" + NS + "/" + NAME)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"staged-resource-version\">" + rv + "<")))
                .andExpect(content().string(containsString("id=\"enforce-button\"")));
        long mark = demo.writeCount();
        String location = mvc.perform(post("/staged/" + NS + "/" + NAME + "/enforce").param("resourceVersion", rv).session(session))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/staged/result/");
        assertThat(writesSince(mark)).as("dry runs of both steps, then the create, then the delete").containsExactly(
                "POST /apis/networking.k8s.io/v1/namespaces/frontend/networkpolicies?dryRun=All",
                "DELETE " + PATH + "?dryRun=All",
                "POST /apis/networking.k8s.io/v1/namespaces/frontend/networkpolicies?dryRun=All",
                "POST /apis/networking.k8s.io/v1/namespaces/frontend/networkpolicies",
                "DELETE " + PATH);
        NetworkPolicy np = client.network().v1().networkPolicies().inNamespace(NS).withName(NAME).get();
        assertThat(np).isNotNull();
        assertThat(np.getMetadata().getLabels()).containsEntry("owner", "web-team");
        assertThat(np.getMetadata().getAnnotations()).containsEntry("example.com/ticket", "NET-42");
        assertThat(np.getSpec().getIngress().get(0).getPorts().get(0).getPort().getStrVal()).isEqualTo("http");
        assertThat(StagedObjects.in(client, NS).withName(NAME).get()).isNull();
        long afterWrite = demo.writeCount();
        for (int i = 0; i < 2; i++) {
            assertThat(resultOf(location)).contains("data-status=\"ENFORCED\"").contains("Enforced: created NetworkPolicy frontend/staged-test");
        }
        assertThat(writesSince(afterWrite)).as("a refresh of the result page writes nothing").isEmpty();
    }

    @Test
    void aNetworkPolicyOfThatNameIsNeverReplaced() throws Exception {
        GenericKubernetesResource staged = createStaged("http");
        client.network().v1().networkPolicies().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
                .withNewMetadata().withName(NAME).withNamespace(NS).endMetadata().withNewSpec().withNewPodSelector().endPodSelector()
                .withPolicyTypes("Ingress").endSpec().build()).create();
        Eventually.until("the console sees the NetworkPolicy", () -> cluster.networkPolicy(NS, NAME).isPresent());
        mvc.perform(get("/staged/" + NS + "/" + NAME)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"namesake-exists\"")))
                .andExpect(content().string(not(containsString("id=\"enforce-button\""))));
        long mark = demo.writeCount();
        String location = mvc.perform(post("/staged/" + NS + "/" + NAME + "/enforce").param("resourceVersion", staged.getMetadata().getResourceVersion()).session(session))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getRedirectedUrl();
        assertThat(resultOf(location)).contains("data-status=\"NETWORK_POLICY_EXISTS\"").contains("already exists");
        assertThat(writesSince(mark)).as("nothing reached the API server, not even a dry run").isEmpty();
        assertThat(StagedObjects.in(client, NS).withName(NAME).get()).isNotNull();
        assertThat(client.network().v1().networkPolicies().inNamespace(NS).withName(NAME).get().getSpec().getIngress()).isEmpty();
        mvc.perform(post("/api/v1/stagednetworkpolicies/" + NS + "/" + NAME + "/enforce").param("resourceVersion", staged.getMetadata().getResourceVersion()))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.status").value("NETWORK_POLICY_EXISTS"));
    }

    @Test
    void aStagedObjectChangedSinceThePageWasLoadedIsAConflictAndNothingIsWritten() throws Exception {
        GenericKubernetesResource staged = createStaged("http");
        String seen = staged.getMetadata().getResourceVersion();
        GenericKubernetesResource changed = StagedObjects.in(client, NS).withName(NAME).get();
        changed.getMetadata().setLabels(Map.of("owner", "someone-else"));
        String now = StagedObjects.in(client, NS).resource(changed).update().getMetadata().getResourceVersion();
        long mark = demo.writeCount();
        mvc.perform(post("/api/v1/stagednetworkpolicies/" + NS + "/" + NAME + "/enforce").param("resourceVersion", seen))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.status").value("CONFLICT"))
                .andExpect(jsonPath("$.stagedResourceVersion").value(now))
                .andExpect(jsonPath("$.errors[0].path").value("metadata.resourceVersion"));
        String location = mvc.perform(post("/staged/" + NS + "/" + NAME + "/enforce").param("resourceVersion", seen).session(session))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getRedirectedUrl();
        assertThat(resultOf(location)).contains("data-status=\"CONFLICT\"").contains("was changed since you loaded it");
        assertThat(writesSince(mark)).isEmpty();
        assertThat(client.network().v1().networkPolicies().inNamespace(NS).withName(NAME).get()).isNull();
    }

    @Test
    void aCreateThatWorkedFollowedByAFailedDeleteSaysSoAndTheDeleteCanBeRetried() throws Exception {
        GenericKubernetesResource staged = createStaged("http");
        String rv = staged.getMetadata().getResourceVersion();
        // a 5xx would be retried by the client; an admission webhook's refusal is final
        demo.failNextWrite("DELETE", PATH, 400, "admission webhook \"guard.example.com\" denied the request: deletes need a change ticket");
        String location = mvc.perform(post("/staged/" + NS + "/" + NAME + "/enforce").param("resourceVersion", rv).session(session))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getRedirectedUrl();
        String page = resultOf(location);
        assertThat(page).contains("data-status=\"CREATED_NOT_DELETED\"")
                .contains("Half done: NetworkPolicy frontend/staged-test was created")
                .contains("was not deleted")
                .contains("deletes need a change ticket")
                .contains("id=\"retry-delete-button\"");
        assertThat(client.network().v1().networkPolicies().inNamespace(NS).withName(NAME).get()).isNotNull();
        assertThat(StagedObjects.in(client, NS).withName(NAME).get()).isNotNull();
        long mark = demo.writeCount();
        String retried = mvc.perform(post("/staged/" + NS + "/" + NAME + "/delete").param("resourceVersion", rv).session(session))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getRedirectedUrl();
        assertThat(resultOf(retried)).contains("data-status=\"DELETED\"");
        assertThat(writesSince(mark)).containsExactly("DELETE " + PATH + "?dryRun=All", "DELETE " + PATH);
        assertThat(StagedObjects.in(client, NS).withName(NAME).get()).isNull();
    }

    @Test
    void anInvalidStagedSpecIsRefusedAtItsField() throws Exception {
        GenericKubernetesResource staged = createStaged("70000");
        long mark = demo.writeCount();
        mvc.perform(post("/api/v1/stagednetworkpolicies/" + NS + "/" + NAME + "/enforce").param("resourceVersion", staged.getMetadata().getResourceVersion()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.status").value("INVALID"))
                .andExpect(jsonPath("$.errors[0].path").value("spec.ingress[0].ports[0].port"));
        assertThat(writesSince(mark)).isEmpty();
    }

    @Test
    @WithMockUser(username = "victor", roles = "VIEWER")
    void aViewerSeesTheCountsButCannotEnforce() throws Exception {
        GenericKubernetesResource staged = createStaged("http");
        mvc.perform(get("/staged/" + NS + "/" + NAME)).andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"enforce-button\""))));
        long mark = demo.writeCount();
        mvc.perform(post("/staged/" + NS + "/" + NAME + "/enforce").param("resourceVersion", staged.getMetadata().getResourceVersion()).session(session))
                .andExpect(status().isForbidden());
        mvc.perform(post("/staged/" + NS + "/" + NAME + "/delete").param("resourceVersion", staged.getMetadata().getResourceVersion()).session(session))
                .andExpect(status().isForbidden());
        assertThat(writesSince(mark)).isEmpty();
        assertThat(StagedObjects.in(client, NS).withName(NAME).get()).isNotNull();
    }

    @Test
    void enforceNeedsTheSessionsCsrfToken() throws Exception {
        GenericKubernetesResource staged = createStaged("http");
        MockMvc plain = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        long mark = demo.writeCount();
        plain.perform(post("/staged/" + NS + "/" + NAME + "/enforce").param("resourceVersion", staged.getMetadata().getResourceVersion())
                .with(user("editor").roles("EDITOR"))).andExpect(status().isForbidden());
        plain.perform(post("/staged/push").with(user("editor").roles("EDITOR"))).andExpect(status().isForbidden());
        assertThat(writesSince(mark)).isEmpty();
        plain.perform(post("/staged/" + NS + "/" + NAME + "/enforce").param("resourceVersion", staged.getMetadata().getResourceVersion())
                .with(user("editor").roles("EDITOR")).with(csrf())).andExpect(status().isSeeOther());
        assertThat(client.network().v1().networkPolicies().inNamespace(NS).withName(NAME).get()).as("with the token it goes through").isNotNull();
    }
}
