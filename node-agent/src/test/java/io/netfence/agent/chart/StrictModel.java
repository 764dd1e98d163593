package io.netfence.agent.chart;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parses a rendered object into fabric8's typed model and reports every field the model does not know. fabric8's
 * classes keep unknown fields in {@code additionalProperties} instead of failing, so "strict" means: after
 * deserializing, no object anywhere in the tree has additional properties (a typo such as {@code readOnlyRootFilesytem}
 * or a field at the wrong level lands there), and the kind maps to a typed class, not a generic resource.
 */
final class StrictModel {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private StrictModel() {
    }

    /** The typed object; fails naming the object and the path of each unknown field. */
    static KubernetesResource parse(Map<String, Object> doc) {
        String what = doc.get("kind") + " " + ((Map<?, ?>) doc.get("metadata")).get("name");
        KubernetesResource typed = SERIALIZATION.unmarshal(SERIALIZATION.asJson(doc));
        if (typed instanceof GenericKubernetesResource) {
            throw new AssertionError(what + ": " + doc.get("apiVersion") + " is not a kind fabric8's model knows");
        }
        List<String> unknown = new ArrayList<>();
        walk(typed, "", unknown);
        if (!unknown.isEmpty()) {
            throw new AssertionError(what + " has fields the Kubernetes model does not know: " + unknown);
        }
        // a value of the wrong type (e.g. a quoted port) is coerced by Jackson; the API server would refuse it
        Object roundTrip = JSON.readValue(SERIALIZATION.asJson(typed), Object.class);
        List<String> differences = new ArrayList<>();
        diff(normalize(doc), normalize(roundTrip), "", differences);
        if (!differences.isEmpty()) {
            throw new AssertionError(what + " has values of the wrong type or form: " + differences);
        }
        return typed;
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /** Without nulls and empty maps or lists, which the typed model may drop. */
    private static Object normalize(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.TreeMap<>();
            m.forEach((k, v) -> {
                Object n = normalize(v);
                if (!(n == null || n instanceof Map<?, ?> nm && nm.isEmpty() || n instanceof List<?> nl && nl.isEmpty())) {
                    out.put(String.valueOf(k), n);
                }
            });
            return out;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(StrictModel::normalize).toList();
        }
        return o;
    }

    private static void diff(Object rendered, Object typed, String path, List<String> differences) {
        if (rendered instanceof Map<?, ?> a && typed instanceof Map<?, ?> b) {
            java.util.Set<Object> keys = new java.util.TreeSet<>();
            a.keySet().forEach(k -> keys.add(String.valueOf(k)));
            b.keySet().forEach(k -> keys.add(String.valueOf(k)));
            keys.forEach(k -> diff(a.get(k), b.get(k), path + "." + k, differences));
        } else if (rendered instanceof List<?> a && typed instanceof List<?> b && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(a.get(i), b.get(i), path + "[" + i + "]", differences);
            }
        } else if (rendered instanceof Number a && typed instanceof Number b) {
            if (new java.math.BigDecimal(a.toString()).compareTo(new java.math.BigDecimal(b.toString())) != 0) {
                differences.add(path + ": " + a + " became " + b);
            }
        } else if (!java.util.Objects.equals(rendered, typed)) {
            differences.add(path + ": " + describe(rendered) + " became " + describe(typed));
        }
    }

    private static String describe(Object o) {
        return o == null ? "nothing" : o instanceof String ? "\"" + o + "\"" : o + " (" + o.getClass().getSimpleName() + ")";
    }

    static <T> T parse(Map<String, Object> doc, Class<T> type) {
        return type.cast(parse(doc));
    }

    private static void walk(Object o, String path, List<String> unknown) {
        if (o == null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, unknown));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : o.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = invoke(getter, o);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
            } else if (value != o) {
                walk(value, path + "." + Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4), unknown);
            }
        }
    }

    private static Object invoke(Method getter, Object o) {
        try {
            return getter.invoke(o);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }
}
