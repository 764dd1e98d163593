package io.netfence.engine.manifest;

/** An object of a kind netfence does not use, left out of a {@link ParsedManifest}. */
public record SkippedObject(ManifestLocation location, String apiVersion, String kind, String namespace, String name) {

    /** {@code Service default/web}. */
    public String describe() {
        return ManifestObject.reference(kind, namespace, name);
    }
}
