package io.netfence.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.snapshot.UnusableClusterNetworkPolicy;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * ClusterNetworkPolicies ({@code policy.networking.k8s.io/v1alpha2}, cluster-scoped) feeding {@link ClusterState}, on
 * clusters that may not have their CRD ({@link OptionalCrdWatch}). Status writes (conditions) do not change what is
 * enforced.
 */
final class ClusterNetworkPolicyWatch extends OptionalCrdWatch {

    static final String CRD_NAME = "clusternetworkpolicies.policy.networking.k8s.io";
    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("policy.networking.k8s.io").withVersion("v1alpha2").withKind("ClusterNetworkPolicy")
            .withPlural("clusternetworkpolicies").withNamespaced(false).build();

    ClusterNetworkPolicyWatch(KubernetesClient client, ClusterState state, Object lock, Runnable onChange,
                              ListFailureLog failures, long pageSize) {
        super(CRD_NAME, CONTEXT, "ClusterNetworkPolicies", client, state, lock, onChange, failures, pageSize);
    }

    static boolean servesV1alpha2(CustomResourceDefinition crd) {
        return serves(crd, CONTEXT.getVersion());
    }

    @Override
    Optional<String> take(ClusterState state, GenericKubernetesResource obj) {
        return state.takeClusterNetworkPolicy(obj).map(UnusableClusterNetworkPolicy::describe);
    }

    @Override
    void remove(ClusterState state, String name) {
        state.removeClusterNetworkPolicy(name);
    }

    @Override
    Set<String> keysInState(ClusterState state) {
        Set<String> names = new TreeSet<>();
        state.snapshot().clusterNetworkPolicies().forEach(p -> names.add(p.name()));
        state.unusableClusterNetworkPolicies().forEach(p -> names.add(p.name()));
        return names;
    }

    Optional<GenericKubernetesResource> get(String name) {
        return getByKey(name);
    }
}
