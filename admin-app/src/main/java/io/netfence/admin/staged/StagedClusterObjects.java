package io.netfence.admin.staged;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.netfence.engine.snapshot.ClusterNetworkPolicyConverter;
import io.netfence.engine.snapshot.StagedClusterNetworkPolicyConverter;

/** StagedClusterNetworkPolicy objects through fabric8's generic-resource client, and the ClusterNetworkPolicy one would become. */
public final class StagedClusterObjects {

    public static final String API_VERSION = StagedClusterNetworkPolicyConverter.GROUP + "/" + StagedClusterNetworkPolicyConverter.VERSION;
    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(StagedClusterNetworkPolicyConverter.GROUP).withVersion(StagedClusterNetworkPolicyConverter.VERSION)
            .withKind(StagedClusterNetworkPolicyConverter.KIND).withPlural(StagedClusterNetworkPolicyConverter.PLURAL)
            .withNamespaced(false).build();

    private StagedClusterObjects() {
    }

    public static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> all(
            KubernetesClient client) {
        return client.genericKubernetesResources(CONTEXT);
    }

    /** The object with a delete precondition on {@code resourceVersion}. */
    @SuppressWarnings("unchecked")
    static Resource<GenericKubernetesResource> locked(KubernetesClient client, String name, String resourceVersion) {
        return (Resource<GenericKubernetesResource>) all(client).withName(name).lockResourceVersion(resourceVersion);
    }

    /**
     * The ClusterNetworkPolicy manifest enforcing {@code staged}: same name, its labels and annotations, its spec exactly
     * as stored (no resourceVersion: a promotion creates the ClusterNetworkPolicy).
     */
    static String asClusterNetworkPolicyYaml(GenericKubernetesResource staged) {
        return StagedManifests.enforcing(staged, ClusterNetworkPolicyConverter.API_VERSION, ClusterNetworkPolicyConverter.KIND, false);
    }

    /** The stored object as YAML, without managedFields. */
    static String yaml(GenericKubernetesResource staged) {
        return StagedManifests.stored(staged, API_VERSION, StagedClusterNetworkPolicyConverter.KIND);
    }
}
