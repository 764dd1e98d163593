package io.netfence.admin.clusterpolicies;

import static io.netfence.admin.composer.FormText.csv;
import static io.netfence.admin.composer.FormText.nz;
import static io.netfence.admin.composer.FormText.trim;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netfence.admin.composer.DraftForm.ExpressionRow;
import io.netfence.admin.composer.DraftForm.LabelRow;
import io.netfence.admin.composer.DraftForm.SelectorForm;
import io.netfence.admin.composer.DraftYaml;
import io.netfence.admin.composer.FormText;
import io.netfence.engine.snapshot.ClusterNetworkPolicyConverter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ClusterNetworkPolicy composer's form as YAML and back; and a stored object as the draft that edits it. */
public final class ClusterDraftYaml {

    private static final List<String> PROTOCOLS = List.of("tcp", "udp", "sctp");

    private ClusterDraftYaml() {
    }

    public static String toYaml(ClusterDraftForm form) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", ClusterNetworkPolicyConverter.API_VERSION);
        root.put("kind", ClusterNetworkPolicyConverter.KIND);
        Map<String, Object> meta = FormText.metadata(form.getName(), null, form.getResourceVersion(),
                form.getLabels(), form.getAnnotations());
        root.put("metadata", meta);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("tier", trim(form.getTier()));
        String priority = trim(form.getPriority());
        spec.put("priority", number(priority));
        Map<String, Object> subject = new LinkedHashMap<>();
        if (form.subjectIsPods()) {
            Map<String, Object> pods = new LinkedHashMap<>();
            pods.put("namespaceSelector", DraftYaml.selector(form.getSubjectNamespaces()));
            pods.put("podSelector", DraftYaml.selector(form.getSubjectPods()));
            subject.put("pods", pods);
        } else {
            subject.put("namespaces", DraftYaml.selector(form.getSubjectNamespaces()));
        }
        spec.put("subject", subject);
        if (!form.getIngress().isEmpty()) {
            spec.put("ingress", rules(form.getIngress(), "from"));
        }
        if (!form.getEgress().isEmpty()) {
            spec.put("egress", rules(form.getEgress(), "to"));
        }
        root.put("spec", spec);
        return DraftYaml.write(root);
    }

    private static List<Object> rules(List<ClusterDraftForm.RuleForm> rules, String peerField) {
        List<Object> out = new ArrayList<>();
        for (ClusterDraftForm.RuleForm r : rules) {
            Map<String, Object> rule = new LinkedHashMap<>();
            if (!trim(r.getName()).isEmpty()) {
                rule.put("name", trim(r.getName()));
            }
            rule.put("action", trim(r.getAction()));
            List<Object> peers = new ArrayList<>();
            for (ClusterDraftForm.PeerForm p : r.getPeers()) {
                Map<String, Object> peer = new LinkedHashMap<>();
                switch (trim(p.getType())) {
                    case "pods" -> {
                        Map<String, Object> pods = new LinkedHashMap<>();
                        pods.put("namespaceSelector", DraftYaml.selector(p.getNamespaceSelector()));
                        pods.put("podSelector", DraftYaml.selector(p.getPodSelector()));
                        peer.put("pods", pods);
                    }
                    case "networks" -> peer.put("networks", csv(p.getNetworks()));
                    case "nodes" -> peer.put("nodes", DraftYaml.selector(p.getNodeSelector()));
                    case "domainNames" -> peer.put("domainNames", csv(p.getDomainNames()));
                    default -> peer.put("namespaces", DraftYaml.selector(p.getNamespaceSelector()));
                }
                peers.add(peer);
            }
            // a rule without peers is refused by the API (from/to are required): kept empty so validation names it
            rule.put(peerField, peers);
            if (!r.getPorts().isEmpty()) {
                List<Object> protocols = new ArrayList<>();
                for (ClusterDraftForm.PortForm p : r.getPorts()) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    String port = trim(p.getPort());
                    String end = trim(p.getEndPort());
                    if (!port.isEmpty() && !digits(port)) {
                        entry.put("destinationNamedPort", port);
                    } else {
                        Map<String, Object> destination = new LinkedHashMap<>();
                        if (!end.isEmpty()) {
                            Map<String, Object> range = new LinkedHashMap<>();
                            range.put("start", number(port));
                            range.put("end", number(end));
                            destination.put("range", range);
                        } else if (!port.isEmpty()) {
                            destination.put("number", number(port));
                        }
                        Map<String, Object> proto = new LinkedHashMap<>();
                        if (!destination.isEmpty()) {
                            proto.put("destinationPort", destination);
                        }
                        String name = trim(p.getProtocol()).toLowerCase(java.util.Locale.ROOT);
                        entry.put(PROTOCOLS.contains(name) ? name : "tcp", proto);
                    }
                    protocols.add(entry);
                }
                rule.put("protocols", protocols);
            }
            out.add(rule);
        }
        return out;
    }

    /** The form of a ClusterNetworkPolicy in generic form (what the form does not show stays in the YAML only). */
    public static ClusterDraftForm toForm(GenericKubernetesResource r) {
        ClusterDraftForm f = new ClusterDraftForm();
        if (r.getMetadata() != null) {
            f.setName(nz(r.getMetadata().getName()));
            f.setResourceVersion(nz(r.getMetadata().getResourceVersion()));
            if (r.getMetadata().getLabels() != null) {
                r.getMetadata().getLabels().forEach((k, v) -> f.getLabels().add(new LabelRow(k, v)));
            }
            if (r.getMetadata().getAnnotations() != null) {
                r.getMetadata().getAnnotations().forEach((k, v) -> f.getAnnotations().add(new LabelRow(k, v)));
            }
        }
        Map<String, Object> spec = map(ClusterNetworkPolicyConverter.spec(r));
        f.setTier(spec.get("tier") instanceof String t ? t : "");
        f.setPriority(spec.get("priority") == null ? "" : String.valueOf(spec.get("priority")));
        Map<String, Object> subject = map(spec.get("subject"));
        if (subject.containsKey("pods")) {
            Map<String, Object> pods = map(subject.get("pods"));
            f.setSubjectType("pods");
            f.setSubjectNamespaces(selectorForm(pods.get("namespaceSelector")));
            f.setSubjectPods(selectorForm(pods.get("podSelector")));
        } else {
            f.setSubjectNamespaces(selectorForm(subject.get("namespaces")));
        }
        f.setIngress(ruleForms(spec.get("ingress"), "from"));
        f.setEgress(ruleForms(spec.get("egress"), "to"));
        return f;
    }

    private static List<ClusterDraftForm.RuleForm> ruleForms(Object tree, String peerField) {
        List<ClusterDraftForm.RuleForm> out = new ArrayList<>();
        for (Object o : list(tree)) {
            Map<String, Object> rule = map(o);
            ClusterDraftForm.RuleForm r = new ClusterDraftForm.RuleForm();
            r.setName(rule.get("name") instanceof String s ? s : "");
            r.setAction(rule.get("action") instanceof String s ? s : "");
            for (Object p : list(rule.get(peerField))) {
                Map<String, Object> peer = map(p);
                ClusterDraftForm.PeerForm pf = new ClusterDraftForm.PeerForm();
                if (peer.containsKey("pods")) {
                    Map<String, Object> pods = map(peer.get("pods"));
                    pf.setType("pods");
                    pf.setNamespaceSelector(selectorForm(pods.get("namespaceSelector")));
                    pf.setPodSelector(selectorForm(pods.get("podSelector")));
                } else if (peer.containsKey("networks")) {
                    pf.setType("networks");
                    pf.setNetworks(String.join(",", list(peer.get("networks")).stream().map(String::valueOf).toList()));
                } else if (peer.containsKey("nodes")) {
                    pf.setType("nodes");
                    pf.setNodeSelector(selectorForm(peer.get("nodes")));
                } else if (peer.containsKey("domainNames")) {
                    pf.setType("domainNames");
                    pf.setDomainNames(String.join(",", list(peer.get("domainNames")).stream().map(String::valueOf).toList()));
                } else {
                    pf.setNamespaceSelector(selectorForm(peer.get("namespaces")));
                }
                r.getPeers().add(pf);
            }
            for (Object p : list(rule.get("protocols"))) {
                Map<String, Object> entry = map(p);
                if (entry.get("destinationNamedPort") != null) {
                    r.getPorts().add(new ClusterDraftForm.PortForm("TCP", String.valueOf(entry.get("destinationNamedPort")), ""));
                    continue;
                }
                String protocol = PROTOCOLS.stream().filter(entry::containsKey).findFirst().orElse("tcp");
                Map<String, Object> destination = map(map(entry.get(protocol)).get("destinationPort"));
                Map<String, Object> range = map(destination.get("range"));
                String port = destination.get("number") != null ? String.valueOf(destination.get("number"))
                        : range.get("start") != null ? String.valueOf(range.get("start")) : "";
                String end = range.get("end") != null ? String.valueOf(range.get("end")) : "";
                r.getPorts().add(new ClusterDraftForm.PortForm(protocol.toUpperCase(java.util.Locale.ROOT), port, end));
            }
            out.add(r);
        }
        return out;
    }

    /**
     * The draft that edits a stored object: apiVersion, kind, name, resourceVersion, labels, annotations and the spec's
     * v1alpha2 fields as stored (status, server fields and unknown spec fields are not the user's; a push keeps them).
     */
    public static String editYaml(GenericKubernetesResource stored) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", ClusterNetworkPolicyConverter.API_VERSION);
        root.put("kind", ClusterNetworkPolicyConverter.KIND);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", stored.getMetadata().getName());
        meta.put("resourceVersion", stored.getMetadata().getResourceVersion());
        meta.put("labels", stored.getMetadata().getLabels() == null ? Map.of() : new LinkedHashMap<>(stored.getMetadata().getLabels()));
        meta.put("annotations", stored.getMetadata().getAnnotations() == null ? Map.of()
                : new LinkedHashMap<>(stored.getMetadata().getAnnotations()));
        root.put("metadata", meta);
        // spec fields of a newer CRD are not the composer's (validation would refuse them): the push keeps them as stored
        Map<String, Object> spec = new LinkedHashMap<>();
        map(ClusterNetworkPolicyConverter.spec(stored)).forEach((k, v) -> {
            if (ClusterPushService.EDITED_SPEC_FIELDS.contains(k)) {
                spec.put(k, v);
            }
        });
        root.put("spec", spec);
        return DraftYaml.write(root);
    }

    private static SelectorForm selectorForm(Object tree) {
        SelectorForm f = new SelectorForm();
        Map<String, Object> s = map(tree);
        map(s.get("matchLabels")).forEach((k, v) -> f.getLabels().add(new LabelRow(k, v == null ? "" : String.valueOf(v))));
        for (Object e : list(s.get("matchExpressions"))) {
            Map<String, Object> req = map(e);
            f.getExpressions().add(new ExpressionRow(req.get("key") == null ? "" : String.valueOf(req.get("key")),
                    req.get("operator") == null ? "" : String.valueOf(req.get("operator")),
                    String.join(",", list(req.get("values")).stream().map(String::valueOf).toList())));
        }
        return f;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** A whole number as a number; other text as typed, so validation names the field with the value. */
    private static Object number(String text) {
        return digits(text) && text.length() < 10 ? (Object) Integer.parseInt(text) : text;
    }

    private static boolean digits(String text) {
        return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
    }
}
