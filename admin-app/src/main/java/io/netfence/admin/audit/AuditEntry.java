package io.netfence.admin.audit;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.admin.security.Actor;

import java.time.Instant;

/**
 * One write the console made: who, when, what. {@code before} is null for a create, {@code after} null for a delete.
 */
public record AuditEntry(Instant at, Actor actor, Verb verb, String namespace, String name, NetworkPolicy before,
                         NetworkPolicy after) {

    public enum Verb { CREATE, UPDATE, DELETE }
}
