package io.netfence.engine.validation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.netfence.engine.model.Cidr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a {@code policy.networking.k8s.io/v1alpha2} ClusterNetworkPolicy in its generic tree form as the API
 * server does with the upstream CRD (network-policy-api v0.2.0): the OpenAPI schema (types, required fields, enums,
 * {@code minimum}/{@code maximum}, {@code minItems}/{@code maxItems} of 25, {@code minProperties}/{@code
 * maxProperties} for the exactly-one-of objects, {@code maxLength}, patterns, set lists) and its CEL rules (range
 * start &lt; end, {@code isCIDR}, named ports not with networks/nodes/domainNames). The schema checked is the
 * experimental channel's, a superset of the standard one: {@code nodes} and {@code domainNames} peers are accepted
 * (a standard-channel API server prunes them). Unknown fields are refused as strict decoding does. Messages follow the
 * API server's wording and name the field path. Beyond the CRD, label selectors are checked as apimachinery parses them
 * (operators, keys, values), since no implementation can evaluate an unparsable selector.
 *
 * <p>The CRD does not forbid {@code Pass} in the Baseline tier (upstream allows it: it skips the rest of the Baseline
 * tier, i.e. the default allows), so neither does this validator; the linter warns about it.
 */
public final class ClusterNetworkPolicyValidator {

    public static final int MAX_ITEMS = 25;
    private static final Pattern DOMAIN_NAME = Pattern.compile(
            "^(\\*\\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.?$");
    private static final String NAMED_PORT_RULE = "networks/nodes/domainNames peer cannot be set with namedPorts since there "
            + "are no namedPorts for networks/nodes/domainNames";

    private final List<FieldError> errors = new ArrayList<>();

    private ClusterNetworkPolicyValidator() {
    }

    public static List<FieldError> validate(GenericKubernetesResource r) {
        ClusterNetworkPolicyValidator v = new ClusterNetworkPolicyValidator();
        if (r == null) {
            v.errors.add(FieldError.required("metadata.name", "name or generateName is required"));
            return v.errors;
        }
        v.meta(r.getMetadata());
        Map<String, Object> top = r.getAdditionalProperties() == null ? Map.of() : r.getAdditionalProperties();
        for (String k : top.keySet()) {
            if (!k.equals("spec") && !k.equals("status")) {
                v.errors.add(unknown(k));
            }
        }
        v.spec(top.get("spec"));
        return v.errors;
    }

    /** Validates a {@code spec} tree alone (the console's composer). */
    public static List<FieldError> validateSpec(Object spec) {
        ClusterNetworkPolicyValidator v = new ClusterNetworkPolicyValidator();
        v.spec(spec);
        return v.errors;
    }

    private void meta(ObjectMeta meta) {
        String name = meta == null ? null : meta.getName();
        if (name == null || name.isEmpty()) {
            if (meta == null || meta.getGenerateName() == null || meta.getGenerateName().isEmpty()) {
                errors.add(FieldError.required("metadata.name", "name or generateName is required"));
            }
        } else {
            for (String msg : NameRules.dns1123Subdomain(name)) {
                errors.add(FieldError.invalid("metadata.name", name, msg));
            }
        }
        if (meta != null) {
            LabelSelectorValidator.validateLabels(meta.getLabels(), "metadata.labels", errors);
        }
    }

    private void spec(Object tree) {
        if (tree == null) {
            errors.add(FieldError.required("spec", ""));
            return;
        }
        Map<String, Object> spec = object(tree, "spec");
        if (spec == null) {
            return;
        }
        onlyFields(spec, "spec", "tier", "priority", "subject", "ingress", "egress");
        Object tier = spec.get("tier");
        if (tier == null) {
            errors.add(FieldError.required("spec.tier", ""));
        } else if (string(tier, "spec.tier") != null && !tier.equals("Admin") && !tier.equals("Baseline")) {
            errors.add(FieldError.notSupported("spec.tier", (String) tier, "Admin", "Baseline"));
        }
        Object priority = spec.get("priority");
        if (priority == null) {
            errors.add(FieldError.required("spec.priority", ""));
        } else {
            integer(priority, "spec.priority", 0, 1000);
        }
        Object subject = spec.get("subject");
        if (subject == null) {
            errors.add(FieldError.required("spec.subject", ""));
        } else {
            subject(subject);
        }
        rules(spec.get("ingress"), "spec.ingress", false);
        rules(spec.get("egress"), "spec.egress", true);
    }

