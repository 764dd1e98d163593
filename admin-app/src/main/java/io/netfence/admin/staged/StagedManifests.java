package io.netfence.admin.staged;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netfence.admin.composer.DraftYaml;

import java.util.LinkedHashMap;
import java.util.Map;

/** The YAML a staged object (StagedNetworkPolicy or StagedClusterNetworkPolicy) is shown as, and the policy it would become. */
final class StagedManifests {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private StagedManifests() {
    }

    /**
     * The policy enforcing {@code staged}: same name (and namespace when {@code namespaced}), its labels and annotations,
     * its spec exactly as stored (no resourceVersion: a promotion creates the policy).
     */
    static String enforcing(GenericKubernetesResource staged, String apiVersion, String kind, boolean namespaced) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", staged.getMetadata().getName());
        if (namespaced) {
            meta.put("namespace", staged.getMetadata().getNamespace());
        }
        if (staged.getMetadata().getLabels() != null && !staged.getMetadata().getLabels().isEmpty()) {
            meta.put("labels", staged.getMetadata().getLabels());
        }
        if (staged.getMetadata().getAnnotations() != null && !staged.getMetadata().getAnnotations().isEmpty()) {
            meta.put("annotations", staged.getMetadata().getAnnotations());
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", apiVersion);
        root.put("kind", kind);
        root.put("metadata", meta);
        Object spec = staged.getAdditionalProperties() == null ? null : staged.getAdditionalProperties().get("spec");
        root.put("spec", spec == null ? Map.of() : spec);
        return DraftYaml.write(root);
    }

    /** The stored object as YAML, without managedFields ({@code apiVersion} when the object has none). */
    static String stored(GenericKubernetesResource staged, String apiVersion, String kind) {
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = new LinkedHashMap<>(JSON.convertValue(staged.getMetadata(), Map.class));
        meta.remove("managedFields");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", staged.getApiVersion() == null ? apiVersion : staged.getApiVersion());
        root.put("kind", kind);
        root.put("metadata", meta);
        if (staged.getAdditionalProperties() != null) {
            root.putAll(staged.getAdditionalProperties());
        }
        return DraftYaml.write(root);
    }
}
