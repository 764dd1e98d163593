package io.netfence.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.snapshot.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.netfence.watch.StagedCrds.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * StagedClusterNetworkPolicies through the shared watcher on the CRUD mock API server: tolerated without their CRD,
 * staged (never enforced) once it exists, validated and converted like a ClusterNetworkPolicy, updates, unusable objects,
 * deletes and the CRD's removal followed.
 */
class StagedClusterPolicyWatchTest {

    static GenericKubernetesResource staged(String name, String tier, int priority) {
        return Serialization.unmarshal("""
                apiVersion: netfence.io/v1alpha1
                kind: StagedClusterNetworkPolicy
                metadata:
                  name: %s
                spec:
                  tier: %s
                  priority: %d
                  subject: {namespaces: {matchLabels: {team: shop}}}
                  ingress:
                  - action: Deny
                    from: [{namespaces: {matchLabels: {team: other}}}]
                """.formatted(name, tier, priority), GenericKubernetesResource.class);
    }

    @Test
    void withoutTheCrdTheWatcherStartsThenStagedClusterPoliciesArriveNeverEnforced() throws Exception {
        try (RestartableApiServer api = new RestartableApiServer(); KubernetesClient client = api.newClient()) {
            KubernetesClient k = api.admin();
            ClusterState state = new ClusterState();
            try (ClusterWatcher watcher = new ClusterWatcher(client, state, () -> { })) {
                watcher.start().get(20, TimeUnit.SECONDS);
                assertThat(watcher.synced()).isTrue();
                assertThat(watcher.stagedClusterPoliciesWatched()).isFalse();

                k.apiextensions().v1().customResourceDefinitions().resource(StagedCrds.stagedClusterNetworkPolicies()).create();
                k.genericKubernetesResources(StagedClusterPolicyWatch.CONTEXT).resource(staged("guard", "Admin", 10)).create();

                await(() -> state.snapshot().stagedClusterNetworkPolicy("guard").isPresent());
                ClusterNetworkPolicy p = state.snapshot().stagedClusterNetworkPolicy("guard").orElseThrow();
                assertThat(p.tier()).isEqualTo(ClusterPolicyTier.ADMIN);
                assertThat(p.ingress()).hasSize(1);
                assertThat(state.snapshot().clusterNetworkPolicies()).as("staged is never enforced").isEmpty();
                assertThat(watcher.stagedClusterPoliciesWatched()).isTrue();
                assertThat(watcher.stagedClusterPolicy("guard")).isPresent();
                assertThat(watcher.stagedClusterPolicyObjects()).hasSize(1);
            }
        }
    }

    @Test
    void followsUpdatesUnusableObjectsDeletesAndTheCrdsRemoval() throws Exception {
        try (RestartableApiServer api = new RestartableApiServer(); KubernetesClient client = api.newClient()) {
            KubernetesClient k = api.admin();
            k.apiextensions().v1().customResourceDefinitions().resource(StagedCrds.stagedClusterNetworkPolicies()).create();
            var staged = k.genericKubernetesResources(StagedClusterPolicyWatch.CONTEXT);
            staged.resource(staged("guard", "Admin", 10)).create();
            staged.resource(staged("floor", "Baseline", 5)).create();
            ClusterState state = new ClusterState();
            try (ClusterWatcher watcher = new ClusterWatcher(client, state, () -> { })) {
                watcher.start().get(20, TimeUnit.SECONDS);
                watcher.reconcile();
                assertThat(state.snapshot().stagedClusterNetworkPolicies()).extracting(ClusterNetworkPolicy::name)
                        .containsExactly("guard", "floor"); // evaluation order: Admin first

                // validated like a ClusterNetworkPolicy: a priority out of range names its field, the last usable version stays
                var broken = staged.withName("guard").get();
                @SuppressWarnings("unchecked")
                var spec = (Map<String, Object>) broken.getAdditionalProperties().get("spec");
                spec.put("priority", 5000);
                staged.resource(broken).update();
                await(() -> !state.unusableStagedClusterNetworkPolicies().isEmpty());
                assertThat(state.unusableStagedClusterNetworkPolicies().get(0)).contains("guard", "spec.priority",
                        "last usable version stays staged");
                assertThat(state.snapshot().stagedClusterNetworkPolicy("guard").orElseThrow().priority()).isEqualTo(10);

                var fixed = staged.withName("guard").get();
                @SuppressWarnings("unchecked")
                var spec2 = (Map<String, Object>) fixed.getAdditionalProperties().get("spec");
                spec2.put("priority", 20);
                staged.resource(fixed).update();
                await(() -> state.snapshot().stagedClusterNetworkPolicy("guard").orElseThrow().priority() == 20);
                assertThat(state.unusableStagedClusterNetworkPolicies()).isEmpty();

                staged.withName("floor").delete();
                await(() -> state.snapshot().stagedClusterNetworkPolicy("floor").isEmpty());

                k.apiextensions().v1().customResourceDefinitions().withName(StagedClusterPolicyWatch.CRD_NAME).delete();
                await(() -> !watcher.stagedClusterPoliciesWatched());
                await(() -> state.snapshot().stagedClusterNetworkPolicies().isEmpty());
            }
        }
    }
}
