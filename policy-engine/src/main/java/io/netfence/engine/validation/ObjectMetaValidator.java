package io.netfence.engine.validation;

import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of the API server's {@code ValidateObjectMeta} that apply to a namespaced object being created:
 * name (or generateName) as a DNS-1123 subdomain, namespace as a DNS-1123 label, labels, annotation keys
 * and total annotation size.
 */
final class ObjectMetaValidator {

    static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

    private ObjectMetaValidator() {
    }

    static void validate(ObjectMeta meta, List<FieldError> errors) {
        ObjectMeta m = meta == null ? new ObjectMeta() : meta;
        String generateName = m.getGenerateName();
        if (generateName != null && !generateName.isEmpty()) {
            // a prefix: the API server appends random characters, so a trailing '-' is fine
            String masked = generateName.endsWith("-") ? generateName.substring(0, generateName.length() - 1) : generateName;
            for (String msg : NameRules.dns1123Subdomain(masked)) {
                errors.add(FieldError.invalid("metadata.generateName", generateName, msg));
            }
        }
        String name = m.getName();
        if (name == null || name.isEmpty()) {
            if (generateName == null || generateName.isEmpty()) {
                errors.add(FieldError.required("metadata.name", "name or generateName is required"));
            }
        } else {
            for (String msg : NameRules.dns1123Subdomain(name)) {
                errors.add(FieldError.invalid("metadata.name", name, msg));
            }
        }
        String namespace = m.getNamespace();
        if (namespace == null || namespace.isEmpty()) {
            errors.add(FieldError.required("metadata.namespace", ""));
        } else {
            for (String msg : NameRules.dns1123Label(namespace)) {
                errors.add(FieldError.invalid("metadata.namespace", namespace, msg));
            }
        }
        LabelSelectorValidator.validateLabels(m.getLabels(), "metadata.labels", errors);
        annotations(m.getAnnotations(), errors);
    }

    private static void annotations(Map<String, String> annotations, List<FieldError> errors) {
        if (annotations == null) {
            return;
        }
        long total = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            String key = e.getKey() == null ? "" : e.getKey();
            for (String msg : NameRules.qualifiedName(key.toLowerCase(Locale.ROOT))) {
                errors.add(FieldError.invalid("metadata.annotations", key, msg));
            }
            total += key.getBytes(StandardCharsets.UTF_8).length
                    + (e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length);
        }
        if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
            errors.add(FieldError.tooLong("metadata.annotations", "may not be more than " + TOTAL_ANNOTATION_SIZE_LIMIT + " bytes"));
        }
    }
}
