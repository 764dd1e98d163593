package io.netfence.admin.composer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The composer's starting points, each for a chosen namespace. */
public final class DraftTemplates {

    public record Template(String id, String title, String description) {
    }

    public static final List<Template> ALL = List.of(
            new Template("default-deny-ingress", "Default deny ingress", "isolate every pod of the namespace for ingress; nothing may connect to them"),
            new Template("default-deny-egress", "Default deny egress", "isolate every pod of the namespace for egress; they may connect nowhere"),
            new Template("allow-same-namespace", "Allow same namespace", "pods of the namespace may connect to each other"),
            new Template("allow-dns-egress", "Allow DNS egress", "pods may reach kube-dns in kube-system on UDP and TCP 53"),
            new Template("allow-from-namespace", "Allow from a namespace", "pods accept connections from every pod of another namespace (e.g. the ingress controller's)"),
            new Template("allow-to-cidr", "Allow to a CIDR", "pods may connect to an address range outside the cluster on 443"));

    /** Where "Allow from a namespace" starts when the user picked no namespace: the usual ingress controller's. */
    public static final String DEFAULT_FROM_NAMESPACE = "ingress-nginx";

    private DraftTemplates() {
    }

    public static Optional<DraftForm> create(String id, String namespace, String otherNamespace) {
        String ns = namespace == null || namespace.isBlank() ? "default" : namespace.strip();
        DraftForm f = new DraftForm();
        f.setNamespace(ns);
        switch (id) {
            case "default-deny-ingress" -> {
                f.setName("default-deny-ingress");
                f.setIngressType(true);
            }
            case "default-deny-egress" -> {
                f.setName("default-deny-egress");
                f.setEgressType(true);
            }
            case "allow-same-namespace" -> {
                f.setName("allow-same-namespace");
                f.setIngressType(true);
                DraftForm.RuleForm r = new DraftForm.RuleForm();
                r.getPeers().add(peer("pods", Map.of(), Map.of()));
                f.getIngress().add(r);
            }
            case "allow-dns-egress" -> {
                f.setName("allow-dns-egress");
                f.setEgressType(true);
                DraftForm.RuleForm r = new DraftForm.RuleForm();
                r.getPeers().add(peer("pods-in-namespaces", Map.of("k8s-app", "kube-dns"), Map.of("kubernetes.io/metadata.name", "kube-system")));
                r.getPorts().add(new DraftForm.PortForm("UDP", "53", ""));
                r.getPorts().add(new DraftForm.PortForm("TCP", "53", ""));
                f.getEgress().add(r);
            }
            case "allow-from-namespace" -> {
                String from = otherNamespace == null || otherNamespace.isBlank() ? DEFAULT_FROM_NAMESPACE : otherNamespace.strip();
                f.setName("allow-from-" + from);
                f.setIngressType(true);
                DraftForm.RuleForm r = new DraftForm.RuleForm();
                r.getPeers().add(peer("namespaces", Map.of(), Map.of("kubernetes.io/metadata.name", from)));
                f.getIngress().add(r);
            }
            case "allow-to-cidr" -> {
                f.setName("allow-to-cidr");
                f.setEgressType(true);
                DraftForm.RuleForm r = new DraftForm.RuleForm();
                DraftForm.PeerForm p = new DraftForm.PeerForm();
                p.setType("ipBlock");
                p.setCidr("203.0.113.0/24");
                p.setExcept("203.0.113.128/25");
                r.getPeers().add(p);
                r.getPorts().add(new DraftForm.PortForm("TCP", "443", ""));
                f.getEgress().add(r);
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(f);
    }

    private static DraftForm.PeerForm peer(String type, Map<String, String> pods, Map<String, String> namespaces) {
        DraftForm.PeerForm p = new DraftForm.PeerForm();
        p.setType(type);
        new LinkedHashMap<>(pods).forEach((k, v) -> p.getPodSelector().getLabels().add(new DraftForm.LabelRow(k, v)));
        new LinkedHashMap<>(namespaces).forEach((k, v) -> p.getNamespaceSelector().getLabels().add(new DraftForm.LabelRow(k, v)));
        return p;
    }
}