    private void subject(Object tree) {
        Map<String, Object> s = object(tree, "spec.subject");
        if (s == null) {
            return;
        }
        onlyFields(s, "spec.subject", "namespaces", "pods");
        exactlyOne(s, "spec.subject", "namespaces", "pods");
        if (s.containsKey("namespaces")) {
            selector(s.get("namespaces"), "spec.subject.namespaces");
        }
        if (s.containsKey("pods")) {
            namespacedPod(s.get("pods"), "spec.subject.pods");
        }
    }

    private void rules(Object tree, String path, boolean egress) {
        List<Object> rules = list(tree, path, 0);
        for (int i = 0; i < rules.size(); i++) {
            rule(rules.get(i), path + "[" + i + "]", egress);
        }
    }

    private void rule(Object tree, String path, boolean egress) {
        Map<String, Object> r = object(tree, path);
        if (r == null) {
            return;
        }
        String peerField = egress ? "to" : "from";
        onlyFields(r, path, "name", "action", peerField, "protocols");
        Object name = r.get("name");
        if (name != null && string(name, path + ".name") != null && NameRules.utf8Length((String) name) > 100) {
            errors.add(FieldError.tooLong(path + ".name", "may not be more than 100 bytes"));
        }
        Object action = r.get("action");
        if (action == null) {
            errors.add(FieldError.required(path + ".action", ""));
        } else if (string(action, path + ".action") != null && !Set.of("Accept", "Deny", "Pass").contains(action)) {
            errors.add(FieldError.notSupported(path + ".action", (String) action, "Accept", "Deny", "Pass"));
        }
        boolean addressPeer = false;
        if (!r.containsKey(peerField) || r.get(peerField) == null) {
            errors.add(FieldError.required(path + "." + peerField, ""));
        } else {
            List<Object> peers = list(r.get(peerField), path + "." + peerField, 1);
            for (int i = 0; i < peers.size(); i++) {
                addressPeer |= peer(peers.get(i), path + "." + peerField + "[" + i + "]", egress);
            }
        }
        boolean namedPort = false;
        if (r.containsKey("protocols")) {
            List<Object> protocols = list(r.get("protocols"), path + ".protocols", 1);
            for (int i = 0; i < protocols.size(); i++) {
                namedPort |= protocol(protocols.get(i), path + ".protocols[" + i + "]");
            }
        }
        if (egress && addressPeer && namedPort) {
            errors.add(FieldError.invalidRendered(path, "\"object\"", NAMED_PORT_RULE));
        }
    }

    /** @return whether the peer is a networks/nodes/domainNames peer (no named ports there) */
    private boolean peer(Object tree, String path, boolean egress) {
        Map<String, Object> p = object(tree, path);
        if (p == null) {
            return false;
        }
        if (egress) {
            onlyFields(p, path, "namespaces", "pods", "networks", "nodes", "domainNames");
        } else {
            onlyFields(p, path, "namespaces", "pods");
        }
        exactlyOne(p, path, egress ? new String[]{"namespaces", "pods", "networks", "nodes", "domainNames"} : new String[]{"namespaces", "pods"});
        if (p.containsKey("namespaces")) {
            selector(p.get("namespaces"), path + ".namespaces");
        }
        if (p.containsKey("pods")) {
            namespacedPod(p.get("pods"), path + ".pods");
        }
        if (!egress) {
            return false;
        }
        if (p.containsKey("nodes")) {
            selector(p.get("nodes"), path + ".nodes");
        }
        if (p.containsKey("networks")) {
            List<Object> nets = list(p.get("networks"), path + ".networks", 1);
            Set<Object> seen = new HashSet<>();
            for (int i = 0; i < nets.size(); i++) {
                String at = path + ".networks[" + i + "]";
                String cidr = string(nets.get(i), at);
                if (cidr == null) {
                    continue;
                }
                if (!seen.add(cidr)) {
                    errors.add(FieldError.duplicate(at, cidr));
                }
                if (cidr.length() > 43) {
                    errors.add(FieldError.tooLong(at, "may not be more than 43 bytes"));
                } else if (!isCidr(cidr)) {
                    errors.add(FieldError.invalidRendered(at, "\"string\"", "Invalid CIDR format provided"));
                }
            }
        }
        if (p.containsKey("domainNames")) {
            List<Object> names = list(p.get("domainNames"), path + ".domainNames", 1);
            Set<Object> seen = new HashSet<>();
            for (int i = 0; i < names.size(); i++) {
                String at = path + ".domainNames[" + i + "]";
                String name = string(names.get(i), at);
                if (name == null) {
                    continue;
                }
                if (!seen.add(name)) {
                    errors.add(FieldError.duplicate(at, name));
                }
                if (!DOMAIN_NAME.matcher(name).matches()) {
                    errors.add(FieldError.invalid(at, name, at + " in body should match '" + DOMAIN_NAME.pattern() + "'"));
                }
            }
        }
        return p.containsKey("networks") || p.containsKey("nodes") || p.containsKey("domainNames");
    }

