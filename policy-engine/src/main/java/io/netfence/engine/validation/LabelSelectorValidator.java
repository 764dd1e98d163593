package io.netfence.engine.validation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.Map;

/** apimachinery's {@code ValidateLabelSelector} and {@code ValidateLabels}, null-safe. */
final class LabelSelectorValidator {

    private LabelSelectorValidator() {
    }

    static void validate(LabelSelector selector, String path, List<FieldError> errors) {
        if (selector == null) {
            return;
        }
        validateLabels(selector.getMatchLabels(), path + ".matchLabels", errors);
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        if (expressions == null) {
            return;
        }
        for (int i = 0; i < expressions.size(); i++) {
            requirement(expressions.get(i), path + ".matchExpressions[" + i + "]", errors);
        }
    }

    /** Every key a qualified name, every value a label value; the path is the map's (as the API server reports). */
    static void validateLabels(Map<String, String> labels, String path, List<FieldError> errors) {
        if (labels == null) {
            return;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String key = e.getKey() == null ? "" : e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            for (String msg : NameRules.qualifiedName(key)) {
                errors.add(FieldError.invalid(path, key, msg));
            }
            for (String msg : NameRules.labelValue(value)) {
                errors.add(FieldError.invalid(path, value, msg));
            }
        }
    }

    private static void requirement(LabelSelectorRequirement r, String path, List<FieldError> errors) {
        String operator = r == null || r.getOperator() == null ? "" : r.getOperator();
        String key = r == null || r.getKey() == null ? "" : r.getKey();
        List<String> values = r == null || r.getValues() == null ? List.of() : r.getValues();
        switch (operator) {
            case "In", "NotIn" -> {
                if (values.isEmpty()) {
                    errors.add(FieldError.required(path + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (!values.isEmpty()) {
                    errors.add(FieldError.forbidden(path + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }
            }
            default -> errors.add(FieldError.invalid(path + ".operator", operator, "not a valid selector operator"));
        }
        for (String msg : NameRules.qualifiedName(key)) {
            errors.add(FieldError.invalid(path + ".key", key, msg));
        }
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i) == null ? "" : values.get(i);
            for (String msg : NameRules.labelValue(v)) {
                errors.add(FieldError.invalid(path + ".values[" + i + "]", v, msg));
            }
        }
    }
}
