package io.netfence.admin.audit;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.netfence.admin.security.Actor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@value #KEY} annotation: who wrote a NetworkPolicy last, when, and how they logged in. Its value is a JSON
 * object {@code {"user":"alice","at":"2026-11-30T23:00:00Z","via":"form"}} ({@code via}: form, oidc, token or system;
 * {@code at} in UTC, whole seconds).
 * <p>
 * The push pipeline stamps the object it is about to create or update ({@link #stamp}), so the annotation is part of
 * that one write: a second update would bump the resourceVersion and race other writers.
 */
public final class AuditAnnotation {

    public static final String KEY = "netfence.io/last-applied-by";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The annotation's value, read back. */
    public record LastAppliedBy(String user, Instant at, String via) {
    }

    private AuditAnnotation() {
    }

    /** A copy of {@code policy} carrying the annotation for this write; all other annotations and fields are kept. */
    public static NetworkPolicy stamp(NetworkPolicy policy, Actor actor, Instant at) {
        return new NetworkPolicyBuilder(policy).editOrNewMetadata().addToAnnotations(KEY, value(actor, at)).endMetadata().build();
    }

    /** The same for a ClusterNetworkPolicy (generic form): a copy, everything else kept. */
    public static io.fabric8.kubernetes.api.model.GenericKubernetesResource stamp(io.fabric8.kubernetes.api.model.GenericKubernetesResource policy,
                                                                             Actor actor, Instant at) {
        var copy = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder(policy).build();
        copy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(policy.getMetadata()).addToAnnotations(KEY, value(actor, at)).build());
        return copy;
    }

    /** The annotation value for {@code actor} at {@code at}. */
    public static String value(Actor actor, Instant at) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("user", actor.name());
        v.put("at", at.truncatedTo(ChronoUnit.SECONDS).toString());
        v.put("via", via(actor));
        return JSON.writeValueAsString(v);
    }

    /** The annotation of {@code policy}; empty when it has none or it is not the JSON this class writes. */
    public static Optional<LastAppliedBy> read(NetworkPolicy policy) {
        if (policy == null || policy.getMetadata() == null || policy.getMetadata().getAnnotations() == null) {
            return Optional.empty();
        }
        String value = policy.getMetadata().getAnnotations().get(KEY);
        if (value == null) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(value);
            return Optional.of(new LastAppliedBy(n.path("user").asString(), Instant.parse(n.path("at").asString()),
                    n.path("via").asString()));
        } catch (JacksonException | java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String via(Actor actor) {
        return actor.source().name().toLowerCase(Locale.ROOT);
    }
}
