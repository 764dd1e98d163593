package io.netfence.admin.composer;

import java.util.ArrayList;
import java.util.List;

/**
 * The composer's form: every NetworkPolicy field as mutable beans for Spring's data binder, with the list
 * indexes of the API (rule i of the form is {@code spec.ingress[i]}, peer j is {@code from[j]}, port k is
 * {@code ports[k]}) so validation errors can be shown at their field.
 */
public class DraftForm {

    private String name = "";
    private String namespace = "";
    /** The version of the stored policy this draft edits (kept in the YAML's metadata.resourceVersion); empty for a new policy. */
    private String resourceVersion = "";
    private List<LabelRow> labels = new ArrayList<>();
    private List<LabelRow> annotations = new ArrayList<>();
    private SelectorForm podSelector = new SelectorForm();
    private boolean ingressType;
    private boolean egressType;
    private List<RuleForm> ingress = new ArrayList<>();
    private List<RuleForm> egress = new ArrayList<>();

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getNamespace() { return namespace; }
    public void setNamespace(String namespace) { this.namespace = namespace; }
    public String getResourceVersion() { return resourceVersion; }
    public void setResourceVersion(String resourceVersion) { this.resourceVersion = resourceVersion; }
    public List<LabelRow> getLabels() { return labels; }
    public void setLabels(List<LabelRow> labels) { this.labels = labels; }
    public List<LabelRow> getAnnotations() { return annotations; }
    public void setAnnotations(List<LabelRow> annotations) { this.annotations = annotations; }
    public SelectorForm getPodSelector() { return podSelector; }
    public void setPodSelector(SelectorForm podSelector) { this.podSelector = podSelector; }
    public boolean isIngressType() { return ingressType; }
    public void setIngressType(boolean ingressType) { this.ingressType = ingressType; }
    public boolean isEgressType() { return egressType; }
    public void setEgressType(boolean egressType) { this.egressType = egressType; }
    public List<RuleForm> getIngress() { return ingress; }
    public void setIngress(List<RuleForm> ingress) { this.ingress = ingress; }
    public List<RuleForm> getEgress() { return egress; }
    public void setEgress(List<RuleForm> egress) { this.egress = egress; }

    /** matchLabels rows and matchExpressions rows of one label selector. */
    public static class SelectorForm {
        private List<LabelRow> labels = new ArrayList<>();
        private List<ExpressionRow> expressions = new ArrayList<>();

        public List<LabelRow> getLabels() { return labels; }
        public void setLabels(List<LabelRow> labels) { this.labels = labels; }
        public List<ExpressionRow> getExpressions() { return expressions; }
        public void setExpressions(List<ExpressionRow> expressions) { this.expressions = expressions; }
    }

    public static class LabelRow {
        private String key = "";
        private String value = "";

        public LabelRow() {
        }

        public LabelRow(String key, String value) {
            this.key = key;
            this.value = value;
        }

        public String getKey() { return key; }
        public void setKey(String key) { this.key = key; }
        public String getValue() { return value; }
        public void setValue(String value) { this.value = value; }
    }

    /** One matchExpressions entry; {@code values} comma-separated. */
    public static class ExpressionRow {
        private String key = "";
        private String operator = "In";
        private String values = "";

        public ExpressionRow() {
        }

        public ExpressionRow(String key, String operator, String values) {
            this.key = key;
            this.operator = operator;
            this.values = values;
        }

        public String getKey() { return key; }
        public void setKey(String key) { this.key = key; }
        public String getOperator() { return operator; }
        public void setOperator(String operator) { this.operator = operator; }
        public String getValues() { return values; }
        public void setValues(String values) { this.values = values; }
    }

    /**
     * One ingress or egress rule; no peers = all peers, no ports = all ports. {@code present} is posted by a hidden
     * field so that a rule without any peer or port (an "allow all" rule) survives the round trip through the form.
     */
    public static class RuleForm {
        private List<PeerForm> peers = new ArrayList<>();
        private List<PortForm> ports = new ArrayList<>();
        private boolean present = true;

        public boolean isPresent() { return present; }
        public void setPresent(boolean present) { this.present = present; }

        public List<PeerForm> getPeers() { return peers; }
        public void setPeers(List<PeerForm> peers) { this.peers = peers; }
        public List<PortForm> getPorts() { return ports; }
        public void setPorts(List<PortForm> ports) { this.ports = ports; }
    }

    /**
     * One {@code from}/{@code to} entry. {@code type}: {@code pods} (podSelector: pods of the policy's namespace),
     * {@code namespaces} (namespaceSelector: all pods of those namespaces), {@code pods-in-namespaces} (both: AND),
     * {@code ipBlock}. {@code except} is comma-separated.
     */
    public static class PeerForm {
        public static final List<String> TYPES = List.of("pods", "namespaces", "pods-in-namespaces", "ipBlock");

        private String type = "pods";
        private SelectorForm podSelector = new SelectorForm();
        private SelectorForm namespaceSelector = new SelectorForm();
        private String cidr = "";
        private String except = "";

        public String getType() { return type; }
        public void setType(String type) { this.type = type; }
        public SelectorForm getPodSelector() { return podSelector; }
        public void setPodSelector(SelectorForm podSelector) { this.podSelector = podSelector; }
        public SelectorForm getNamespaceSelector() { return namespaceSelector; }
        public void setNamespaceSelector(SelectorForm namespaceSelector) { this.namespaceSelector = namespaceSelector; }
        public String getCidr() { return cidr; }
        public void setCidr(String cidr) { this.cidr = cidr; }
        public String getExcept() { return except; }
        public void setExcept(String except) { this.except = except; }

        public boolean usesPods() {
            return "pods".equals(type) || "pods-in-namespaces".equals(type);
        }

        public boolean usesNamespaces() {
            return "namespaces".equals(type) || "pods-in-namespaces".equals(type);
        }

        public boolean usesIpBlock() {
            return "ipBlock".equals(type);
        }
    }

    /** One port: {@code port} a number or a named container port, empty = every port of the protocol. */
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
}
