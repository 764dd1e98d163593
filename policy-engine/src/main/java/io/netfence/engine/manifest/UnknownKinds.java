package io.netfence.engine.manifest;

/** What {@link ManifestParser} does with objects other than Namespace, Node, Pod, NetworkPolicy and ClusterNetworkPolicy. */
public enum UnknownKinds {
    /** Drop them silently (a cluster dump with Services, ConfigMaps, ...). */
    IGNORE,
    /** Drop them but list them in {@link ParsedManifest#skipped()}. */
    REPORT,
    /** Fail: an upload that should hold only policies. */
    REJECT
}
