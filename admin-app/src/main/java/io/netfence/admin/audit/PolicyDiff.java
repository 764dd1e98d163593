package io.netfence.admin.audit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.netfence.admin.composer.DraftYaml;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a write changed in the parts of a NetworkPolicy (or ClusterNetworkPolicy) a user edits: labels, annotations and spec (server fields,
 * status, and the bookkeeping annotations {@value AuditAnnotation#KEY} and kubectl's last-applied-configuration are
 * left out, they change on every write).
 *
 * @param changedPaths the changed leaves, e.g. {@code metadata.labels.owner}, {@code spec.ingress[0].ports[0].port}
 * @param unified      a unified diff (hunks with two lines of context) of the YAML before → after
 */
public record PolicyDiff(List<String> changedPaths, String unified) {

    public static final String KUBECTL_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final int CONTEXT = 2;
    /** Above this many lines on a side the diff is all-removed/all-added instead of an LCS (quadratic). */
    private static final int MAX_LCS_LINES = 3000;
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public PolicyDiff {
        changedPaths = List.copyOf(changedPaths);
    }

    /** {@code before} null for a create, {@code after} null for a delete. */
    public static PolicyDiff between(HasMetadata before, HasMetadata after) {
        JsonNode a = view(before);
        JsonNode b = view(after);
        List<String> paths = new ArrayList<>();
        changed(a, b, "", paths);
        return new PolicyDiff(paths, unified(lines(a), lines(b)));
    }

    /** The unified diff's lines, for pages that colour them. */
    public List<String> unifiedLines() {
        return unified.isEmpty() ? List.of() : List.of(unified.split("\n"));
    }

    public boolean isEmpty() {
        return changedPaths.isEmpty();
    }

    /** labels, annotations (without the bookkeeping ones) and spec, keys sorted; an empty object for null. */
    static JsonNode view(HasMetadata policy) {
        ObjectNode root = JSON.createObjectNode();
        if (policy == null) {
            return root;
        }
        ObjectNode meta = JSON.createObjectNode();
        if (policy.getMetadata() != null) {
            Map<String, String> labels = policy.getMetadata().getLabels();
            if (labels != null && !labels.isEmpty()) {
                meta.set("labels", JSON.valueToTree(new TreeMap<>(labels)));
            }
            Map<String, String> annotations = policy.getMetadata().getAnnotations() == null ? new TreeMap<>()
                    : new TreeMap<>(policy.getMetadata().getAnnotations());
            annotations.remove(AuditAnnotation.KEY);
            annotations.remove(KUBECTL_LAST_APPLIED);
            if (!annotations.isEmpty()) {
                meta.set("annotations", JSON.valueToTree(annotations));
            }
        }
        if (!meta.isEmpty()) {
            root.set("metadata", meta);
        }
        // fabric8's own serialization knows its types (IntOrString, generic resources); the result is plain maps and lists
        Object spec = KUBERNETES.convertValue(policy, Map.class).get("spec");
        if (spec != null) {
            root.set("spec", JSON.valueToTree(spec));
        }
        return root;
    }

    private static void changed(JsonNode a, JsonNode b, String path, List<String> out) {
        // an added or removed mapping/list counts as its leaves, so a create or delete names every field it sets
        if (a == null && b != null && b.isContainer()) {
            a = b.isObject() ? JSON.createObjectNode() : JSON.createArrayNode();
        } else if (b == null && a != null && a.isContainer()) {
            b = a.isObject() ? JSON.createObjectNode() : JSON.createArrayNode();
        }
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>(a.propertyNames());
            keys.addAll(b.propertyNames());
            for (String k : keys) {
                changed(a.get(k), b.get(k), child(path, k), out);
            }
        } else if (a != null && b != null && a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                changed(a.get(i), b.get(i), path + "[" + i + "]", out);
            }
        } else if (a == null ? b != null : !a.equals(b)) {
            out.add(path);
        }
    }

    private static String child(String path, String key) {
        String k = PLAIN_KEY.matcher(key).matches() ? key : "['" + key.replace("'", "\\'") + "']";
        return path.isEmpty() ? k : k.startsWith("[") ? path + k : path + "." + k;
    }

    private static List<String> lines(JsonNode view) {
        if (view.isEmpty()) {
            return List.of();
        }
        return List.of(DraftYaml.write(view).split("\n"));
    }

    /** One line of the edit script: op ' ', '-' or '+', and its line index in a and in b. */
    private record Op(char op, int a, int b) {
    }

    /** Hunks of a line diff ({@code @@ -l,n +l,n @@}, then ' ', '-', '+' lines); empty when equal. */
    static String unified(List<String> a, List<String> b) {
        List<Op> ops = editScript(a, b);
        StringBuilder out = new StringBuilder();
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k).op() == ' ') {
                k++;
                continue;
            }
            // one hunk: changes separated by at most 2*CONTEXT unchanged lines, with CONTEXT lines around
            int lastChange = k;
            for (int m = k; m < ops.size() && m - lastChange <= 2 * CONTEXT; m++) {
                if (ops.get(m).op() != ' ') {
                    lastChange = m;
                }
            }
            int start = Math.max(0, k - CONTEXT);
            int end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            int aCount = 0;
            int bCount = 0;
            StringBuilder body = new StringBuilder();
            for (Op op : ops.subList(start, end)) {
                aCount += op.op() != '+' ? 1 : 0;
                bCount += op.op() != '-' ? 1 : 0;
                body.append(op.op()).append(op.op() == '+' ? b.get(op.b()) : a.get(op.a())).append('\n');
            }
            Op first = ops.get(start);
            out.append("@@ -").append(aCount == 0 ? first.a() : first.a() + 1).append(',').append(aCount)
                    .append(" +").append(bCount == 0 ? first.b() : first.b() + 1).append(',').append(bCount).append(" @@\n")
                    .append(body);
            k = end;
        }
        return out.toString();
    }

    private static List<Op> editScript(List<String> a, List<String> b) {
        List<Op> ops = new ArrayList<>();
        if (a.size() > MAX_LCS_LINES || b.size() > MAX_LCS_LINES) {
            for (int i = 0; i < a.size(); i++) {
                ops.add(new Op('-', i, 0));
            }
            for (int j = 0; j < b.size(); j++) {
                ops.add(new Op('+', a.size(), j));
            }
            return ops;
        }
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                ops.add(new Op(' ', i++, j++));
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new Op('-', i++, j));
            } else {
                ops.add(new Op('+', i, j++));
            }
        }
        return ops;
    }
}
