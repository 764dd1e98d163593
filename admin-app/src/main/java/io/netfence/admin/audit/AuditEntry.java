package io.netfence.admin.audit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.netfence.admin.security.Actor;

import java.time.Instant;

/**
 * One write the console made: who, when, what. {@code before} is null for a create, {@code after} null for a delete.
 * The object is a NetworkPolicy or a ClusterNetworkPolicy (cluster-scoped: {@code namespace} is null).
 */
public record AuditEntry(Instant at, Actor actor, Verb verb, String namespace, String name, HasMetadata before,
                         HasMetadata after) {

    public enum Verb { CREATE, UPDATE, DELETE }

    /** The written object's kind ({@code NetworkPolicy} when neither side says). */
    public String kind() {
        HasMetadata o = after != null ? after : before;
        return o == null || o.getKind() == null ? "NetworkPolicy" : o.getKind();
    }

    public String apiVersion() {
        HasMetadata o = after != null ? after : before;
        return o == null || o.getApiVersion() == null ? "networking.k8s.io/v1" : o.getApiVersion();
    }

    /** {@code namespace/name}, or the name alone for a cluster-scoped object. */
    public String key() {
        return namespace == null ? name : namespace + "/" + name;
    }
}
