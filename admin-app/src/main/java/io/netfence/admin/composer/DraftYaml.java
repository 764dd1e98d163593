package io.netfence.admin.composer;

import static io.netfence.admin.composer.FormText.csv;
import static io.netfence.admin.composer.FormText.nz;
import static io.netfence.admin.composer.FormText.trim;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts the composer's form to NetworkPolicy YAML and a parsed NetworkPolicy back to the form. */
public final class DraftYaml {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .build();

    private DraftYaml() {
    }

    /** Any object (e.g. a stored NetworkPolicy) as YAML with the same style as the composer's. */
    public static String write(Object value) {
        return YAML.writeValueAsString(value);
    }

    public static String toYaml(DraftForm form) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "networking.k8s.io/v1");
        root.put("kind", "NetworkPolicy");
        Map<String, Object> meta = FormText.metadata(form.getName(), form.getNamespace(), form.getResourceVersion(),
                form.getLabels(), form.getAnnotations());
        root.put("metadata", meta);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("podSelector", selector(form.getPodSelector()));
        List<String> types = new ArrayList<>();
        if (form.isIngressType()) {
            types.add("Ingress");
        }
        if (form.isEgressType()) {
            types.add("Egress");
        }
        if (!types.isEmpty()) {
            spec.put("policyTypes", types);
        }
        if (!form.getIngress().isEmpty()) {
            spec.put("ingress", rules(form.getIngress(), "from"));
        }
        if (!form.getEgress().isEmpty()) {
            spec.put("egress", rules(form.getEgress(), "to"));
        }
        root.put("spec", spec);
        return YAML.writeValueAsString(root);
    }

    private static List<Object> rules(List<DraftForm.RuleForm> rules, String peerField) {
        List<Object> out = new ArrayList<>();
        for (DraftForm.RuleForm r : rules) {
            Map<String, Object> rule = new LinkedHashMap<>();
            if (!r.getPeers().isEmpty()) {
                List<Object> peers = new ArrayList<>();
                for (DraftForm.PeerForm p : r.getPeers()) {
                    Map<String, Object> peer = new LinkedHashMap<>();
                    if (p.usesIpBlock()) {
                        Map<String, Object> block = new LinkedHashMap<>();
                        block.put("cidr", trim(p.getCidr()));
                        List<String> except = csv(p.getExcept());
                        if (!except.isEmpty()) {
                            block.put("except", except);
                        }
                        peer.put("ipBlock", block);
                    } else {
                        if (p.usesNamespaces()) {
                            peer.put("namespaceSelector", selector(p.getNamespaceSelector()));
                        }
                        if (p.usesPods()) {
                            peer.put("podSelector", selector(p.getPodSelector()));
                        }
                    }
                    peers.add(peer);
                }
                rule.put(peerField, peers);
            }
            if (!r.getPorts().isEmpty()) {
                List<Object> ports = new ArrayList<>();
                for (DraftForm.PortForm p : r.getPorts()) {
                    Map<String, Object> port = new LinkedHashMap<>();
                    port.put("protocol", trim(p.getProtocol()).isEmpty() ? "TCP" : trim(p.getProtocol()));
                    String number = trim(p.getPort());
                    if (!number.isEmpty()) {
                        port.put("port", number.chars().allMatch(Character::isDigit) && number.length() < 10 ? (Object) Integer.parseInt(number) : number);
                    }
                    String end = trim(p.getEndPort());
                    if (!end.isEmpty()) {
                        port.put("endPort", end.chars().allMatch(Character::isDigit) && end.length() < 10 ? (Object) Integer.parseInt(end) : end);
                    }
                    ports.add(port);
                }
                rule.put("ports", ports);
            }
            out.add(rule);
        }
        return out;
    }

    /** A label selector of the form as the API writes it (matchLabels, matchExpressions; empty: {}). */
    public static Map<String, Object> selector(DraftForm.SelectorForm s) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (DraftForm.LabelRow row : s.getLabels()) {
            if (!trim(row.getKey()).isEmpty() || !trim(row.getValue()).isEmpty()) {
                labels.put(trim(row.getKey()), trim(row.getValue()));
            }
        }
        if (!labels.isEmpty()) {
            out.put("matchLabels", labels);
        }
        List<Object> expressions = new ArrayList<>();
        for (DraftForm.ExpressionRow row : s.getExpressions()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("key", trim(row.getKey()));
            e.put("operator", trim(row.getOperator()));
            if ("In".equals(row.getOperator()) || "NotIn".equals(row.getOperator()) || !csv(row.getValues()).isEmpty()) {
                e.put("values", csv(row.getValues()));
            }
            expressions.add(e);
        }
        if (!expressions.isEmpty()) {
            out.put("matchExpressions", expressions);
        }
        return out;
    }

    /** The form of a parsed NetworkPolicy. */
    public static DraftForm toForm(NetworkPolicy np) {
        DraftForm f = new DraftForm();
        if (np.getMetadata() != null) {
            f.setName(nz(np.getMetadata().getName()));
            f.setNamespace(nz(np.getMetadata().getNamespace()));
            f.setResourceVersion(nz(np.getMetadata().getResourceVersion()));
            if (np.getMetadata().getLabels() != null) {
                np.getMetadata().getLabels().forEach((k, v) -> f.getLabels().add(new DraftForm.LabelRow(k, v)));
            }
            if (np.getMetadata().getAnnotations() != null) {
                np.getMetadata().getAnnotations().forEach((k, v) -> f.getAnnotations().add(new DraftForm.LabelRow(k, v)));
            }
        }
        NetworkPolicySpec spec = np.getSpec() == null ? new NetworkPolicySpec() : np.getSpec();
        f.setPodSelector(selectorForm(spec.getPodSelector()));
        List<String> types = spec.getPolicyTypes() == null ? List.of() : spec.getPolicyTypes();
        f.setIngressType(types.contains("Ingress"));
        f.setEgressType(types.contains("Egress"));
        if (spec.getIngress() != null) {
            spec.getIngress().forEach(r -> f.getIngress().add(ruleForm(r == null ? null : r.getFrom(), r == null ? null : r.getPorts())));
        }
        if (spec.getEgress() != null) {
            spec.getEgress().forEach(r -> f.getEgress().add(ruleForm(r == null ? null : r.getTo(), r == null ? null : r.getPorts())));
        }
        return f;
    }

    private static DraftForm.RuleForm ruleForm(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {
        DraftForm.RuleForm r = new DraftForm.RuleForm();
        if (peers != null) {
            for (NetworkPolicyPeer p : peers) {
                DraftForm.PeerForm pf = new DraftForm.PeerForm();
                if (p == null) {
                    r.getPeers().add(pf);
                    continue;
                }
                IPBlock block = p.getIpBlock();
                if (block != null) {
                    pf.setType("ipBlock");
                    pf.setCidr(nz(block.getCidr()));
                    pf.setExcept(block.getExcept() == null ? "" : String.join(",", block.getExcept()));
                } else {
                    pf.setType(p.getNamespaceSelector() != null && p.getPodSelector() != null ? "pods-in-namespaces"
                            : p.getNamespaceSelector() != null ? "namespaces" : "pods");
                    pf.setPodSelector(selectorForm(p.getPodSelector()));
                    pf.setNamespaceSelector(selectorForm(p.getNamespaceSelector()));
                }
                r.getPeers().add(pf);
            }
        }
        if (ports != null) {
            for (NetworkPolicyPort p : ports) {
                if (p == null) {
                    r.getPorts().add(new DraftForm.PortForm());
                    continue;
                }
                IntOrString port = p.getPort();
                String text = port == null ? "" : port.getIntVal() != null ? String.valueOf(port.getIntVal()) : nz(port.getStrVal());
                r.getPorts().add(new DraftForm.PortForm(p.getProtocol() == null ? "TCP" : p.getProtocol(), text,
                        p.getEndPort() == null ? "" : String.valueOf(p.getEndPort())));
            }
        }
        return r;
    }

    private static DraftForm.SelectorForm selectorForm(LabelSelector s) {
        DraftForm.SelectorForm f = new DraftForm.SelectorForm();
        if (s == null) {
            return f;
        }
        if (s.getMatchLabels() != null) {
            s.getMatchLabels().forEach((k, v) -> f.getLabels().add(new DraftForm.LabelRow(k, v)));
        }
        if (s.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : s.getMatchExpressions()) {
                if (r != null) {
                    f.getExpressions().add(new DraftForm.ExpressionRow(nz(r.getKey()), nz(r.getOperator()),
                            r.getValues() == null ? "" : String.join(",", r.getValues())));
                }
            }
        }
        return f;
    }
}
