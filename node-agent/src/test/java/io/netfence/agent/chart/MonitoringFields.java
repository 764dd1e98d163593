package io.netfence.agent.chart;

import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fields of the Prometheus Operator's ServiceMonitor and PrometheusRule (monitoring.coreos.com/v1) that this chart
 * may use, as named in the operator's API reference. fabric8 8.0.0 publishes no typed model for them (its
 * openshift-model-monitoring stops at 7.x, which is Jackson 2), so they are checked against this subset instead: a field
 * that is not listed here — a typo, or a field at the wrong level — fails. {@code "*"} = any key (labels, annotations).
 */
final class MonitoringFields {

    private static final String TREE = """
            ServiceMonitor:
              apiVersion: ~
              kind: ~
              metadata: {name: ~, namespace: ~, labels: {"*": ~}, annotations: {"*": ~}}
              spec:
                jobLabel: ~
                selector: {matchLabels: {"*": ~}}
                namespaceSelector: {matchNames: ~, any: ~}
                endpoints:
                  port: ~
                  path: ~
                  scheme: ~
                  interval: ~
                  scrapeTimeout: ~
                  bearerTokenFile: ~
                  honorLabels: ~
                  relabelings: {sourceLabels: ~, targetLabel: ~, regex: ~, replacement: ~, action: ~, separator: ~}
                  metricRelabelings: {sourceLabels: ~, targetLabel: ~, regex: ~, replacement: ~, action: ~, separator: ~}
            PrometheusRule:
              apiVersion: ~
              kind: ~
              metadata: {name: ~, namespace: ~, labels: {"*": ~}, annotations: {"*": ~}}
              spec:
                groups:
                  name: ~
                  interval: ~
                  rules:
                    alert: ~
                    record: ~
                    expr: ~
                    for: ~
                    keep_firing_for: ~
                    labels: {"*": ~}
                    annotations: {"*": ~}
            """;

    private static final Map<String, Object> KINDS = new Yaml().load(TREE);

    private MonitoringFields() {
    }

    static boolean covers(String apiVersion, String kind) {
        return "monitoring.coreos.com/v1".equals(apiVersion) && KINDS.containsKey(kind);
    }

    /** Fails naming each field of the object that the operator's API does not have. */
    @SuppressWarnings("unchecked")
    static void check(Map<String, Object> doc) {
        List<String> unknown = new ArrayList<>();
        walk(doc, (Map<String, Object>) KINDS.get((String) doc.get("kind")), "", unknown);
        if (!unknown.isEmpty()) {
            throw new AssertionError(doc.get("kind") + " " + ((Map<?, ?>) doc.get("metadata")).get("name")
                    + " has fields monitoring.coreos.com/v1 does not know: " + unknown);
        }
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object value, Object allowed, String path, List<String> unknown) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), allowed, path + "[" + i + "]", unknown);
            }
        } else if (value instanceof Map<?, ?> map) {
            if (!(allowed instanceof Map<?, ?> fields)) {
                unknown.add(path + " (an object where a value belongs)");
                return;
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (fields.containsKey("*")) {
                    continue;
                }
                if (!fields.containsKey(key)) {
                    unknown.add(path + "." + key);
                } else {
                    walk(e.getValue(), ((Map<String, Object>) fields).get(key), path + "." + key, unknown);
                }
            }
        }
    }
}
