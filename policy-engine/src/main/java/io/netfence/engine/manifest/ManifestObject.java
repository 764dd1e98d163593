package io.netfence.engine.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One object read from a manifest, with where it came from. {@code fieldLines} finds the line of a field
 * path inside the object (kept for NetworkPolicies so validation errors can point at a line; otherwise
 * every lookup answers the object's own line).
 */
public record ManifestObject(ManifestLocation location, HasMetadata resource, LineIndex fieldLines) {

    public String kind() {
        return resource.getKind();
    }

    public String namespace() {
        return resource.getMetadata() == null ? null : resource.getMetadata().getNamespace();
    }

    public String name() {
        return resource.getMetadata() == null ? null : resource.getMetadata().getName();
    }

    /** {@code NetworkPolicy default/web}. */
    public String reference() {
        return reference(kind(), namespace(), name());
    }

    /** The location of a field, e.g. {@code spec.ingress[0].ports[0].port}, or of the object if unknown. */
    public ManifestLocation locationOf(String fieldPath) {
        int line = fieldLines == null ? 0 : fieldLines.lineOf(fieldPath);
        return line > 0 ? location.withLine(line) : location;
    }

    /**
     * Whether the source text wrote the field at {@code fieldPath} (known for NetworkPolicies only; false
     * otherwise). Tells {@code egress: []} from no egress at all, which fabric8 both reads as an empty list.
     */
    public boolean hasField(String fieldPath) {
        return fieldLines != null && fieldLines.contains(fieldPath);
    }

    static String reference(String kind, String namespace, String name) {
        String n = name == null || name.isEmpty() ? "<unnamed>" : name;
        return (kind == null ? "<no kind>" : kind) + " " + (namespace == null || namespace.isEmpty() ? n : namespace + "/" + n);
    }
}
