package io.netfence.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.snapshot.StagedPolicyConverter;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * StagedNetworkPolicies ({@code netfence.io/v1alpha1}, namespaced) feeding {@link ClusterState}, tolerating a cluster
 * without their CRD (an older chart, or the CRD removed) as {@link OptionalCrdWatch} does. Only the spec is staged;
 * staged policies never change an enforced verdict.
 */
final class StagedPolicyWatch extends OptionalCrdWatch {

    static final String CRD_NAME = StagedPolicyConverter.PLURAL + "." + StagedPolicyConverter.GROUP;
    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(StagedPolicyConverter.GROUP).withVersion(StagedPolicyConverter.VERSION).withKind(StagedPolicyConverter.KIND)
            .withPlural(StagedPolicyConverter.PLURAL).withNamespaced(true).build();

    StagedPolicyWatch(KubernetesClient client, ClusterState state, Object lock, Runnable onChange,
                      ListFailureLog failures, long pageSize) {
        super(CRD_NAME, CONTEXT, "StagedNetworkPolicies", client, state, lock, onChange, failures, pageSize);
    }

    static boolean serves(CustomResourceDefinition crd) {
        return serves(crd, CONTEXT.getVersion());
    }

    @Override
    Optional<String> take(ClusterState state, GenericKubernetesResource obj) {
        return state.takeStagedPolicy(obj);
    }

    /** @param key {@code namespace/name} */
    @Override
    void remove(ClusterState state, String key) {
        int slash = key.indexOf('/');
        state.removeStagedPolicy(key.substring(0, slash), key.substring(slash + 1));
    }

    @Override
    Set<String> keysInState(ClusterState state) {
        Set<String> keys = new TreeSet<>();
        state.snapshot().stagedPolicies().forEach(p -> keys.add(p.key()));
        return keys;
    }

    Optional<GenericKubernetesResource> get(String namespace, String name) {
        return getByKey(namespace + "/" + name);
    }
}
