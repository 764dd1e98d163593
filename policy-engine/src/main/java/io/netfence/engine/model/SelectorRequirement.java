package io.netfence.engine.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One {@code matchExpressions} entry of a label selector. */
public record SelectorRequirement(String key, Operator operator, List<String> values) {

    public enum Operator {
        IN("In"), NOT_IN("NotIn"), EXISTS("Exists"), DOES_NOT_EXIST("DoesNotExist");

        private final String apiName;

        Operator(String apiName) {
            this.apiName = apiName;
        }

        public String apiName() {
            return apiName;
        }

        public static java.util.Optional<Operator> parse(String value) {
            for (Operator o : values()) {
                if (o.apiName.equals(value)) {
                    return java.util.Optional.of(o);
                }
            }
            return java.util.Optional.empty();
        }
    }

    public SelectorRequirement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        values = values == null ? List.of() : List.copyOf(values.stream().sorted().distinct().toList());
    }

    public boolean matches(Map<String, String> labels) {
        String value = labels.get(key);
        return switch (operator) {
            case IN -> value != null && values.contains(value);
            // NotIn also matches objects that do not carry the key at all (apimachinery semantics).
            case NOT_IN -> value == null || !values.contains(value);
            case EXISTS -> labels.containsKey(key);
            case DOES_NOT_EXIST -> !labels.containsKey(key);
        };
    }

    /** kubectl-style text: {@code tier in (db,cache)}, {@code !canary}. */
    public String describe() {
        return switch (operator) {
            case IN -> key + " in (" + String.join(",", values) + ")";
            case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
            case EXISTS -> key;
            case DOES_NOT_EXIST -> "!" + key;
        };
    }
}
