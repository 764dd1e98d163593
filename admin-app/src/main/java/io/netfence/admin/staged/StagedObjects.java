package io.netfence.admin.staged;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.netfence.admin.composer.DraftYaml;
import io.netfence.engine.snapshot.StagedPolicyConverter;

import java.util.LinkedHashMap;
import java.util.Map;

/** StagedNetworkPolicy objects through fabric8's generic-resource client, and the NetworkPolicy one would become. */
public final class StagedObjects {

    public static final String API_VERSION = StagedPolicyConverter.GROUP + "/" + StagedPolicyConverter.VERSION;
    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(StagedPolicyConverter.GROUP).withVersion(StagedPolicyConverter.VERSION).withKind(StagedPolicyConverter.KIND)
            .withPlural(StagedPolicyConverter.PLURAL).withNamespaced(true).build();

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

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

    /**
     * The NetworkPolicy manifest enforcing {@code staged}: same namespace and name, its labels and annotations, its spec
     * exactly as stored (no resourceVersion: a promotion creates the NetworkPolicy).
     */
    static String asNetworkPolicyYaml(GenericKubernetesResource staged) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", staged.getMetadata().getName());
        meta.put("namespace", staged.getMetadata().getNamespace());
        if (staged.getMetadata().getLabels() != null && !staged.getMetadata().getLabels().isEmpty()) {
            meta.put("labels", staged.getMetadata().getLabels());
        }
        if (staged.getMetadata().getAnnotations() != null && !staged.getMetadata().getAnnotations().isEmpty()) {
            meta.put("annotations", staged.getMetadata().getAnnotations());
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "networking.k8s.io/v1");
        root.put("kind", "NetworkPolicy");
        root.put("metadata", meta);
        Object spec = staged.getAdditionalProperties() == null ? null : staged.getAdditionalProperties().get("spec");
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
        root.put("kind", StagedPolicyConverter.KIND);
        root.put("metadata", meta);
        if (staged.getAdditionalProperties() != null) {
            root.putAll(staged.getAdditionalProperties());
        }
        return DraftYaml.write(root);
    }
}
