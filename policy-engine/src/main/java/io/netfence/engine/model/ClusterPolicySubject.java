package io.netfence.engine.model;

import java.util.Map;
import java.util.Objects;

/**
 * The pods a ClusterNetworkPolicy applies to: {@code subject.namespaces} (every pod of the matching namespaces;
 * {@code podSelector} null) or {@code subject.pods} (namespace selector AND pod selector). Host-network, finished
 * and address-less pods are never subjects ({@link PodInfo#selectable()}).
 */
public record ClusterPolicySubject(LabelSelector namespaceSelector, LabelSelector podSelector) {

    public ClusterPolicySubject {
        Objects.requireNonNull(namespaceSelector, "namespaceSelector");
    }

    public static ClusterPolicySubject namespaces(LabelSelector namespaceSelector) {
        return new ClusterPolicySubject(namespaceSelector, null);
    }

    public static ClusterPolicySubject pods(LabelSelector namespaceSelector, LabelSelector podSelector) {
        return new ClusterPolicySubject(namespaceSelector, Objects.requireNonNull(podSelector, "podSelector"));
    }

    public boolean selects(PodInfo pod, Map<String, String> namespaceLabels) {
        return pod.selectable() && namespaceSelector.matches(namespaceLabels)
                && (podSelector == null || podSelector.matches(pod.labels()));
    }

    public String describe() {
        return (podSelector == null ? "all pods" : "pods " + podSelector.describe()) + " in namespaces " + namespaceSelector.describe();
    }
}
