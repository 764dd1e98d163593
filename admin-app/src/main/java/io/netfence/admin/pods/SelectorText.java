package io.netfence.admin.pods;

import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.SelectorRequirement;
import io.netfence.engine.model.SelectorRequirement.Operator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses label selector text as {@code kubectl get -l} takes it: comma-separated requirements
 * {@code key=value}, {@code key==value}, {@code key!=value}, {@code key in (a,b)}, {@code key notin (a,b)},
 * {@code key} (exists) and {@code !key} (does not exist). {@code key!=value} also matches objects without the
 * key, as in Kubernetes.
 */
public final class SelectorText {

    private static final Pattern KEY = Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern SET = Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$");

    /** A selector text that cannot be parsed; the message says which requirement and why. */
    public static final class SyntaxException extends IllegalArgumentException {
        SyntaxException(String message) {
            super(message);
        }
    }

    private SelectorText() {
    }

    /** The selector; blank text selects everything. */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return LabelSelector.EVERYTHING;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        List<SelectorRequirement> expressions = new ArrayList<>();
        for (String raw : split(text)) {
            String r = raw.strip();
            if (r.isEmpty()) {
                throw new SyntaxException("empty requirement in \"" + text + "\" (two commas in a row, or a trailing comma?)");
            }
            Matcher set = SET.matcher(r);
            if (set.matches()) {
                List<String> values = Arrays.stream(set.group(3).split(",")).map(String::strip).toList();
                if (values.stream().anyMatch(String::isEmpty)) {
                    throw new SyntaxException("\"" + r + "\": empty value in the list; write e.g. " + set.group(1) + " in (a,b)");
                }
                values.forEach(v -> value(v, r));
                expressions.add(new SelectorRequirement(key(set.group(1), r), "in".equals(set.group(2)) ? Operator.IN : Operator.NOT_IN, values));
            } else if (r.startsWith("!")) {
                if (r.contains("=")) {
                    throw new SyntaxException("\"" + r + "\": use key!=value for inequality, or !key for \"has no key\"");
                }
                expressions.add(new SelectorRequirement(key(r.substring(1).strip(), r), Operator.DOES_NOT_EXIST, List.of()));
            } else if (r.contains("!=")) {
                int i = r.indexOf("!=");
                expressions.add(new SelectorRequirement(key(r.substring(0, i).strip(), r), Operator.NOT_IN,
                        List.of(value(r.substring(i + 2).strip(), r))));
            } else if (r.contains("=")) {
                int i = r.indexOf('=');
                int valueStart = r.startsWith("==", i) ? i + 2 : i + 1;
                String key = key(r.substring(0, i).strip(), r);
                String value = value(r.substring(valueStart).strip(), r);
                String earlier = labels.putIfAbsent(key, value);
                if (earlier != null && !earlier.equals(value)) {
                    // two different values for one key: keep both requirements so nothing matches, as kubectl does
                    expressions.add(new SelectorRequirement(key, Operator.IN, List.of(value)));
                }
            } else if (r.contains("(") || r.contains(")") || r.contains(" ")) {
                throw new SyntaxException("\"" + r + "\": not a requirement; write key=value, key!=value, key in (a,b), key notin (a,b), key or !key");
            } else {
                expressions.add(new SelectorRequirement(key(r, r), Operator.EXISTS, List.of()));
            }
        }
        return new LabelSelector(labels, expressions);
    }

    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw new SyntaxException("unbalanced ')' in \"" + text + "\"");
                }
            }
            if (c == ',' && depth == 0) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (depth != 0) {
            throw new SyntaxException("unbalanced '(' in \"" + text + "\"");
        }
        parts.add(cur.toString());
        return parts;
    }

    private static String key(String key, String requirement) {
        if (key.isEmpty() || !KEY.matcher(key).matches() || key.length() > 316) {
            throw new SyntaxException("\"" + requirement + "\": \"" + key + "\" is not a valid label key "
                    + "(letters, digits, '-', '_', '.', optionally prefixed by a DNS name and '/')");
        }
        return key;
    }

    private static String value(String value, String requirement) {
        if (!VALUE.matcher(value).matches() || value.length() > 63) {
            throw new SyntaxException("\"" + requirement + "\": \"" + value + "\" is not a valid label value "
                    + "(up to 63 letters, digits, '-', '_', '.', starting and ending alphanumeric)");
        }
        return value;
    }
}
