package io.netfence.engine.snapshot;

/**
 * That one object of {@link ClusterState} changed (added, updated or removed): its kind and key ({@code name} for
 * namespaces and nodes, {@code namespace/name} for pods and policies). Carries no value: whoever follows the state reads
 * the current one, so changes can be coalesced and applied in any order.
 */
public record ClusterChange(Kind kind, String key) {

    public enum Kind { NAMESPACE, POD, NODE, POLICY, CLUSTER_NETWORK_POLICY, STAGED_POLICY, STAGED_CLUSTER_NETWORK_POLICY }

    /** The namespace of a pod or policy key. */
    public String namespace() {
        return key.substring(0, key.indexOf('/'));
    }

    /** The name of a pod or policy key, or the key of a namespace or node. */
    public String name() {
        return key.substring(key.indexOf('/') + 1);
    }
}
