package io.netfence.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.snapshot.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ClusterNetworkPolicies through the shared watcher, on the CRUD mock API server: a cluster without their CRD works
 * (no list/watch of clusternetworkpolicies retried in a loop, start completes), the informer starts when the CRD is
 * created, and stops (forgetting the policies) when it is deleted.
 */
class ClusterNetworkPolicyWatchTest {

    static CustomResourceDefinition crd(String... versions) {
        var spec = new CustomResourceDefinitionBuilder().withNewMetadata().withName(ClusterNetworkPolicyWatch.CRD_NAME).endMetadata()
                .withNewSpec().withGroup("policy.networking.k8s.io").withScope("Cluster")
                .withNewNames().withKind("ClusterNetworkPolicy").withListKind("ClusterNetworkPolicyList")
                .withPlural("clusternetworkpolicies").withSingular("clusternetworkpolicy").endNames();
        for (String v : versions) {
            spec = spec.addNewVersion().withName(v).withServed(true).withStorage(true)
                    .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                    .endOpenAPIV3Schema().endSchema().withNewSubresources().withNewStatus().endStatus().endSubresources().endVersion();
        }
        return spec.endSpec().build();
    }

    static GenericKubernetesResource cnp(String name, String tier, int priority, String action) {
        return Serialization.unmarshal("""
                apiVersion: policy.networking.k8s.io/v1alpha2
                kind: ClusterNetworkPolicy
                metadata:
                  name: %s
                spec:
                  tier: %s
                  priority: %d
                  subject:
                    namespaces: {}
                  egress:
                  - name: metadata
                    action: %s
                    to:
                    - networks: ["169.254.169.254/32"]
                """.formatted(name, tier, priority, action), GenericKubernetesResource.class);
    }

    @Test
    void withoutTheCrdTheWatcherStartsAndNothingRetriesInALoopThenPoliciesArriveWhenTheCrdIsCreated() throws Exception {
        try (RestartableApiServer api = new RestartableApiServer(); KubernetesClient client = api.newClient()) {
            KubernetesClient k = api.admin();
            ClusterState state = new ClusterState();
            try (ClusterWatcher watcher = new ClusterWatcher(client, state, () -> { })) {
                watcher.start().get(20, TimeUnit.SECONDS);
                assertThat(watcher.synced()).as("readiness does not wait for a CRD that is not there").isTrue();
                assertThat(watcher.clusterNetworkPoliciesWatched()).isFalse();
                api.takeRequests();
                Thread.sleep(1500);
                assertThat(api.takeRequests()).as("no request for clusternetworkpolicies without the CRD")
                        .noneMatch(r -> r.contains("clusternetworkpolicies?") || r.contains("/clusternetworkpolicies/"));

                k.apiextensions().v1().customResourceDefinitions().resource(crd("v1alpha2")).create();
                k.genericKubernetesResources(ClusterNetworkPolicyWatch.CONTEXT).resource(cnp("block-metadata", "Admin", 10, "Deny")).create();

                await(() -> state.snapshot().clusterNetworkPolicy("block-metadata").isPresent());
                ClusterNetworkPolicy p = state.snapshot().clusterNetworkPolicy("block-metadata").orElseThrow();
                assertThat(p.tier()).isEqualTo(ClusterPolicyTier.ADMIN);
                assertThat(p.priority()).isEqualTo(10);
                assertThat(watcher.clusterNetworkPoliciesWatched()).isTrue();
                assertThat(watcher.clusterNetworkPolicy("block-metadata")).isPresent();
            }
        }
    }

    @Test
    void withTheCrdInstalledStartWaitsForThePoliciesAndFollowsUpdatesDeletesAndTheCrdsRemoval() throws Exception {
        try (RestartableApiServer api = new RestartableApiServer(); KubernetesClient client = api.newClient()) {
            KubernetesClient k = api.admin();
            k.apiextensions().v1().customResourceDefinitions().resource(crd("v1alpha2")).create();
            var cnps = k.genericKubernetesResources(ClusterNetworkPolicyWatch.CONTEXT);
            cnps.resource(cnp("block-metadata", "Admin", 10, "Deny")).create();
            cnps.resource(cnp("baseline", "Baseline", 5, "Deny")).create();
            ClusterState state = new ClusterState();
            int[] changes = {0};
            try (ClusterWatcher watcher = new ClusterWatcher(client, state, () -> changes[0]++)) {
                watcher.start().get(20, TimeUnit.SECONDS);
                // no waiting here: a started watcher already holds them (the agent's first sync must not miss them)
                watcher.reconcile();
                assertThat(state.snapshot().clusterNetworkPolicies()).extracting(ClusterNetworkPolicy::name)
                        .containsExactly("block-metadata", "baseline");

                var changed = cnps.withName("block-metadata").get();
                ((java.util.Map<String, Object>) changed.getAdditionalProperties().get("spec")).put("priority", 3);
                cnps.resource(changed).update();
                await(() -> state.snapshot().clusterNetworkPolicy("block-metadata").map(ClusterNetworkPolicy::priority).orElse(-1) == 3);

                // an object the engine cannot use is reported, not dropped
                var broken = cnp("broken", "Admin", 1, "Deny");
                ((java.util.Map<String, Object>) broken.getAdditionalProperties().get("spec")).put("subject", "everyone");
                cnps.resource(broken).create();
                await(() -> !state.unusableClusterNetworkPolicies().isEmpty());
                assertThat(state.unusableClusterNetworkPolicies()).extracting(u -> u.name()).containsExactly("broken");

                cnps.withName("baseline").delete();
                await(() -> state.snapshot().clusterNetworkPolicy("baseline").isEmpty());
                assertThat(state.snapshot().clusterNetworkPolicy("baseline")).isEmpty();

                k.apiextensions().v1().customResourceDefinitions().withName(ClusterNetworkPolicyWatch.CRD_NAME).delete();
                await(() -> !watcher.clusterNetworkPoliciesWatched());
                assertThat(watcher.clusterNetworkPoliciesWatched()).isFalse();
                assertThat(state.snapshot().clusterNetworkPolicies()).as("policies go with their CRD").isEmpty();
                assertThat(state.unusableClusterNetworkPolicies()).isEmpty();
                assertThat(changes[0]).isPositive();
            }
        }
    }

