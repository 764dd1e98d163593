package io.netfence.admin.clusterpolicies;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One page of {@code GET /api/v1/clusternetworkpolicies}, Kubernetes style: {@code limit} items, and a
 * {@code continue} token for the next page (null on the last page). The token names the last item's place in the
 * evaluation order, not an index, so a policy added or removed between two requests neither repeats nor skips others.
 */
public record ClusterPolicyPage(List<ClusterPolicySummary> items, String continueToken) {

    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 1000;

    /** A bad {@code limit} or {@code continue}: the field and the fix. */
    static final class BadRequest extends RuntimeException {
        final String path;

        BadRequest(String path, String message) {
            super(message);
            this.path = path;
        }
    }

    /** @param ordered every summary in evaluation order; {@code key} sorts the same way */
    static ClusterPolicyPage of(List<ClusterPolicySummary> ordered, java.util.function.Function<ClusterPolicySummary, String> key,
                                Integer limit, String continueToken) {
        int n = limit == null ? DEFAULT_LIMIT : limit;
        if (n < 1 || n > MAX_LIMIT) {
            throw new BadRequest("limit", "limit must be between 1 and " + MAX_LIMIT + ", was " + n);
        }
        int from = 0;
        if (continueToken != null && !continueToken.isEmpty()) {
            String after = decode(continueToken);
            while (from < ordered.size() && key.apply(ordered.get(from)).compareTo(after) <= 0) {
                from++;
            }
        }
        int to = Math.min(ordered.size(), from + n);
        String next = to < ordered.size() ? encode(key.apply(ordered.get(to - 1))) : null;
        return new ClusterPolicyPage(ordered.subList(from, to), next);
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("continue", "continue is not a token from a previous page: pass the value of \"continue\" unchanged");
        }
    }
}
