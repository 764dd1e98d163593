package io.netfence.agent.cnpstatus;

import io.netfence.engine.status.ClusterNetworkPolicyConditions.Condition;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts netfence's condition into a stored {@code status.conditions} list ({@code metav1.Condition}s, a list map keyed
 * by {@code type}): the conditions of other types, written by other controllers, stay as they are and where they are.
 * Nothing changes when the stored condition of that type already says the same for the same generation, so writing
 * never feeds on its own watch events. {@code lastTransitionTime} moves only when the condition's {@code status} does.
 */
public final class ConditionMerge {

    /** The CRD's limit on a condition's message. */
    static final int MAX_MESSAGE = 32768;

    private ConditionMerge() {
    }

    /**
     * @param status     the object's stored {@code status} (null when it has none)
     * @param computed   what netfence says now
     * @param generation the {@code metadata.generation} the condition was computed for
     * @return the new {@code status.conditions}, or empty when the stored list already says this
     */
    public static Optional<List<Object>> merged(Object status, Condition computed, long generation, Instant now) {
        List<Object> stored = conditions(status);
        String message = computed.message().length() > MAX_MESSAGE ? computed.message().substring(0, MAX_MESSAGE - 1) + "…" : computed.message();
        int at = -1;
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i) instanceof Map<?, ?> m && computed.type().equals(m.get("type"))) {
                at = i;
                break;
            }
        }
        Map<?, ?> old = at < 0 ? null : (Map<?, ?>) stored.get(at);
        if (old != null && computed.status().equals(old.get("status")) && computed.reason().equals(old.get("reason"))
                && message.equals(old.get("message")) && Objects.equals(number(old.get("observedGeneration")), generation)
                && old.get("lastTransitionTime") != null) {
            return Optional.empty();
        }
        Object transition = old != null && computed.status().equals(old.get("status")) && old.get("lastTransitionTime") != null
                ? old.get("lastTransitionTime")
                : DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", computed.type());
        c.put("status", computed.status());
        c.put("observedGeneration", generation);
        c.put("lastTransitionTime", transition);
        c.put("reason", computed.reason());
        c.put("message", message);
        List<Object> out = new ArrayList<>(stored);
        if (at < 0) {
            out.add(c);
        } else {
            out.set(at, c);
        }
        return Optional.of(out);
    }

    /** The stored conditions, every entry kept as it is. */
    static List<Object> conditions(Object status) {
        return status instanceof Map<?, ?> s && s.get("conditions") instanceof List<?> list ? new ArrayList<>(list) : List.of();
    }

    private static Long number(Object o) {
        return o instanceof Number n ? n.longValue() : null;
    }
}
