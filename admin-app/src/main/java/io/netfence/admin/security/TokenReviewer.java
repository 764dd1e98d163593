package io.netfence.admin.security;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.stereotype.Component;

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
import java.util.Optional;

/**
 * Authenticates a Kubernetes bearer token with a TokenReview at the API server (as the Dashboard and Headlamp do).
 * Results, good or bad, are cached for {@link #TTL} (bounded, keyed by the token's SHA-256, never the token itself)
 * so a script's burst of requests costs one review.
 */
@Component
public class TokenReviewer {

    static final Duration TTL = Duration.ofSeconds(30);
    static final int MAX_ENTRIES = 1000;

    private record Cached(Optional<Actor> actor, Instant until) {
    }

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    @org.springframework.beans.factory.annotation.Autowired
    public TokenReviewer(KubernetesClient client) {
        this(client, Clock.systemUTC());
    }

    TokenReviewer(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The token's user as an actor, or empty when the API server does not authenticate it. */
    public Optional<Actor> review(String token) {
        String key = sha256(token);
        Instant now = clock.instant();
        synchronized (cache) {
            Cached hit = cache.get(key);
            if (hit != null && hit.until().isAfter(now)) {
                return hit.actor();
            }
        }
        TokenReview review = client.authentication().v1().tokenReviews()
                .create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
        Optional<Actor> actor = Optional.empty();
        if (review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAuthenticated()) && review.getStatus().getUser() != null) {
            UserInfo user = review.getStatus().getUser();
            actor = Optional.of(new Actor(user.getUsername(), user.getGroups() == null ? List.of() : user.getGroups(),
                    Actor.Source.TOKEN, false));
        }
        synchronized (cache) {
            cache.put(key, new Cached(actor, now.plus(TTL)));
        }
        return actor;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
