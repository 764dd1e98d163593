package io.netfence.engine.model;

import java.util.Map;
import java.util.TreeMap;

/** A namespace with its labels (including the automatic {@code kubernetes.io/metadata.name}, always the namespace's name). */
public record NamespaceInfo(String name, Map<String, String> labels) {

    public static final String NAME_LABEL = "kubernetes.io/metadata.name";

    public NamespaceInfo {
        TreeMap<String, String> l = new TreeMap<>(labels == null ? Map.of() : labels);
        // The API server sets this label on every namespace, overwriting any other value it was given;
        // snapshots built from hand-written YAML get the same.
        l.put(NAME_LABEL, name);
        labels = java.util.Collections.unmodifiableMap(l);
    }
}
