package io.netfence.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.snapshot.StagedClusterNetworkPolicyConverter;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * StagedClusterNetworkPolicies ({@code netfence.io/v1alpha1}, cluster-scoped) feeding {@link ClusterState}, tolerating a
 * cluster without their CRD as {@link OptionalCrdWatch} does. Validated and converted like ClusterNetworkPolicies;
 * staged, never enforced.
 */
final class StagedClusterPolicyWatch extends OptionalCrdWatch {

    static final String CRD_NAME = StagedClusterNetworkPolicyConverter.PLURAL + "." + StagedClusterNetworkPolicyConverter.GROUP;
    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(StagedClusterNetworkPolicyConverter.GROUP).withVersion(StagedClusterNetworkPolicyConverter.VERSION)
            .withKind(StagedClusterNetworkPolicyConverter.KIND).withPlural(StagedClusterNetworkPolicyConverter.PLURAL)
            .withNamespaced(false).build();

    StagedClusterPolicyWatch(KubernetesClient client, ClusterState state, Object lock, Runnable onChange,
                             ListFailureLog failures, long pageSize) {
        super(CRD_NAME, CONTEXT, "StagedClusterNetworkPolicies", client, state, lock, onChange, failures, pageSize);
    }

    static boolean serves(CustomResourceDefinition crd) {
        return serves(crd, CONTEXT.getVersion());
    }

    @Override
    Optional<String> take(ClusterState state, GenericKubernetesResource obj) {
        return state.takeStagedClusterNetworkPolicy(obj);
    }

    @Override
    void remove(ClusterState state, String name) {
        state.removeStagedClusterNetworkPolicy(name);
    }

    @Override
    Set<String> keysInState(ClusterState state) {
        Set<String> names = new TreeSet<>();
        state.snapshot().stagedClusterNetworkPolicies().forEach(p -> names.add(p.name()));
        return names;
    }

    Optional<GenericKubernetesResource> get(String name) {
        return getByKey(name);
    }
}
