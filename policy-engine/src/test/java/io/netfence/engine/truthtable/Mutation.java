package io.netfence.engine.truthtable;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.HashMap;
import java.util.Map;

/**
 * A change applied to the model's pods or namespaces before probing (label changes, a pod finishing). Applied to
 * the fabric8 objects, so anything that consumes {@link ModelCluster#pods(java.util.List)} sees the same change.
 */
public sealed interface Mutation {

    /** Sets ({@code value} non-null) or removes ({@code value} null) label {@code key} on pod {@code ns/name}. */
    static Mutation podLabel(String podKey, String key, String value) {
        return new PodLabel(podKey, key, value);
    }

    /** Sets or removes a label on namespace {@code namespace}. */
    static Mutation namespaceLabel(String namespace, String key, String value) {
        return new NamespaceLabel(namespace, key, value);
    }

    /** Sets the pod's {@code status.phase} (e.g. {@code Succeeded}: a finished pod, never selected by policies). */
    static Mutation podPhase(String podKey, String phase) {
        return new PodPhase(podKey, phase);
    }

    /** Human-readable, e.g. {@code label pod x/c: pod=b}. */
    String describe();

    default void apply(Pod pod) {
    }

    default void apply(Namespace namespace) {
    }

    record PodLabel(String podKey, String key, String value) implements Mutation {
        @Override
        public void apply(Pod pod) {
            if (ModelCluster.key(pod).equals(podKey)) {
                pod.getMetadata().setLabels(relabel(pod.getMetadata().getLabels(), key, value));
            }
        }

        @Override
        public String describe() {
            return "label pod " + podKey + ": " + (value == null ? key + "-" : key + "=" + value);
        }
    }

    record NamespaceLabel(String namespace, String key, String value) implements Mutation {
        @Override
        public void apply(Namespace ns) {
            if (ns.getMetadata().getName().equals(namespace)) {
                ns.getMetadata().setLabels(relabel(ns.getMetadata().getLabels(), key, value));
            }
        }

        @Override
        public String describe() {
            return "label namespace " + namespace + ": " + (value == null ? key + "-" : key + "=" + value);
        }
    }

    record PodPhase(String podKey, String phase) implements Mutation {
        @Override
        public void apply(Pod pod) {
            if (ModelCluster.key(pod).equals(podKey)) {
                pod.getStatus().setPhase(phase);
            }
        }

        @Override
        public String describe() {
            return "pod " + podKey + " phase " + phase;
        }
    }

    private static Map<String, String> relabel(Map<String, String> labels, String key, String value) {
        Map<String, String> m = new HashMap<>(labels == null ? Map.of() : labels);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return m;
    }
}
