package io.netfence.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.netfence.watch.StagedCrds.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * StagedNetworkPolicies through the shared watcher on the CRUD mock API server: tolerated without their CRD, staged
 * (never enforced) once it exists, converted like a NetworkPolicy, updates, unusable objects and deletes followed.
 */
class StagedPolicyWatchTest {

    static GenericKubernetesResource staged(String ns, String name, String cidr) {
        return Serialization.unmarshal("""
                apiVersion: netfence.io/v1alpha1
                kind: StagedNetworkPolicy
                metadata:
                  namespace: %s
                  name: %s
                spec:
                  podSelector:
                    matchLabels: {app: web}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - ipBlock: {cidr: "%s"}
                """.formatted(ns, name, cidr), GenericKubernetesResource.class);
    }

    @Test
    void withoutTheCrdTheWatcherStartsThenStagedPoliciesArriveNeverEnforced() throws Exception {
        try (RestartableApiServer api = new RestartableApiServer(); KubernetesClient client = api.newClient()) {
            KubernetesClient k = api.admin();
            ClusterState state = new ClusterState();
            try (ClusterWatcher watcher = new ClusterWatcher(client, state, () -> { })) {
                watcher.start().get(20, TimeUnit.SECONDS);
                assertThat(watcher.synced()).isTrue();
                assertThat(watcher.stagedPoliciesWatched()).isFalse();

                k.apiextensions().v1().customResourceDefinitions().resource(StagedCrds.stagedNetworkPolicies()).create();
                k.genericKubernetesResources(StagedPolicyWatch.CONTEXT).inNamespace("shop")
                        .resource(staged("shop", "web", "10.0.0.0/8")).create();

                await(() -> state.snapshot().stagedPolicy("shop", "web").isPresent());
                Policy p = state.snapshot().stagedPolicy("shop", "web").orElseThrow();
                assertThat(p.isolates(Direction.INGRESS)).isTrue();
                assertThat(p.ingress()).hasSize(1);
                assertThat(state.snapshot().policies()).as("staged is never enforced").isEmpty();
                assertThat(watcher.stagedPoliciesWatched()).isTrue();
            }
        }
    }

    @Test
    void followsUpdatesUnusableObjectsDeletesAndTheCrdsRemoval() throws Exception {
        try (RestartableApiServer api = new RestartableApiServer(); KubernetesClient client = api.newClient()) {
            KubernetesClient k = api.admin();
            k.apiextensions().v1().customResourceDefinitions().resource(StagedCrds.stagedNetworkPolicies()).create();
            var staged = k.genericKubernetesResources(StagedPolicyWatch.CONTEXT).inNamespace("shop");
            staged.resource(staged("shop", "web", "10.0.0.0/8")).create();
            staged.resource(staged("shop", "other", "10.1.0.0/16")).create();
            ClusterState state = new ClusterState();
            try (ClusterWatcher watcher = new ClusterWatcher(client, state, () -> { })) {
                watcher.start().get(20, TimeUnit.SECONDS);
                watcher.reconcile();
                assertThat(state.snapshot().stagedPolicies()).extracting(Policy::key).containsExactly("shop/other", "shop/web");

                // the same validation as a NetworkPolicy: an invalid CIDR is reported with its field, the last usable version stays
                var broken = staged.withName("web").get();
                @SuppressWarnings("unchecked")
                var spec = (Map<String, Object>) broken.getAdditionalProperties().get("spec");
                spec.put("ingress", java.util.List.of(Map.of("from", java.util.List.of(Map.of("ipBlock", Map.of("cidr", "10.0.0.0/99"))))));
                staged.resource(broken).update();
                await(() -> !state.unusableStagedPolicies().isEmpty());
                assertThat(state.unusableStagedPolicies().get(0)).contains("shop/web", "cidr", "last usable version stays staged");
                assertThat(state.snapshot().stagedPolicy("shop", "web")).isPresent();

                staged.withName("other").delete();
                await(() -> state.snapshot().stagedPolicy("shop", "other").isEmpty());

                k.apiextensions().v1().customResourceDefinitions().withName(StagedPolicyWatch.CRD_NAME).delete();
                await(() -> !watcher.stagedPoliciesWatched());
                await(() -> state.snapshot().stagedPolicies().isEmpty());
                assertThat(state.snapshot().stagedPolicies()).isEmpty();
            }
        }
    }
}
