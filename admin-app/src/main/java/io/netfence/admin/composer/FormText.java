package io.netfence.admin.composer;

import io.netfence.admin.composer.DraftForm.LabelRow;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What both composers' forms turn into YAML the same way: metadata, label rows, comma lists. */
public final class FormText {

    private FormText() {
    }

    /**
     * {@code metadata} of a draft: name, namespace (null for a cluster-scoped object), the resourceVersion an edit
     * started from, labels and annotations. An edit always states its labels and annotations, so removing the last one
     * is a change, not "keep them".
     */
    public static Map<String, Object> metadata(String name, String namespace, String resourceVersion,
                                               List<LabelRow> labels, List<LabelRow> annotations) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", trim(name));
        if (namespace != null) {
            meta.put("namespace", trim(namespace));
        }
        boolean edit = !trim(resourceVersion).isEmpty();
        if (edit) {
            meta.put("resourceVersion", trim(resourceVersion));
        }
        Map<String, String> labelMap = rows(labels, true);
        if (edit || !labelMap.isEmpty()) {
            meta.put("labels", labelMap);
        }
        Map<String, String> annotationMap = rows(annotations, false);
        if (edit || !annotationMap.isEmpty()) {
            meta.put("annotations", annotationMap);
        }
        return meta;
    }

    /** Label or annotation rows as a map; annotation values are kept as typed (they may be JSON or several lines). */
    public static Map<String, String> rows(List<LabelRow> rows, boolean trimValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (LabelRow row : rows) {
            String value = row.getValue() == null ? "" : trimValues ? trim(row.getValue()) : row.getValue();
            if (!trim(row.getKey()).isEmpty() || !value.isEmpty()) {
                out.put(trim(row.getKey()), value);
            }
        }
        return out;
    }

    /** "a, b,,c" → [a, b, c]. */
    public static List<String> csv(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public static String trim(String s) {
        return s == null ? "" : s.strip();
    }

    public static String nz(String s) {
        return s == null ? "" : s;
    }
}
