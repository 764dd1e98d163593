package io.netfence.engine.snapshot;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.ClusterPolicyPort;
import io.netfence.engine.model.ClusterPolicyRule;
import io.netfence.engine.model.ClusterPolicySubject;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorRequirement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a ClusterNetworkPolicy in its generic tree form (a fabric8 {@link GenericKubernetesResource} or the
 * {@code spec} map as JSON/YAML decode it) into the engine's {@link ClusterNetworkPolicy}. The input should be valid
 * (see {@code validation.ClusterNetworkPolicyValidator}); what cannot be converted throws
 * {@link IllegalArgumentException} naming the field. One exception, as the API prescribes: a peer carrying none of
 * the fields netfence knows (an object written against a newer CRD) becomes {@link ClusterPolicyPeer.Unknown}, which
 * evaluation treats fail-closed.
 */
public final class ClusterNetworkPolicyConverter {

    public static final String API_VERSION = "policy.networking.k8s.io/v1alpha2";
    public static final String KIND = "ClusterNetworkPolicy";

    private ClusterNetworkPolicyConverter() {
    }

    public static ClusterNetworkPolicy convert(GenericKubernetesResource r) {
        return convert(r.getMetadata() == null ? null : r.getMetadata().getName(), spec(r));
    }

    /** The {@code spec} of a generic resource (null when absent). */
    public static Object spec(GenericKubernetesResource r) {
        return r.getAdditionalProperties() == null ? null : r.getAdditionalProperties().get("spec");
    }