    /** CEL {@code isCIDR}: an IPv4 or IPv6 prefix, no leading zeros, no zone, no IPv4-mapped IPv6. */
    static boolean isCidr(String text) {
        int slash = text.indexOf('/');
        if (slash > 0 && text.substring(0, slash).contains(":") && text.substring(0, slash).contains(".")) {
            return false;
        }
        return Cidr.parse(text).isPresent();
    }

    /** @return whether it is a {@code destinationNamedPort} */
    private boolean protocol(Object tree, String path) {
        Map<String, Object> p = object(tree, path);
        if (p == null) {
            return false;
        }
        onlyFields(p, path, "tcp", "udp", "sctp", "destinationNamedPort");
        exactlyOne(p, path, "tcp", "udp", "sctp", "destinationNamedPort");
        for (String proto : List.of("tcp", "udp", "sctp")) {
            if (!p.containsKey(proto)) {
                continue;
            }
            String at = path + "." + proto;
            Map<String, Object> t = object(p.get(proto), at);
            if (t == null) {
                continue;
            }
            onlyFields(t, at, "destinationPort");
            if (t.isEmpty()) {
                errors.add(minProperties(at, 0, 1));
                continue;
            }
            if (t.containsKey("destinationPort")) {
                destinationPort(t.get("destinationPort"), at + ".destinationPort");
            }
        }
        if (p.containsKey("destinationNamedPort")) {
            String name = string(p.get("destinationNamedPort"), path + ".destinationNamedPort");
            if (name != null && name.isEmpty()) {
                // omitempty: an empty name is no field at all, which leaves the entry with no properties
                errors.add(minProperties(path, 0, 1));
            }
            return true;
        }
        return false;
    }

    private void destinationPort(Object tree, String path) {
        Map<String, Object> d = object(tree, path);
        if (d == null) {
            return;
        }
        onlyFields(d, path, "number", "range");
        exactlyOne(d, path, "number", "range");
        if (d.containsKey("number")) {
            integer(d.get("number"), path + ".number", 1, 65535);
        }
        if (d.containsKey("range")) {
            Map<String, Object> range = object(d.get("range"), path + ".range");
            if (range == null) {
                return;
            }
            onlyFields(range, path + ".range", "start", "end");
            Long start = null;
            Long end = null;
            for (String f : List.of("start", "end")) {
                if (!range.containsKey(f)) {
                    errors.add(FieldError.required(path + ".range." + f, ""));
                    continue;
                }
                Long v = integer(range.get(f), path + ".range." + f, 1, 65535);
                if (f.equals("start")) {
                    start = v;
                } else {
                    end = v;
                }
            }
            if (start != null && end != null && start >= end) {
                errors.add(FieldError.invalidRendered(path + ".range", "\"object\"", "Start port must be less than End port"));
            }
        }
    }

    private void namespacedPod(Object tree, String path) {
        Map<String, Object> p = object(tree, path);
        if (p == null) {
            return;
        }
        onlyFields(p, path, "namespaceSelector", "podSelector");
        if (!p.containsKey("podSelector") || p.get("podSelector") == null) {
            errors.add(FieldError.required(path + ".podSelector", ""));
        } else {
            selector(p.get("podSelector"), path + ".podSelector");
        }
        if (p.get("namespaceSelector") != null) {
            selector(p.get("namespaceSelector"), path + ".namespaceSelector");
        }
    }

