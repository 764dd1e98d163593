package io.netfence.admin.staged;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.ConsoleTest;
import io.netfence.admin.Eventually;
import io.netfence.admin.audit.AuditAnnotation;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.clusterpolicies.ClusterPushService;
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
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Staged ClusterNetworkPolicies on the demo cluster: listed on the Staged page with the agents' would-deny counts (equal
 * to the engine's staged verdicts on the demo traffic), detail page and JSON API, Enforce through the cluster push
 * pipeline (dry runs, create, delete at the version shown; a ClusterNetworkPolicy of that name, a changed staged object,
 * a missing version, a failed delete after the create and its retry, roles, CSRF), and the cluster composer's draft
 * pushed as staged.
 */
@ConsoleTest
class StagedClusterPoliciesTest {

    static final String NAME = "staged-cnp-test";
    static final String DEMO = "data-no-monitoring";
    static final String PATH = "/apis/netfence.io/v1alpha1/stagedclusternetworkpolicies";
    static final String CNP_PATH = "/apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies";

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
        Eventually.until("the demo staged ClusterNetworkPolicy", () -> cluster.snapshot().stagedClusterNetworkPolicy(DEMO).isPresent());
    }

    @AfterEach
    void cleanUp() {
        for (String name : List.of(NAME, "deny-cloud-metadata")) { // the draft of the template block-cloud-metadata; never the demo's own CNPs
            StagedClusterObjects.all(client).withName(name).delete();
            ClusterPushService.policies(client).withName(name).delete();
            Eventually.until(name + " gone", () -> cluster.stagedClusterPolicy(name).isEmpty() && cluster.clusterNetworkPolicy(name).isEmpty()
                    && cluster.snapshot().stagedClusterNetworkPolicy(name).isEmpty() && cluster.snapshot().clusterNetworkPolicy(name).isEmpty());
        }
    }

    GenericKubernetesResource createStaged() {
        String yaml = """
                apiVersion: netfence.io/v1alpha1
                kind: StagedClusterNetworkPolicy
                metadata:
                  name: %s
                  labels: {owner: platform}
                  annotations: {example.com/ticket: NET-7}
                spec:
                  tier: Admin
                  priority: 30
                  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: data}}}
                  ingress:
                  - name: no-frontend
                    action: Deny
                    from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: frontend}}}]
                """.formatted(NAME);
        GenericKubernetesResource created = StagedClusterObjects.all(client)
                .resource(client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class)).create();
        Eventually.until("the console sees it", () -> cluster.stagedClusterPolicy(NAME)
                .filter(o -> o.getMetadata().getResourceVersion().equals(created.getMetadata().getResourceVersion())).isPresent()
                && cluster.snapshot().stagedClusterNetworkPolicy(NAME).isPresent());
        return created;
    }

    List<String> writesSince(long mark) {
        return demo.writeRequestsSince(mark).stream().filter(w -> w.contains("/stagedclusternetworkpolicies")
                || w.contains("/clusternetworkpolicies")).toList();
    }

    String resultOf(String location) throws Exception {
        return mvc.perform(get(location).session(session)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    /** The connections of the demo flows the engine says the staged cluster policy would deny. */
    long engineWouldDeny(String name) {
        ClusterSnapshot s = cluster.snapshot();
        ReachabilityAnalyzer analyzer = new ReachabilityAnalyzer(s);
        long sum = 0;
        for (ObservedFlow f : new DemoFlowSource(() -> s, Clock.systemUTC()).read().flows()) {
            Protocol p = Protocol.parse(f.protocol().toUpperCase(Locale.ROOT)).orElseThrow();
            if (analyzer.clusterWouldDeny(name, analyzer.endpointForIp(f.source().ip()), analyzer.endpointForIp(f.destination().ip()),
                    f.port(), p)) {
                sum += f.count();
            }
        }
        return sum;
    }

    @Test
    void theDemoStagedClusterPolicyIsListedWithTheAgentsCountsEqualToTheEngine() throws Exception {
        long expected = engineWouldDeny(DEMO);
        assertThat(expected).as("the demo traffic has connections it would deny").isPositive();
        Eventually.until("the demo agents report it", () -> cluster.nodeStatuses().values().stream()
                .mapToLong(s -> s.stagedClusterWouldDeny().getOrDefault(DEMO, 0L)).sum() == expected);
        mvc.perform(get("/staged")).andExpect(status().isOk())
                .andExpect(content().string(containsString("data-name=\"" + DEMO + "\"")))
                .andExpect(content().string(containsString("id=\"staged-cluster-table\"")));
        mvc.perform(get("/staged/cluster/" + DEMO)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"would-deny-total\">" + expected + "<")))
                .andExpect(content().string(containsString("class=\"would-deny-flow\"")));
        String list = mvc.perform(get("/api/v1/stagedclusternetworkpolicies")).andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("StagedClusterNetworkPolicyList")).andReturn().getResponse().getContentAsString();
        List<Map<String, Object>> items = com.jayway.jsonpath.JsonPath.read(list, "$.items");
        assertThat(items).filteredOn(i -> DEMO.equals(i.get("name"))).singleElement().satisfies(i -> {
            assertThat(((Number) i.get("wouldDeny")).longValue()).isEqualTo(expected);
            assertThat(i.get("tier")).isEqualTo("Admin");
            assertThat(((Number) i.get("observedConnections")).longValue()).isEqualTo(expected);
        });
        mvc.perform(get("/api/v1/stagedclusternetworkpolicies/" + DEMO)).andExpect(status().isOk())
                .andExpect(jsonPath("$.summary.name").value(DEMO))
                .andExpect(jsonPath("$.flowsEnabled").value(true));
        mvc.perform(get("/api/v1/stagedclusternetworkpolicies/nope")).andExpect(status().isNotFound());
        mvc.perform(get("/staged/cluster/nope")).andExpect(status().isNotFound());
        // never enforced: not a ClusterNetworkPolicy of the snapshot
        assertThat(cluster.snapshot().clusterNetworkPolicy(DEMO)).isEmpty();
    }

    @Test
    void enforceCreatesTheClusterPolicyThenDeletesTheStagedVersionShown() throws Exception {
        GenericKubernetesResource staged = createStaged();
        String rv = staged.getMetadata().getResourceVersion();
        mvc.perform(get("/staged/cluster/" + NAME)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"staged-resource-version\">" + rv + "<")))
                .andExpect(content().string(containsString("id=\"enforce-button\"")));
        long mark = demo.writeCount();
        String location = mvc.perform(post("/staged/cluster/" + NAME + "/enforce").param("resourceVersion", rv).session(session))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getRedirectedUrl();
        assertThat(writesSince(mark)).as("dry runs of both steps, then the create, then the delete").containsExactly(
                "POST " + CNP_PATH + "?dryRun=All",
                "DELETE " + PATH + "/" + NAME + "?dryRun=All",
                "POST " + CNP_PATH + "?dryRun=All",
                "POST " + CNP_PATH,
                "DELETE " + PATH + "/" + NAME);
        GenericKubernetesResource cnp = ClusterPushService.policies(client).withName(NAME).get();
        assertThat(cnp).isNotNull();
        assertThat(cnp.getMetadata().getLabels()).containsEntry("owner", "platform");
        assertThat(cnp.getMetadata().getAnnotations()).containsEntry("example.com/ticket", "NET-7")
                .containsKey(AuditAnnotation.KEY);
        assertThat(cnp.getAdditionalProperties().get("spec")).isEqualTo(staged.getAdditionalProperties().get("spec"));
        assertThat(StagedClusterObjects.all(client).withName(NAME).get()).isNull();
        long afterWrite = demo.writeCount();
        assertThat(resultOf(location)).contains("data-status=\"ENFORCED\"").contains("Enforced: created ClusterNetworkPolicy " + NAME);
        assertThat(resultOf(location)).contains("data-status=\"ENFORCED\"");
        assertThat(writesSince(afterWrite)).as("a refresh of the result page writes nothing").isEmpty();
    }

    @Test
    void aClusterPolicyOfThatNameIsNeverReplacedAndAChangedOrUnstatedVersionWritesNothing() throws Exception {
        GenericKubernetesResource staged = createStaged();
        String seen = staged.getMetadata().getResourceVersion();
        long mark = demo.writeCount();
        mvc.perform(post("/api/v1/stagedclusternetworkpolicies/" + NAME + "/enforce"))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].path").value("resourceVersion"));
        GenericKubernetesResource changed = StagedClusterObjects.all(client).withName(NAME).get();
        changed.getMetadata().setLabels(Map.of("owner", "someone-else"));
        String now = StagedClusterObjects.all(client).resource(changed).update().getMetadata().getResourceVersion();
        long afterChange = demo.writeCount();
        mvc.perform(post("/api/v1/stagedclusternetworkpolicies/" + NAME + "/enforce").param("resourceVersion", seen))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.status").value("CONFLICT"))
                .andExpect(jsonPath("$.stagedResourceVersion").value(now))
                .andExpect(jsonPath("$.errors[0].path").value("metadata.resourceVersion"));
        assertThat(writesSince(afterChange)).isEmpty();
        assertThat(writesSince(mark)).hasSize(1); // the test's own update

        Eventually.until("the console sees the change", () -> cluster.stagedClusterPolicy(NAME)
                .filter(o -> o.getMetadata().getResourceVersion().equals(now)).isPresent());
        ClusterPushService.policies(client).resource(client.getKubernetesSerialization().unmarshal("""
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata: {name: %s}
                spec:
                  tier: Baseline
                  priority: 1
                  subject: {namespaces: {}}
                  ingress: [{action: Accept, from: [{namespaces: {}}]}]
                """.formatted(NAME), GenericKubernetesResource.class)).create();
        Eventually.until("the console sees the ClusterNetworkPolicy", () -> cluster.clusterNetworkPolicy(NAME).isPresent());
        mvc.perform(get("/staged/cluster/" + NAME)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"namesake-exists\"")))
                .andExpect(content().string(not(containsString("id=\"enforce-button\""))));
        long beforeEnforce = demo.writeCount();
        mvc.perform(post("/api/v1/stagedclusternetworkpolicies/" + NAME + "/enforce").param("resourceVersion", now))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.status").value("NETWORK_POLICY_EXISTS"));
        assertThat(writesSince(beforeEnforce)).as("nothing reached the API server, not even a dry run").isEmpty();
        assertThat(StagedClusterObjects.all(client).withName(NAME).get()).isNotNull();
        assertThat(ClusterPushService.policies(client).withName(NAME).get().getAdditionalProperties().get("spec").toString())
                .contains("Baseline");
    }

    @Test
    void aCreateThatWorkedFollowedByAFailedDeleteSaysSoAndTheDeleteCanBeRetried() throws Exception {
        GenericKubernetesResource staged = createStaged();
        String rv = staged.getMetadata().getResourceVersion();
        demo.failNextWrite("DELETE", PATH + "/" + NAME, 400, "admission webhook \"guard.example.com\" denied the request: deletes need a change ticket");
        String location = mvc.perform(post("/staged/cluster/" + NAME + "/enforce").param("resourceVersion", rv).session(session))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getRedirectedUrl();
        assertThat(resultOf(location)).contains("data-status=\"CREATED_NOT_DELETED\"")
                .contains("Half done: ClusterNetworkPolicy " + NAME + " was created").contains("deletes need a change ticket")
                .contains("id=\"retry-delete-button\"");
        assertThat(ClusterPushService.policies(client).withName(NAME).get()).isNotNull();
        assertThat(StagedClusterObjects.all(client).withName(NAME).get()).isNotNull();
        long mark = demo.writeCount();
        String retried = mvc.perform(post("/staged/cluster/" + NAME + "/delete").param("resourceVersion", rv).session(session))
                .andExpect(status().isSeeOther()).andReturn().getResponse().getRedirectedUrl();
        assertThat(resultOf(retried)).contains("data-status=\"DELETED\"");
        assertThat(writesSince(mark)).containsExactly("DELETE " + PATH + "/" + NAME + "?dryRun=All", "DELETE " + PATH + "/" + NAME);
        assertThat(StagedClusterObjects.all(client).withName(NAME).get()).isNull();
    }

    @Test
    void theClusterComposersDraftIsPushedAsStagedAfterADryRunAndNothingIsEnforced() throws Exception {
        mvc.perform(get("/composer/cluster").param("template", "block-cloud-metadata").session(session)).andExpect(status().isOk());
        String name = mvc.perform(get("/preview/cluster").session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"push-staged-button\"")))
                .andReturn().getResponse().getContentAsString().replaceAll("(?s).*id=\"preview-name\">([^<]+)<.*", "$1");
        long mark = demo.writeCount();
        String location = mvc.perform(post("/staged/cluster/push").session(session)).andExpect(status().isSeeOther())
                .andReturn().getResponse().getRedirectedUrl();
        assertThat(resultOf(location)).contains("data-status=\"CREATED\"").contains("Created StagedClusterNetworkPolicy " + name);
        assertThat(writesSince(mark)).containsExactly("POST " + PATH + "?dryRun=All", "POST " + PATH);
        GenericKubernetesResource s = StagedClusterObjects.all(client).withName(name).get();
        assertThat(s).isNotNull();
        assertThat(s.getMetadata().getAnnotations().get(AuditAnnotation.KEY)).contains("\"user\":\"test-editor\"");
        assertThat(ClusterPushService.policies(client).withName(name).get()).as("staged only").isNull();
        Eventually.until("the console stages it", () -> cluster.snapshot().stagedClusterNetworkPolicy(name).isPresent());
        // pushing again from this session updates the version just written
        String written = s.getMetadata().getResourceVersion();
        String second = mvc.perform(post("/staged/cluster/push").session(session)).andExpect(status().isSeeOther())
                .andReturn().getResponse().getRedirectedUrl();
        assertThat(resultOf(second)).contains("data-status=\"UPDATED\"").contains("from resourceVersion " + written);
        // a new draft of that name (another session) never replaces it
        MockHttpSession other = new MockHttpSession();
        mvc.perform(get("/composer/cluster").param("template", "block-cloud-metadata").session(other)).andExpect(status().isOk());
        long again = demo.writeCount();
        String third = mvc.perform(post("/staged/cluster/push").session(other)).andExpect(status().isSeeOther())
                .andReturn().getResponse().getRedirectedUrl();
        assertThat(mvc.perform(get(third).session(other)).andReturn().getResponse().getContentAsString()).contains("data-status=\"CONFLICT\"");
        assertThat(writesSince(again)).isEmpty();
    }

    @Test
    void editInComposerThenPushAsStagedUpdatesOnlyTheSpecOfTheVersionOpenedAndAChangedObjectIsAConflict() throws Exception {
        GenericKubernetesResource staged = createStaged();
        String rv = staged.getMetadata().getResourceVersion();
        mvc.perform(get("/staged/cluster/" + NAME).session(session)).andExpect(content().string(containsString("id=\"edit-staged\"")));
        mvc.perform(get("/staged/cluster/" + NAME + "/edit").session(session)).andExpect(status().isSeeOther());
        mvc.perform(get("/preview/cluster").session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"staged-cluster-update\"")))
                .andExpect(content().string(containsString(rv)));
        String yaml = StagedClusterObjects.asClusterNetworkPolicyYaml(staged).replace("priority: 30", "priority: 31")
                .replace("owner: platform", "owner: someone-else");
        mvc.perform(post("/composer/cluster/yaml").param("yaml", yaml).session(session)).andExpect(status().isOk());
        long mark = demo.writeCount();
        String location = mvc.perform(post("/staged/cluster/push").session(session)).andExpect(status().isSeeOther())
                .andReturn().getResponse().getRedirectedUrl();
        assertThat(resultOf(location)).contains("data-status=\"UPDATED\"").contains("from resourceVersion " + rv);
        assertThat(writesSince(mark)).containsExactly("PUT " + PATH + "/" + NAME + "?dryRun=All", "PUT " + PATH + "/" + NAME);
        GenericKubernetesResource now = StagedClusterObjects.all(client).withName(NAME).get();
        assertThat(now.getAdditionalProperties().get("spec").toString()).contains("priority=31");
        assertThat(now.getMetadata().getAnnotations()).containsEntry("example.com/ticket", "NET-7");
        assertThat(ClusterPushService.policies(client).withName(NAME).get()).as("staged only").isNull();

        // someone else changes it: the session's next push is a conflict, nothing written
        now.getMetadata().setLabels(Map.of("owner", "third"));
        StagedClusterObjects.all(client).resource(now).update();
        long again = demo.writeCount();
        String conflict = mvc.perform(post("/staged/cluster/push").session(session)).andExpect(status().isSeeOther())
                .andReturn().getResponse().getRedirectedUrl();
        assertThat(resultOf(conflict)).contains("data-status=\"CONFLICT\"");
        assertThat(writesSince(again)).isEmpty();
    }

    @Test
    void theApiCreatesAndUpdatesAStagedManifestAtItsVersionAndRefusesAnInvalidOneAtItsField() throws Exception {
        String manifest = """
                apiVersion: netfence.io/v1alpha1
                kind: StagedClusterNetworkPolicy
                metadata: {name: %s, labels: {owner: api}}
                spec:
                  tier: Baseline
                  priority: 5
                  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: data}}}
                  egress: [{action: Deny, to: [{networks: ["169.254.169.254/32"]}]}]
                """.formatted(NAME);
        long mark = demo.writeCount();
        mvc.perform(post("/api/v1/stagedclusternetworkpolicies").contentType("application/yaml").content(manifest.replace("priority: 5", "priority: 5000")))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.errors[0].path").value("spec.priority"));
        assertThat(writesSince(mark)).isEmpty();
        String created = mvc.perform(post("/api/v1/stagedclusternetworkpolicies").contentType("application/yaml").content(manifest))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.status").value("CREATED"))
                .andReturn().getResponse().getContentAsString();
        String rv = com.jayway.jsonpath.JsonPath.read(created, "$.stagedResourceVersion");
        mvc.perform(post("/api/v1/stagedclusternetworkpolicies").contentType("application/yaml")
                        .content(manifest.replace("{name: " + NAME + ",", "{name: " + NAME + ", resourceVersion: \"" + rv + "\",")
                                .replace("priority: 5", "priority: 6")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UPDATED"));
        GenericKubernetesResource stored = StagedClusterObjects.all(client).withName(NAME).get();
        assertThat(stored.getAdditionalProperties().get("spec").toString()).contains("priority=6");
        mvc.perform(post("/api/v1/stagedclusternetworkpolicies").contentType("application/yaml")
                        .content(manifest.replace("{name: " + NAME + ",", "{name: " + NAME + ", resourceVersion: \"" + rv + "\",")))
                .andExpect(status().isConflict());
        mvc.perform(delete("/api/v1/stagedclusternetworkpolicies/" + NAME).param("resourceVersion", stored.getMetadata().getResourceVersion()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("DELETED"));
    }

    @Test
    @WithMockUser(username = "victor", roles = "VIEWER")
    void aViewerSeesTheCountsButCannotEnforceOrPush() throws Exception {
        GenericKubernetesResource staged = createStaged();
        mvc.perform(get("/staged/cluster/" + NAME)).andExpect(status().isOk())
                .andExpect(content().string(not(containsString("id=\"enforce-button\""))));
        long mark = demo.writeCount();
        mvc.perform(post("/staged/cluster/" + NAME + "/enforce").param("resourceVersion", staged.getMetadata().getResourceVersion()).session(session))
                .andExpect(status().isForbidden());
        mvc.perform(post("/staged/cluster/" + NAME + "/delete").param("resourceVersion", staged.getMetadata().getResourceVersion()).session(session))
                .andExpect(status().isForbidden());
        assertThat(writesSince(mark)).isEmpty();
        assertThat(StagedClusterObjects.all(client).withName(NAME).get()).isNotNull();
    }

    @Test
    void enforceAndPushNeedTheSessionsCsrfToken() throws Exception {
        GenericKubernetesResource staged = createStaged();
        MockMvc plain = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        long mark = demo.writeCount();
        plain.perform(post("/staged/cluster/" + NAME + "/enforce").param("resourceVersion", staged.getMetadata().getResourceVersion())
                .with(user("editor").roles("EDITOR"))).andExpect(status().isForbidden());
        plain.perform(post("/staged/cluster/push").with(user("editor").roles("EDITOR"))).andExpect(status().isForbidden());
        assertThat(writesSince(mark)).isEmpty();
        plain.perform(post("/staged/cluster/" + NAME + "/enforce").param("resourceVersion", staged.getMetadata().getResourceVersion())
                .with(user("editor").roles("EDITOR")).with(csrf())).andExpect(status().isSeeOther());
        assertThat(ClusterPushService.policies(client).withName(NAME).get()).as("with the token it goes through").isNotNull();
    }
}
