package io.netfence.admin.push;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * "Rebase my change onto the current version": the user's edits, measured against the version they started from,
 * re-applied on top of the version stored now, so a concurrent change to what the user did not touch survives.
 * Labels and annotations merge key by key (the user's added, changed and removed keys win); the spec is the user's
 * when they changed it, else the current one.
 */
final class Rebase {

    private Rebase() {
    }

    /**
     * @param base the version the user started from (as the composer showed it); null when unknown, then the draft's
     *             spec, labels and annotations replace the current ones ({@link PushService#onTopOf})
     */
    static NetworkPolicy onto(NetworkPolicy current, NetworkPolicy base, String draftText, NetworkPolicy draft) {
        String rv = current.getMetadata().getResourceVersion();
        NetworkPolicy mine = PushService.onTopOf(current, draftText, draft, rv);
        if (base == null) {
            return mine;
        }
        var b = new NetworkPolicyBuilder(mine);
        if (Objects.equals(base.getSpec(), draft.getSpec())) {
            b.withSpec(current.getSpec());
        }
        b.editMetadata()
                .withLabels(merge(base.getMetadata().getLabels(), mine.getMetadata().getLabels(), current.getMetadata().getLabels()))
                .withAnnotations(merge(base.getMetadata().getAnnotations(), mine.getMetadata().getAnnotations(), current.getMetadata().getAnnotations()))
                .endMetadata();
        return b.build();
    }

    /** {@code current} with the keys the user added, changed or removed (from {@code base} to {@code mine}). */
    static Map<String, String> merge(Map<String, String> base, Map<String, String> mine, Map<String, String> current) {
        Map<String, String> was = base == null ? Map.of() : base;
        Map<String, String> now = mine == null ? Map.of() : mine;
        Map<String, String> out = new LinkedHashMap<>(current == null ? Map.of() : current);
        Map<String, String> all = new HashMap<>(was);
        all.putAll(now);
        for (String key : all.keySet()) {
            if (!now.containsKey(key)) {
                out.remove(key);
            } else if (!now.get(key).equals(was.get(key))) {
                out.put(key, now.get(key));
            }
        }
        return out;
    }
}
