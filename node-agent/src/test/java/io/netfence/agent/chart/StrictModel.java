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
        return typed;
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
