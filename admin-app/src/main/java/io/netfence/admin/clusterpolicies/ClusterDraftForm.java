package io.netfence.admin.clusterpolicies;

import io.netfence.admin.composer.DraftForm.LabelRow;
import io.netfence.admin.composer.DraftForm.SelectorForm;

import java.util.ArrayList;
import java.util.List;

/**
 * The ClusterNetworkPolicy composer's form, as mutable beans for Spring's data binder, with the list indexes of the API
 * (rule i is {@code spec.ingress[i]}, peer j {@code from[j]}/{@code to[j]}, port k {@code protocols[k]}) so validation
 * errors show at their field. Label selectors and label rows are the NetworkPolicy composer's.
 */
public class ClusterDraftForm {

    private String name = "";
    /** The version of the stored policy this draft edits (metadata.resourceVersion); empty for a new policy. */
    private String resourceVersion = "";
    private List<LabelRow> labels = new ArrayList<>();
    private List<LabelRow> annotations = new ArrayList<>();
    private String tier = "Admin";
    /** Text, so that what the user typed reaches validation (which names spec.priority) instead of a binding error. */
    private String priority = "";
    /** {@code namespaces} (every pod of the selected namespaces) or {@code pods}. */
    private String subjectType = "namespaces";
    private SelectorForm subjectNamespaces = new SelectorForm();
    private SelectorForm subjectPods = new SelectorForm();
    private List<RuleForm> ingress = new ArrayList<>();
    private List<RuleForm> egress = new ArrayList<>();

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getResourceVersion() { return resourceVersion; }
    public void setResourceVersion(String resourceVersion) { this.resourceVersion = resourceVersion; }
    public List<LabelRow> getLabels() { return labels; }
    public void setLabels(List<LabelRow> labels) { this.labels = labels; }
    public List<LabelRow> getAnnotations() { return annotations; }
    public void setAnnotations(List<LabelRow> annotations) { this.annotations = annotations; }
    public String getTier() { return tier; }
    public void setTier(String tier) { this.tier = tier; }
    public String getPriority() { return priority; }
    public void setPriority(String priority) { this.priority = priority; }
    public String getSubjectType() { return subjectType; }
    public void setSubjectType(String subjectType) { this.subjectType = subjectType; }
    public SelectorForm getSubjectNamespaces() { return subjectNamespaces; }
    public void setSubjectNamespaces(SelectorForm subjectNamespaces) { this.subjectNamespaces = subjectNamespaces; }
    public SelectorForm getSubjectPods() { return subjectPods; }
    public void setSubjectPods(SelectorForm subjectPods) { this.subjectPods = subjectPods; }
    public List<RuleForm> getIngress() { return ingress; }
    public void setIngress(List<RuleForm> ingress) { this.ingress = ingress; }
    public List<RuleForm> getEgress() { return egress; }
    public void setEgress(List<RuleForm> egress) { this.egress = egress; }

    public boolean subjectIsPods() {
        return "pods".equals(subjectType);
    }

    /** One rule: its name, action, peers and protocols (none: every port and protocol). */
    public static class RuleForm {
        private String name = "";
        private String action = "Deny";
        private List<PeerForm> peers = new ArrayList<>();
        private List<PortForm> ports = new ArrayList<>();

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getAction() { return action; }
        public void setAction(String action) { this.action = action; }
        public List<PeerForm> getPeers() { return peers; }
        public void setPeers(List<PeerForm> peers) { this.peers = peers; }
        public List<PortForm> getPorts() { return ports; }
        public void setPorts(List<PortForm> ports) { this.ports = ports; }
    }

    /**
     * One peer: {@code namespaces}, {@code pods} (both directions), {@code networks}, {@code nodes}, {@code domainNames}
     * (egress only). Every type's values are kept while the type changes back and forth.
     */
    public static class PeerForm {
        private String type = "namespaces";
        private SelectorForm namespaceSelector = new SelectorForm();
        private SelectorForm podSelector = new SelectorForm();
        private SelectorForm nodeSelector = new SelectorForm();
        /** Comma-separated CIDRs. */
        private String networks = "";
        /** Comma-separated domain names. */
        private String domainNames = "";

        public String getType() { return type; }
        public void setType(String type) { this.type = type; }
        public SelectorForm getNamespaceSelector() { return namespaceSelector; }
        public void setNamespaceSelector(SelectorForm namespaceSelector) { this.namespaceSelector = namespaceSelector; }
        public SelectorForm getPodSelector() { return podSelector; }
        public void setPodSelector(SelectorForm podSelector) { this.podSelector = podSelector; }
        public SelectorForm getNodeSelector() { return nodeSelector; }
        public void setNodeSelector(SelectorForm nodeSelector) { this.nodeSelector = nodeSelector; }
        public String getNetworks() { return networks; }
        public void setNetworks(String networks) { this.networks = networks; }
        public String getDomainNames() { return domainNames; }
        public void setDomainNames(String domainNames) { this.domainNames = domainNames; }

        public boolean usesNamespaces() {
            return "namespaces".equals(type) || "pods".equals(type);
        }
    }

    /**
     * One {@code protocols} entry: a number ({@code destinationPort.number}), a number with an end
     * ({@code destinationPort.range}), or a name ({@code destinationNamedPort}, the protocol then comes from the pod).
     */
    public static class PortForm {
        private String protocol = "TCP";
        private String port = "";
        private String endPort = "";

        public PortForm() {
        }

        public PortForm(String protocol, String port, String endPort) {
            this.protocol = protocol;
            this.port = port;
            this.endPort = endPort;
        }

        public String getProtocol() { return protocol; }
        public void setProtocol(String protocol) { this.protocol = protocol; }
        public String getPort() { return port; }
        public void setPort(String port) { this.port = port; }
        public String getEndPort() { return endPort; }
        public void setEndPort(String endPort) { this.endPort = endPort; }
    }

    /** A new element for the list at a bean path (the add buttons, {@code add:ingress[0].peers}). */
    static Object newElement(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        return switch (last) {
            case "labels", "annotations" -> new LabelRow();
            case "expressions" -> new io.netfence.admin.composer.DraftForm.ExpressionRow();
            case "peers" -> new PeerForm();
            case "ports" -> new PortForm();
            case "ingress", "egress" -> new RuleForm();
            default -> throw new IllegalArgumentException("cannot add to " + path);
        };
    }
}
