package io.netfence.admin.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * {@code limit} and {@code continue} as the Kubernetes API takes them. The continue token is opaque to clients: it holds
 * the sort key of the last item returned, so the next page starts after it even when items were added or removed in
 * between (every item present throughout is returned exactly once, in order; no server-side state, no expiry).
 */
public record PageRequest(int limit, String after) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final String PREFIX = "nf1\u0000";

    /** Parses the query parameters; blank means default. */
    public static PageRequest of(String limit, String continueToken) {
        return of(limit, continueToken, DEFAULT_LIMIT);
    }

    public static PageRequest of(String limit, String continueToken, int defaultLimit) {
        int n = defaultLimit;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw new BadParameterException("limit", "limit \"" + limit + "\" is not a number from 1 to " + MAX_LIMIT
                        + " (how many items per page; leave it out for " + defaultLimit + ")");
            }
        }
        return new PageRequest(n, decode(continueToken));
    }

    /**
     * The page of {@code sorted} (sorted by {@code key}, ascending, keys unique) after the token's key.
     */
    public <T> Page<T> page(List<T> sorted, Function<T, String> key) {
        int from = 0;
        if (after != null) {
            int lo = 0;
            int hi = sorted.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (key.apply(sorted.get(mid)).compareTo(after) <= 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            from = lo;
        }
        int to = Math.min(sorted.size(), from + limit);
        List<T> items = List.copyOf(sorted.subList(from, to));
        String next = to < sorted.size() && !items.isEmpty() ? encode(key.apply(items.get(items.size() - 1))) : null;
        return new Page<>(items, next, sorted.size() - to, sorted.size(), from);
    }

    /** A sort key of several parts that orders as the parts do (a NUL sorts before every character of a name). */
    public static String key(String... parts) {
        return String.join("\u0000", parts);
    }

    static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            text = "";
        }
        if (!text.startsWith(PREFIX)) {
            throw new BadParameterException("continue", "continue \"" + abbreviate(token) + "\" is not a token this console issued: "
                    + "pass metadata.continue of the previous page unchanged, or leave it out to start at the first page");
        }
        return text.substring(PREFIX.length());
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
