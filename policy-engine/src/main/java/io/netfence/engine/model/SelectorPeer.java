package io.netfence.engine.model;

import java.util.Map;

/**
 * A peer given by {@code podSelector} and/or {@code namespaceSelector}. A {@code null} selector is an absent
 * field: podSelector alone means pods of the policy's own namespace, namespaceSelector alone means all pods
 * of the matching namespaces, both means the AND of the two.
 */
public record SelectorPeer(LabelSelector podSelector, LabelSelector namespaceSelector) implements Peer {

    public SelectorPeer {
        if (podSelector == null && namespaceSelector == null) {
            throw new IllegalArgumentException("a selector peer needs podSelector or namespaceSelector");
        }
    }

    /** Whether this peer, written in a policy of {@code policyNamespace}, selects {@code pod}. */
    public boolean selects(PodInfo pod, Map<String, String> podNamespaceLabels, String policyNamespace) {
        if (!pod.selectable()) {
            return false;
        }
        if (namespaceSelector == null) {
            if (!pod.namespace().equals(policyNamespace)) {
                return false;
            }
        } else if (!namespaceSelector.matches(podNamespaceLabels)) {
            return false;
        }
        return podSelector == null || podSelector.matches(pod.labels());
    }

    /** Whether this peer can only ever match pods of the policy's own namespace. */
    public boolean sameNamespaceOnly() {
        return namespaceSelector == null;
    }

    @Override
    public String describe() {
        String pods = podSelector == null || podSelector.isEmpty() ? "all pods" : "pods " + podSelector.describe();
        if (namespaceSelector == null) {
            return pods + " in the policy's namespace";
        }
        return pods + " in namespaces " + namespaceSelector.describe();
    }
}
