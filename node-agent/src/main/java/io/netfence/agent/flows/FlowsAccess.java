package io.netfence.agent.flows;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may read this node's flows: a bearer token bound to the agents' audience, which the API server authenticates for
 * that audience (TokenReview with {@code spec.audiences}, confirmed in {@code status.audiences}), whose user may {@code get}
 * the virtual resource {@code nodes/flows} in API group {@code netfence.io} named after this node (SubjectAccessReview),
 * as a kubelet checks {@code nodes/proxy}. Nothing is served for a resource of that name: RBAC grants it like any other
 * (docs/security.md). Decisions are cached for a few seconds, bounded, keyed by the token's SHA-256.
 */
public final class FlowsAccess {

    public static final String GROUP = "netfence.io";
    public static final String RESOURCE = "nodes";
    public static final String SUBRESOURCE = "flows";
    static final int MAX_ENTRIES = 256;

    public enum Decision { ALLOWED, UNAUTHENTICATED, FORBIDDEN }

    private record Cached(Decision decision, Instant until) {
    }

    private final KubernetesClient client;
    private final String nodeName;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public FlowsAccess(KubernetesClient client, String nodeName, String audience, Duration ttl, Clock clock) {
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("netfence.agent.flows.audience must name the audience of the callers' tokens (e.g. netfence-agent)");
        }
        this.client = client;
        this.nodeName = nodeName;
        this.audience = audience;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server cannot answer (not cached) */
    public Decision decide(String token) {
        String key = sha256(token);
        Instant now = clock.instant();
        synchronized (cache) {
            Cached hit = cache.get(key);
            if (hit != null && hit.until().isAfter(now)) {
                return hit.decision();
            }
        }
        Decision d = review(token);
        synchronized (cache) {
            cache.put(key, new Cached(d, now.plus(ttl)));
        }
        return d;
    }

    private Decision review(String token) {
        TokenReview review = client.authentication().v1().tokenReviews()
                .create(new TokenReviewBuilder().withNewSpec().withToken(token).withAudiences(audience).endSpec().build());
        // an API server that ignored spec.audiences would say nothing about them: only a confirmed audience counts
        if (review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())
                || review.getStatus().getUser() == null || review.getStatus().getAudiences() == null
                || !review.getStatus().getAudiences().contains(audience)) {
            return Decision.UNAUTHENTICATED;
        }
        UserInfo user = review.getStatus().getUser();
        SubjectAccessReview sar = client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(user.getUsername())
                .withGroups(user.getGroups() == null ? List.of() : user.getGroups())
                .withUid(user.getUid())
                .withExtra(user.getExtra())
                .withNewResourceAttributes()
                .withGroup(GROUP).withResource(RESOURCE).withSubresource(SUBRESOURCE).withName(nodeName).withVerb("get")
                .endResourceAttributes()
                .endSpec().build());
        return sar.getStatus() != null && Boolean.TRUE.equals(sar.getStatus().getAllowed()) ? Decision.ALLOWED : Decision.FORBIDDEN;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
