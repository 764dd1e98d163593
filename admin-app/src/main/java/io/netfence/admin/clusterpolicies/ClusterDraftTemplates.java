package io.netfence.admin.clusterpolicies;

import io.netfence.admin.composer.DraftForm.ExpressionRow;
import io.netfence.admin.composer.DraftForm.LabelRow;

import java.util.List;
import java.util.Optional;

/** The ClusterNetworkPolicy composer's starting points: what platform teams write first. */
public final class ClusterDraftTemplates {

    public record Template(String id, String title, String description) {
    }

    public static final List<Template> ALL = List.of(
            new Template("tenant-isolation", "Deny tenant namespaces to each other",
                    "Admin: namespaces of one tenant (label team=<tenant>) refuse connections from every other tenant's namespaces (the platform team's excepted); one policy per tenant"),
            new Template("allow-monitoring", "Always allow monitoring",
                    "Admin: Prometheus in the monitoring namespace may scrape every pod's metrics port, whatever NetworkPolicies say"),
            new Template("block-cloud-metadata", "Block cloud metadata 169.254.169.254",
                    "Admin: no pod outside kube-system reaches the cloud provider's instance metadata service"),
            new Template("baseline-default-deny", "Baseline default-deny",
                    "Baseline: pods outside kube-system accept no connections unless a NetworkPolicy or an Admin rule allows them"));

    /** The tenant "Deny tenant namespaces to each other" starts with when none is chosen. */
    public static final String DEFAULT_TENANT = "data";
    static final String TENANT_LABEL = "team";

    private ClusterDraftTemplates() {
    }

    public static Optional<ClusterDraftForm> create(String id, String tenant) {
        ClusterDraftForm f = new ClusterDraftForm();
        switch (id) {
            case "tenant-isolation" -> {
                String t = tenant == null || tenant.isBlank() ? DEFAULT_TENANT : tenant.strip();
                f.setName("isolate-tenant-" + t);
                f.setTier("Admin");
                // after "always allow monitoring" (20): a tenant wall must not cut the platform's scrapes
                f.setPriority("30");
                f.getSubjectNamespaces().getLabels().add(new LabelRow(TENANT_LABEL, t));
                ClusterDraftForm.RuleForm deny = rule("deny-other-tenants", "Deny");
                ClusterDraftForm.PeerForm others = new ClusterDraftForm.PeerForm();
                others.getNamespaceSelector().getExpressions().add(new ExpressionRow(TENANT_LABEL, "Exists", ""));
                others.getNamespaceSelector().getExpressions().add(new ExpressionRow(TENANT_LABEL, "NotIn", t + ",platform"));
                deny.getPeers().add(others);
                f.getIngress().add(deny);
            }
            case "allow-monitoring" -> {
                f.setName("allow-monitoring-scrape");
                f.setTier("Admin");
                f.setPriority("20");
                ClusterDraftForm.RuleForm accept = rule("allow-prometheus", "Accept");
                ClusterDraftForm.PeerForm prometheus = new ClusterDraftForm.PeerForm();
                prometheus.setType("pods");
                prometheus.getNamespaceSelector().getLabels().add(new LabelRow("kubernetes.io/metadata.name", "monitoring"));
                prometheus.getPodSelector().getLabels().add(new LabelRow("app.kubernetes.io/name", "prometheus"));
                accept.getPeers().add(prometheus);
                accept.getPorts().add(new ClusterDraftForm.PortForm("TCP", "metrics", ""));
                f.getIngress().add(accept);
            }
            case "block-cloud-metadata" -> {
                f.setName("deny-cloud-metadata");
                f.setTier("Admin");
                f.setPriority("5");
                f.getSubjectNamespaces().getExpressions().add(notKubeSystem());
                ClusterDraftForm.RuleForm deny = rule("deny-instance-metadata", "Deny");
                ClusterDraftForm.PeerForm metadata = new ClusterDraftForm.PeerForm();
                metadata.setType("networks");
                metadata.setNetworks("169.254.169.254/32");
                deny.getPeers().add(metadata);
                f.getEgress().add(deny);
            }
            case "baseline-default-deny" -> {
                f.setName("baseline-default-deny");
                f.setTier("Baseline");
                f.setPriority("1000");
                f.getSubjectNamespaces().getExpressions().add(notKubeSystem());
                ClusterDraftForm.RuleForm deny = rule("deny-all-ingress", "Deny");
                // an empty namespace selector: every pod of every namespace
                deny.getPeers().add(new ClusterDraftForm.PeerForm());
                f.getIngress().add(deny);
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(f);
    }

    private static ExpressionRow notKubeSystem() {
        return new ExpressionRow("kubernetes.io/metadata.name", "NotIn", "kube-system");
    }

    private static ClusterDraftForm.RuleForm rule(String name, String action) {
        ClusterDraftForm.RuleForm r = new ClusterDraftForm.RuleForm();
        r.setName(name);
        r.setAction(action);
        return r;
    }
}