    @Test
    void aCrdThatDoesNotServeV1alpha2IsIgnored() throws Exception {
        try (RestartableApiServer api = new RestartableApiServer(); KubernetesClient client = api.newClient()) {
            api.admin().apiextensions().v1().customResourceDefinitions().resource(crd("v1alpha1")).create();
            ClusterState state = new ClusterState();
            try (ClusterWatcher watcher = new ClusterWatcher(client, state, () -> { })) {
                watcher.start().get(20, TimeUnit.SECONDS);
                assertThat(watcher.clusterNetworkPoliciesWatched()).isFalse();
                assertThat(ClusterNetworkPolicyWatch.servesV1alpha2(crd("v1alpha1", "v1alpha2"))).isTrue();
            }
        }
    }

    @Test
    void theCrdIsWatchedByNameOnly() throws Exception {
        try (RestartableApiServer api = new RestartableApiServer(); KubernetesClient client = api.newClient()) {
            api.takeRequests();
            ClusterState state = new ClusterState();
            try (ClusterWatcher watcher = new ClusterWatcher(client, state, () -> { })) {
                watcher.start().get(20, TimeUnit.SECONDS);
                List<String> crdRequests = api.takeRequests().stream().filter(r -> r.contains("customresourcedefinitions")).toList();
                // each optional CRD by its name (RBAC resourceNames): ClusterNetworkPolicy's, StagedNetworkPolicy's and
                // StagedClusterNetworkPolicy's
                assertThat(crdRequests).isNotEmpty().allSatisfy(r -> assertThat(java.net.URLDecoder.decode(r, java.nio.charset.StandardCharsets.UTF_8))
                        .containsAnyOf("fieldSelector=metadata.name=" + ClusterNetworkPolicyWatch.CRD_NAME + "&",
                                "fieldSelector=metadata.name=" + StagedPolicyWatch.CRD_NAME + "&",
                                "fieldSelector=metadata.name=" + StagedClusterPolicyWatch.CRD_NAME + "&"));
                assertThat(crdRequests).anyMatch(r -> r.contains(ClusterNetworkPolicyWatch.CRD_NAME));
                assertThat(crdRequests).anyMatch(r -> r.contains(StagedClusterPolicyWatch.CRD_NAME));
            }
        }
    }

    /** A ServiceAccount without the chart's CRD rule (an older chart): the rest of the watch works, start completes. */
    @Test
    void aForbiddenCrdDoesNotHoldUpTheWatcher() throws Exception {
        var dispatcher = new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher() {
            final java.util.concurrent.atomic.AtomicInteger forbidden = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public io.fabric8.mockwebserver.http.MockResponse dispatch(io.fabric8.mockwebserver.http.RecordedRequest request) {
                if (request.getPath().contains("customresourcedefinitions")) {
                    forbidden.incrementAndGet();
                    return new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(403).setBody(
                            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,"
                                    + "\"message\":\"customresourcedefinitions is forbidden\"}");
                }
                return super.dispatch(request);
            }
        };
        var server = new io.fabric8.kubernetes.client.server.mock.KubernetesMockServer(new io.fabric8.mockwebserver.Context(),
                new io.fabric8.mockwebserver.MockWebServer(), new java.util.HashMap<>(), dispatcher, false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            server.createClient().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                    .withNewMetadata().withName("app").endMetadata().build()).create();
            ClusterState state = new ClusterState();
            try (ClusterWatcher watcher = new ClusterWatcher(client, state, () -> { })) {
                watcher.start().get(20, TimeUnit.SECONDS);
                assertThat(watcher.synced()).isTrue();
                assertThat(state.snapshot().namespaces()).extracting(n -> n.name()).contains("app");
                assertThat(watcher.clusterNetworkPoliciesWatched()).isFalse();
                int after = dispatcher.forbidden.get();
                Thread.sleep(1500);
                assertThat(dispatcher.forbidden.get() - after).as("retried with backoff, not in a tight loop").isLessThanOrEqualTo(3);
            }
        } finally {
            server.destroy();
        }
    }

    private static void await(BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
