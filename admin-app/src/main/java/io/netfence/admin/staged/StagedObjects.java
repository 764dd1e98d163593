package io.netfence.admin.staged;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.netfence.engine.snapshot.StagedPolicyConverter;

/** StagedNetworkPolicy objects through fabric8's generic-resource client, and the NetworkPolicy one would become. */
public final class StagedObjects {

    public static final String API_VERSION = StagedPolicyConverter.GROUP + "/" + StagedPolicyConverter.VERSION;
    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(StagedPolicyConverter.GROUP).withVersion(StagedPolicyConverter.VERSION).withKind(StagedPolicyConverter.KIND)
            .withPlural(StagedPolicyConverter.PLURAL).withNamespaced(true).build();

    private StagedObjects() {
    }

    public static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> in(
            KubernetesClient client, String namespace) {
        return client.genericKubernetesResources(CONTEXT).inNamespace(namespace);
    }

    /** The object with a delete precondition on {@code resourceVersion} (see PushService#locked). */
    @SuppressWarnings("unchecked")
    static Resource<GenericKubernetesResource> locked(KubernetesClient client, String namespace, String name, String resourceVersion) {
        return (Resource<GenericKubernetesResource>) in(client, namespace).withName(name).lockResourceVersion(resourceVersion);
    }

    /** The NetworkPolicy manifest enforcing {@code staged} (same namespace and name, see {@link StagedManifests#enforcing}). */
    static String asNetworkPolicyYaml(GenericKubernetesResource staged) {
        return StagedManifests.enforcing(staged, "networking.k8s.io/v1", "NetworkPolicy", true);
    }

    /** The stored object as YAML, without managedFields. */
    static String yaml(GenericKubernetesResource staged) {
        return StagedManifests.stored(staged, API_VERSION, StagedPolicyConverter.KIND);
    }
}
