package io.netfence.agent.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pods of {@link BenchApiServer}: every pod kept as its JSON, serialised once when the driver creates it, so a LIST
 * page or a watch event costs a string copy however many pods there are (the CRUD mock re-serialises the whole
 * collection for each page and slows as it fills). Mutations come from the benchmark driver in-process
 * ({@link #create}, {@link #delete}); the agent reads over HTTP:
 * <ul>
 * <li>{@code GET /api/v1/pods?limit=N[&continue=T]}: pages of at most N pods in key order from one snapshot taken at the
 * first page, with the snapshot's resourceVersion, {@code continue} and {@code remainingItemCount}; every pod of
 * the snapshot exactly once. An unknown or evicted token (at most {@link #MAX_OPEN_LISTS} open listings) → 410
 * Expired, as a real server answers a compacted continue. Without {@code limit}: all pods in one response.</li>
 * <li>{@code GET /api/v1/pods?watch=true&resourceVersion=R} (WebSocket, as fabric8 watches): every event with a
 * resourceVersion after R, then live events. R empty or "0": synthetic ADDED events for the current pods first, as
 * a real server does. R older than the last {@link #compact()}: one ERROR event with a 410 Expired Status, then close,
 * so the informer re-lists (the same protocol as a real server's "too old resource version").</li>
 * <li>{@code GET /api/v1/namespaces/NS/pods/NAME}: the pod, or 404.</li>
 * </ul>
 * Not implemented (an error Status says so, never a silently wrong answer): writes over HTTP, label and field
 * selectors, namespaced LIST/WATCH, the watch-list protocol ({@code sendInitialEvents=true}: 422, as a server with
 * the WatchList feature off; the agent's informers page instead), watch over chunked HTTP, {@code timeoutSeconds}
 * (a watch stays open), BOOKMARK events, resourceVersionMatch. ResourceVersions are the pods' own counter, not
 * shared with the other resources (each informer only compares its own).
 */
final class PodStream {

    static final int MAX_OPEN_LISTS = 16;
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private record Event(long rv, String type, String object) {
        String frame() {
            return "{\"type\":\"" + type + "\",\"object\":" + object + "}";
        }
    }

    private record Listing(long rv, List<String> items) {
    }

    private final Object lock = new Object();
    private final TreeMap<String, String> pods = new TreeMap<>();
    private final List<Event> history = new ArrayList<>();
    private final Set<WebSocket> watchers = ConcurrentHashMap.newKeySet();
    private final LinkedHashMap<String, Listing> listings = new LinkedHashMap<>();
    private long rv;
    private long compactedRv;
    private long listingSeq;

    /** Stores the pod (any resourceVersion it carries is replaced) and sends ADDED to the open watches. */
    void create(Pod pod) {
        String key = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        synchronized (lock) {
            if (pods.containsKey(key)) {
                throw new IllegalStateException("pod " + key + " exists");
            }
            pod.getMetadata().setResourceVersion(String.valueOf(++rv));
            String json = JSON.asJson(pod);
            pods.put(key, json);
            publish(new Event(rv, "ADDED", json));
        }
    }

    /** Removes the pod and sends DELETED (its last state at the deletion's resourceVersion); false if there was none. */
    boolean delete(String namespace, String name) {
        synchronized (lock) {
            String json = pods.remove(key(namespace, name));
            if (json == null) {
                return false;
            }
            publish(new Event(++rv, "DELETED", withResourceVersion(json, rv)));
            return true;
        }
    }

    /** Forgets the history: watches from an older resourceVersion get 410 Expired. */
    void compact() {
        synchronized (lock) {
            history.clear();
            compactedRv = rv;
        }
    }

    int size() {
        synchronized (lock) {
            return pods.size();
        }
    }

    /** "namespace/name" of every pod stored now. */
    Set<String> keys() {
        synchronized (lock) {
            return Set.copyOf(pods.keySet());
        }
    }

    long resourceVersion() {
        synchronized (lock) {
            return rv;
        }
    }

    int openWatches() {
        return watchers.size();
    }

    /** The response to a request under {@code /api/v1/pods} or {@code /api/v1/namespaces/NS/pods}. */
    MockResponse handle(String method, String path) {
        int q = path.indexOf('?');
        String resource = q < 0 ? path : path.substring(0, q);
        Map<String, String> query = query(q < 0 ? "" : path.substring(q + 1));
        if (!"GET".equals(method)) {
            return status(405, "MethodNotAllowed", method + " of pods is not implemented by the benchmark's API server (the driver writes in-process)");
        }
        if (resource.startsWith("/api/v1/namespaces/")) {
            String[] p = resource.split("/");
            if (p.length == 7) {
                String json;
                synchronized (lock) {
                    json = pods.get(key(p[4], p[6]));
                }
                return json == null ? status(404, "NotFound", "pods \"" + p[6] + "\" not found") : json(200, json);
            }
            return status(405, "MethodNotAllowed", "namespaced pod LIST/WATCH is not implemented by the benchmark's API server");
        }
        for (String unsupported : List.of("labelSelector", "fieldSelector", "resourceVersionMatch")) {
            if (query.containsKey(unsupported)) {
                return status(400, "BadRequest", unsupported + " is not implemented by the benchmark's API server");
            }
        }
        if ("true".equals(query.get("sendInitialEvents"))) {
            return status(422, "Invalid", "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled");
        }
        return "true".equals(query.get("watch")) ? watch(query.get("resourceVersion")) : list(query);
    }

    private MockResponse list(Map<String, String> query) {
        String token = query.get("continue");
        Listing listing;
        String id;
        int offset;
        synchronized (lock) {
            if (token == null) {
                id = String.valueOf(++listingSeq);
                listing = new Listing(rv, new ArrayList<>(pods.values()));
                offset = 0;
            } else {
                String[] parts = token.split(":", 2);
                id = parts[0];
                listing = listings.get(id);
                if (listing == null || parts.length < 2) {
                    return status(410, "Expired", "The provided continue parameter is too old to display a consistent list result.");
                }
                offset = Integer.parseInt(parts[1]);
            }
        }
        int limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 0;
        int end = limit <= 0 ? listing.items().size() : Math.min(listing.items().size(), offset + limit);
        StringBuilder body = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"")
                .append(listing.rv()).append('"');
        synchronized (lock) {
            if (end < listing.items().size()) {
                body.append(",\"continue\":\"").append(id).append(':').append(end).append("\",\"remainingItemCount\":")
                        .append(listing.items().size() - end);
                listings.put(id, listing);
                while (listings.size() > MAX_OPEN_LISTS) {
                    listings.remove(listings.keySet().iterator().next());
                }
            } else {
                listings.remove(id);
            }
        }
        body.append("},\"items\":[");
        for (int i = offset; i < end; i++) {
            body.append(i == offset ? "" : ",").append(listing.items().get(i));
        }
        return json(200, body.append("]}").toString());
    }

    private MockResponse watch(String from) {
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws, io.fabric8.mockwebserver.http.Response response) {
                synchronized (lock) {
                    if (from == null || from.isEmpty() || "0".equals(from)) {
                        pods.values().forEach(json -> ws.send(new Event(rv, "ADDED", json).frame()));
                    } else if (Long.parseLong(from) < compactedRv) {
                        ws.send("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                                + "\"status\":\"Failure\",\"message\":\"too old resource version: " + from + " (" + compactedRv
                                + ")\",\"reason\":\"Expired\",\"code\":410}}");
                        ws.close(1000, "too old resource version");
                        return;
                    } else {
                        long after = Long.parseLong(from);
                        history.stream().filter(e -> e.rv() > after).forEach(e -> ws.send(e.frame()));
                    }
                    watchers.add(ws);
                }
            }

            @Override
            public void onClosing(WebSocket ws, int code, String reason) {
                watchers.remove(ws);
            }

            @Override
            public void onClosed(WebSocket ws, int code, String reason) {
                watchers.remove(ws);
            }

            @Override
            public void onFailure(WebSocket ws, Throwable t, io.fabric8.mockwebserver.http.Response response) {
                watchers.remove(ws);
            }
        });
    }

    /** Under {@link #lock}: kept for later watches, sent to the open ones in resourceVersion order. */
    private void publish(Event e) {
        history.add(e);
        String frame = e.frame();
        for (WebSocket ws : watchers) {
            if (!ws.send(frame)) {
                watchers.remove(ws);
            }
        }
    }

    /** metadata.resourceVersion is the first "resourceVersion" key of a serialised pod (no nested field has that name). */
    private static String withResourceVersion(String json, long rv) {
        String marker = "\"resourceVersion\":\"";
        int start = json.indexOf(marker) + marker.length();
        int end = json.indexOf('"', start);
        return json.substring(0, start) + rv + json.substring(end);
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    private static MockResponse status(int code, String reason, String message) {
        return json(code, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
                + JSON.asJson(message) + ",\"reason\":\"" + reason + "\",\"code\":" + code + "}");
    }

    private static Map<String, String> query(String q) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : q.split("&")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                out.put(p.substring(0, eq), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
