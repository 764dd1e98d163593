package io.netfence.admin.staged;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.netfence.admin.composer.DraftYaml;
import io.netfence.engine.snapshot.ClusterNetworkPolicyConverter;
import io.netfence.engine.snapshot.StagedClusterNetworkPolicyConverter;

import java.util.LinkedHashMap;
import java.util.Map;

/** StagedClusterNetworkPolicy objects through fabric8's generic-resource client, and the ClusterNetworkPolicy one would become. */
public final class StagedClusterObjects {

    public static final String API_VERSION = StagedClusterNetworkPolicyConverter.GROUP + "/" + StagedClusterNetworkPolicyConverter.VERSION;
    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(StagedClusterNetworkPolicyConverter.GROUP).withVersion(StagedClusterNetworkPolicyConverter.VERSION)
            .withKind(StagedClusterNetworkPolicyConverter.KIND).withPlural(StagedClusterNetworkPolicyConverter.PLURAL)
            .withNamespaced(false).build();

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

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
        return manifest(staged, ClusterNetworkPolicyConverter.API_VERSION, ClusterNetworkPolicyConverter.KIND);
    }

    /** A ClusterNetworkPolicy draft (the composer's form) as the StagedClusterNetworkPolicy manifest it would be stored as. */
    static String manifest(GenericKubernetesResource source, String apiVersion, String kind) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", source.getMetadata().getName());
        if (source.getMetadata().getLabels() != null && !source.getMetadata().getLabels().isEmpty()) {
            meta.put("labels", source.getMetadata().getLabels());
        }
        if (source.getMetadata().getAnnotations() != null && !source.getMetadata().getAnnotations().isEmpty()) {
            meta.put("annotations", source.getMetadata().getAnnotations());
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", apiVersion);
        root.put("kind", kind);
        root.put("metadata", meta);
        Object spec = source.getAdditionalProperties() == null ? null : source.getAdditionalProperties().get("spec");
        root.put("spec", spec == null ? Map.of() : spec);
        return DraftYaml.write(root);
    }

    /** The stored object as YAML, without managedFields. */
    static String yaml(GenericKubernetesResource staged) {
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = new LinkedHashMap<>(JSON.convertValue(staged.getMetadata(), Map.class));
        meta.remove("managedFields");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", staged.getApiVersion() == null ? API_VERSION : staged.getApiVersion());
        root.put("kind", StagedClusterNetworkPolicyConverter.KIND);
        root.put("metadata", meta);
        if (staged.getAdditionalProperties() != null) {
            root.putAll(staged.getAdditionalProperties());
        }
        return DraftYaml.write(root);
    }
}