    public static ClusterNetworkPolicy convert(String name, Object specTree) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("metadata.name: Required value");
        }
        Map<String, Object> spec = map(specTree, "spec");
        ClusterPolicyTier tier = tier(spec);
        int priority = priority(spec);
        ClusterPolicySubject subject = subject(spec.get("subject"));
        return new ClusterNetworkPolicy(name, tier, priority, subject, rules(spec, Direction.INGRESS), rules(spec, Direction.EGRESS));
    }

    public static ClusterPolicyTier tier(Map<String, Object> spec) {
        Object t = spec.get("tier");
        return ClusterPolicyTier.parse(t instanceof String s ? s : null).orElseThrow(() -> new IllegalArgumentException(
                "spec.tier: Unsupported value: " + render(t) + ": supported values: \"Admin\", \"Baseline\""));
    }

    public static int priority(Map<String, Object> spec) {
        Object p = spec.get("priority");
        if (!(p instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 0 || n.longValue() > 1000) {
            throw new IllegalArgumentException("spec.priority: Invalid value: " + render(p) + ": must be an integer from 0 to 1000");
        }
        return n.intValue();
    }

    public static ClusterPolicySubject subject(Object tree) {
        Map<String, Object> s = map(tree, "spec.subject");
        requireOneOf(s, "spec.subject", "namespaces", "pods");
        if (s.containsKey("namespaces")) {
            return ClusterPolicySubject.namespaces(selector(s.get("namespaces"), "spec.subject.namespaces"));
        }
        Map<String, Object> pods = map(s.get("pods"), "spec.subject.pods");
        return ClusterPolicySubject.pods(selector(pods.get("namespaceSelector"), "spec.subject.pods.namespaceSelector"),
                requiredSelector(pods, "podSelector", "spec.subject.pods"));
    }

    private static List<ClusterPolicyRule> rules(Map<String, Object> spec, Direction dir) {
        String field = dir == Direction.INGRESS ? "ingress" : "egress";
        List<Object> list = list(spec.get(field), "spec." + field);
        List<ClusterPolicyRule> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(rule(list.get(i), dir, ClusterNetworkPolicy.rulePath(dir, i)));
        }
        return out;
    }

    /** One rule at {@code path}; throws naming the field when it cannot be read. */
    public static ClusterPolicyRule rule(Object tree, Direction dir, String path) {
        Map<String, Object> r = map(tree, path);
        Object n = r.get("name");
        if (n != null && !(n instanceof String)) {
            throw new IllegalArgumentException(path + ".name: Invalid value: " + render(n) + ": must be a string");
        }
        ClusterPolicyAction action = action(r, path);
        String peerField = dir == Direction.INGRESS ? "from" : "to";
        List<Object> peers = list(r.get(peerField), path + "." + peerField);
        if (peers.isEmpty()) {
            throw new IllegalArgumentException(path + "." + peerField + ": Required value: at least one peer");
        }
        List<ClusterPolicyPeer> out = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            out.add(peer(peers.get(i), dir, path + "." + peerField + "[" + i + "]"));
        }
        List<ClusterPolicyPort> ports = new ArrayList<>();
        List<Object> protocols = list(r.get("protocols"), path + ".protocols");
        for (int i = 0; i < protocols.size(); i++) {
            ports.add(port(protocols.get(i), path + ".protocols[" + i + "]"));
        }
        return new ClusterPolicyRule((String) n, action, out, ports);
    }

    public static ClusterPolicyAction action(Map<String, Object> rule, String path) {
        Object a = rule.get("action");
        return ClusterPolicyAction.parse(a instanceof String s ? s : null).orElseThrow(() -> new IllegalArgumentException(
                path + ".action: Unsupported value: " + render(a) + ": supported values: \"Accept\", \"Deny\", \"Pass\""));
    }

    private static ClusterPolicyPeer peer(Object tree, Direction dir, String path) {
        Map<String, Object> p = map(tree, path);
        List<String> known = dir == Direction.INGRESS ? List.of("namespaces", "pods")
                : List.of("namespaces", "pods", "networks", "nodes", "domainNames");
        List<String> present = known.stream().filter(p::containsKey).toList();
        if (present.isEmpty()) {
            return new ClusterPolicyPeer.Unknown(p.isEmpty() ? "{}" : String.join(",", p.keySet()));
        }
        if (present.size() > 1) {
            throw new IllegalArgumentException(path + ": Too many: " + present.size() + ": must have at most 1 items");
        }
        String f = present.get(0);
        return switch (f) {
            case "namespaces" -> new ClusterPolicyPeer.Pods(selector(p.get(f), path + ".namespaces"), null);
            case "pods" -> {
                Map<String, Object> pods = map(p.get(f), path + ".pods");
                yield new ClusterPolicyPeer.Pods(selector(pods.get("namespaceSelector"), path + ".pods.namespaceSelector"),
                        requiredSelector(pods, "podSelector", path + ".pods"));
            }
            case "networks" -> {
                List<Object> nets = list(p.get(f), path + ".networks");
                List<Cidr> cidrs = new ArrayList<>();
                for (int i = 0; i < nets.size(); i++) {
                    Object c = nets.get(i);
                    String at = path + ".networks[" + i + "]";
                    cidrs.add(Cidr.parse(c instanceof String s ? s : null).orElseThrow(() ->
                            new IllegalArgumentException(at + ": Invalid value: " + render(c) + ": Invalid CIDR format provided")));
                }
                if (cidrs.isEmpty()) {
                    throw new IllegalArgumentException(path + ".networks: Required value: at least one CIDR");
                }
                yield new ClusterPolicyPeer.Networks(cidrs);
            }
            case "nodes" -> new ClusterPolicyPeer.Nodes(selector(p.get(f), path + ".nodes"));
            default -> new ClusterPolicyPeer.DomainNames(list(p.get(f), path + ".domainNames").stream().map(String::valueOf).toList());
        };
    }

    private static ClusterPolicyPort port(Object tree, String path) {
        Map<String, Object> p = map(tree, path);
        String f = requireOneOf(p, path, "tcp", "udp", "sctp", "destinationNamedPort");
        if (f.equals("destinationNamedPort")) {
            Object name = p.get(f);
            if (!(name instanceof String s) || s.isEmpty()) {
                throw new IllegalArgumentException(path + ".destinationNamedPort: Invalid value: " + render(name) + ": must be a port name");
            }
            return ClusterPolicyPort.named(s);
        }
        Protocol proto = Protocol.valueOf(f.toUpperCase(java.util.Locale.ROOT));
        Map<String, Object> dp = map(map(p.get(f), path + "." + f).get("destinationPort"), path + "." + f + ".destinationPort");
        String dpPath = path + "." + f + ".destinationPort";
        String which = requireOneOf(dp, dpPath, "number", "range");
        if (which.equals("number")) {
            int n = portNumber(dp.get("number"), dpPath + ".number");
            return ClusterPolicyPort.number(proto, n);
        }
        Map<String, Object> range = map(dp.get("range"), dpPath + ".range");
        int start = portNumber(range.get("start"), dpPath + ".range.start");
        int end = portNumber(range.get("end"), dpPath + ".range.end");
        if (start >= end) {
            throw new IllegalArgumentException(dpPath + ".range: Invalid value: \"object\": Start port must be less than End port");
        }
        return ClusterPolicyPort.range(proto, start, end);
    }

    private static int portNumber(Object v, String path) {
        if (!(v instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 1 || n.longValue() > 65535) {
            throw new IllegalArgumentException(path + ": Invalid value: " + render(v) + ": must be a port from 1 to 65535");
        }
        return n.intValue();
    }

    private static LabelSelector requiredSelector(Map<String, Object> parent, String field, String parentPath) {
        if (!parent.containsKey(field) || parent.get(field) == null) {
            throw new IllegalArgumentException(parentPath + "." + field + ": Required value");
        }
        return selector(parent.get(field), parentPath + "." + field);
    }

    /** A {@code metav1.LabelSelector} tree; absent or null is the empty selector (everything). */
    public static LabelSelector selector(Object tree, String path) {
        if (tree == null) {
            return LabelSelector.EVERYTHING;
        }
        Map<String, Object> s = map(tree, path);
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(s.get("matchLabels"), path + ".matchLabels").entrySet()) {
            Object v = e.getValue();
            if (v != null && !(v instanceof String)) {
                throw new IllegalArgumentException(path + ".matchLabels." + e.getKey() + ": Invalid value: " + render(v) + ": must be a string");
            }
            labels.put(e.getKey(), v == null ? "" : (String) v);
        }
        List<SelectorRequirement> reqs = new ArrayList<>();
        List<Object> exprs = list(s.get("matchExpressions"), path + ".matchExpressions");
        for (int i = 0; i < exprs.size(); i++) {
            String at = path + ".matchExpressions[" + i + "]";
            Map<String, Object> r = map(exprs.get(i), at);
            Object op = r.get("operator");
            SelectorRequirement.Operator operator = SelectorRequirement.Operator.parse(op instanceof String o ? o : null)
                    .orElseThrow(() -> new IllegalArgumentException(at + ".operator: Invalid value: " + render(op) + ": not a valid selector operator"));
            if (!(r.get("key") instanceof String key) || key.isEmpty()) {
                throw new IllegalArgumentException(at + ".key: Required value");
            }
            List<String> values = list(r.get("values"), at + ".values").stream().map(v -> v == null ? "" : String.valueOf(v)).toList();
            if ((operator == SelectorRequirement.Operator.IN || operator == SelectorRequirement.Operator.NOT_IN) == values.isEmpty()) {
                throw new IllegalArgumentException(at + ".values: Invalid value: values must be given for In and NotIn only");
            }
            reqs.add(new SelectorRequirement(key, operator, values));
        }
        return new LabelSelector(labels, reqs);
    }

    private static String requireOneOf(Map<String, Object> m, String path, String... fields) {
        List<String> present = java.util.Arrays.stream(fields).filter(m::containsKey).toList();
        if (present.size() != 1) {
            throw new IllegalArgumentException(path + ": Invalid value: must have exactly one of " + String.join(", ", fields));
        }
        return present.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object tree, String path) {
        if (tree == null) {
            return Map.of();
        }
        if (!(tree instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(path + ": Invalid value: " + render(tree) + ": must be an object");
        }
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object tree, String path) {
        if (tree == null) {
            return List.of();
        }
        if (!(tree instanceof List<?> l)) {
            throw new IllegalArgumentException(path + ": Invalid value: " + render(tree) + ": must be a list");
        }
        return (List<Object>) l;
    }

    static String render(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return io.netfence.engine.validation.FieldError.quote(s);
        }
        if (v instanceof Map) {
            return "\"object\"";
        }
        if (v instanceof List) {
            return "\"array\"";
        }
        return String.valueOf(v);
    }
}