    /** A {@code metav1.LabelSelector}: schema types, then apimachinery's selector rules. */
    private void selector(Object tree, String path) {
        if (tree == null) {
            return;
        }
        Map<String, Object> s = object(tree, path);
        if (s == null) {
            return;
        }
        onlyFields(s, path, "matchLabels", "matchExpressions");
        int before = errors.size();
        Map<String, String> labels = new LinkedHashMap<>();
        if (s.get("matchLabels") != null) {
            Map<String, Object> ml = object(s.get("matchLabels"), path + ".matchLabels");
            if (ml != null) {
                ml.forEach((k, v) -> labels.put(k, v == null ? "" : string(v, path + ".matchLabels." + k)));
            }
        }
        List<LabelSelectorRequirement> reqs = new ArrayList<>();
        if (s.get("matchExpressions") != null) {
            List<Object> exprs = list(s.get("matchExpressions"), path + ".matchExpressions", 0);
            for (int i = 0; i < exprs.size(); i++) {
                String at = path + ".matchExpressions[" + i + "]";
                Map<String, Object> e = object(exprs.get(i), at);
                if (e == null) {
                    reqs.add(null);
                    continue;
                }
                onlyFields(e, at, "key", "operator", "values");
                for (String f : List.of("key", "operator")) {
                    if (e.get(f) == null) {
                        errors.add(FieldError.required(at + "." + f, ""));
                    }
                }
                String key = e.get("key") == null ? null : string(e.get("key"), at + ".key");
                String op = e.get("operator") == null ? null : string(e.get("operator"), at + ".operator");
                List<String> values = new ArrayList<>();
                List<Object> vs = list(e.get("values"), at + ".values", 0);
                for (int j = 0; j < vs.size(); j++) {
                    String v = string(vs.get(j), at + ".values[" + j + "]");
                    values.add(v == null ? "" : v);
                }
                reqs.add(new LabelSelectorRequirement(key, op, values));
            }
        }
        if (errors.size() == before) {
            LabelSelectorValidator.validate(new io.fabric8.kubernetes.api.model.LabelSelector(reqs, labels), path, errors);
        }
    }

    // --- schema primitives, with the API server's wording ---

    private void onlyFields(Map<String, Object> m, String path, String... known) {
        Set<String> k = Set.of(known);
        for (String f : m.keySet()) {
            if (!k.contains(f)) {
                errors.add(unknown(path + "." + f));
            }
        }
    }

    /** {@code minProperties: 1, maxProperties: 1} over the fields actually set (null counts as absent). */
    private void exactlyOne(Map<String, Object> m, String path, String... fields) {
        int exactly = 1;
        long set = java.util.Arrays.stream(fields).filter(f -> m.get(f) != null).count();
        if (set > exactly) {
            errors.add(FieldError.tooMany(path, (int) set, exactly));
        } else if (set < exactly) {
            errors.add(minProperties(path, (int) set, exactly));
        }
    }

    private static FieldError minProperties(String path, int actual, int min) {
        return FieldError.invalid(path, actual, path + " in body should have at least " + min + " properties");
    }

    private static FieldError unknown(String path) {
        return new FieldError(path, FieldError.Type.UNKNOWN_FIELD, null,
                "not in the policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy schema: check the spelling");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Object v, String path) {
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        errors.add(wrongType(path, v, "object"));
        return null;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object v, String path, int minItems) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            errors.add(wrongType(path, v, "array"));
            return List.of();
        }
        if (l.size() > MAX_ITEMS) {
            errors.add(FieldError.tooMany(path, l.size(), MAX_ITEMS));
        }
        if (l.size() < minItems) {
            errors.add(FieldError.invalid(path, l.size(), path + " in body should have at least " + minItems + " items"));
        }
        return (List<Object>) l;
    }

    private String string(Object v, String path) {
        if (v instanceof String s) {
            return s;
        }
        errors.add(wrongType(path, v, "string"));
        return null;
    }

    private Long integer(Object v, String path, long min, long max) {
        if (!(v instanceof Number n) || n.doubleValue() != n.longValue()) {
            errors.add(wrongType(path, v, "integer"));
            return null;
        }
        long value = n.longValue();
        if (value < min) {
            errors.add(FieldError.invalid(path, value, path + " in body should be greater than or equal to " + min));
        } else if (value > max) {
            errors.add(FieldError.invalid(path, value, path + " in body should be less than or equal to " + max));
        }
        return value;
    }

    private static FieldError wrongType(String path, Object v, String expected) {
        String actual = v == null ? "null" : v instanceof String ? "string" : v instanceof Boolean ? "boolean"
                : v instanceof Number n ? (n.doubleValue() == n.longValue() ? "integer" : "number")
                : v instanceof List ? "array" : "object";
        return FieldError.invalidRendered(path, "\"" + actual + "\"", path + " in body must be of type " + expected + ": \"" + actual + "\"");
    }
}
