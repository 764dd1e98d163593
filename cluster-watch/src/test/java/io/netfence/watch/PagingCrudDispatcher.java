package io.netfence.watch;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CRUD mock API server's dispatcher, plus what a real API server does and the mock does not: a LIST with
 * {@code limit} returns at most that many items and a {@code continue} token for the rest, from one consistent
 * listing. Informers that page (as ours do) are then exercised page by page, and a benchmark sees the memory of
 * paged reads, not of one 70 MiB response.
 */
public class PagingCrudDispatcher extends KubernetesCrudDispatcher {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** One consistent listing: the list's envelope (kind, metadata.resourceVersion) and all its items. */
    private record Listing(Map<String, Object> envelope, List<Object> items) {
    }

    private final Map<String, Listing> listings = new ConcurrentHashMap<>();
    private final AtomicLong nextListing = new AtomicLong();
    private final AtomicLong pagesServed = new AtomicLong();

    @Override
    @SuppressWarnings("unchecked")
    public MockResponse handleGet(String path) {
        Map<String, String> query = query(path);
        String limitText = query.get("limit");
        if (limitText == null || "true".equals(query.get("watch"))) {
            return super.handleGet(path);
        }
        int limit = Integer.parseInt(limitText);
        String token = query.get("continue");
        List<Object> items;
        Map<String, Object> list;
        int offset = 0;
        String listing;
        if (token == null) {
            MockResponse full = super.handleGet(withoutPaging(path));
            if (!full.getStatus().contains("200")) {
                return full;
            }
            list = JSON.unmarshal(full.getBody().readUtf8(), Map.class);
            listing = String.valueOf(nextListing.incrementAndGet());
            items = list.get("items") instanceof List<?> a ? new ArrayList<>(a) : new ArrayList<>();
            list.remove("items");
            listings.put(listing, new Listing(new LinkedHashMap<>(list), items));
        } else {
            String[] parts = token.split(":", 2);
            listing = parts[0];
            offset = Integer.parseInt(parts[1]);
            Listing l = listings.get(listing);
            if (l == null) {
                return new MockResponse().setResponseCode(410).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"reason\":\"Expired\",\"code\":410,\"message\":\"continue token expired\"}");
            }
            list = new LinkedHashMap<>(l.envelope());
            items = l.items();
        }
        List<Object> page = new ArrayList<>();
        for (int i = offset; i < Math.min(items.size(), offset + limit); i++) {
            page.add(items.get(i));
        }
        Map<String, Object> meta = list.get("metadata") instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
        list.put("metadata", meta);
        int next = offset + page.size();
        if (next < items.size()) {
            meta.put("continue", listing + ":" + next);
            meta.put("remainingItemCount", items.size() - next);
        } else {
            meta.remove("continue");
            listings.remove(listing);
        }
        list.put("items", page);
        pagesServed.incrementAndGet();
        return new MockResponse().setResponseCode(200).setBody(JSON.asJson(list));
    }

    /** LIST pages served with a {@code limit} so far. */
    public long pagesServed() {
        return pagesServed.get();
    }

    private static String withoutPaging(String path) {
        int q = path.indexOf('?');
        if (q < 0) {
            return path;
        }
        List<String> kept = new ArrayList<>();
        for (String p : path.substring(q + 1).split("&")) {
            if (!p.startsWith("limit=") && !p.startsWith("continue=")) {
                kept.add(p);
            }
        }
        return path.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }

    private static Map<String, String> query(String path) {
        Map<String, String> out = new LinkedHashMap<>();
        int q = path.indexOf('?');
        if (q < 0) {
            return out;
        }
        for (String p : path.substring(q + 1).split("&")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                out.put(p.substring(0, eq), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
