package io.netfence.engine.snapshot;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.Peer;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.model.SelectorRequirement;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Converts a fabric8 {@link NetworkPolicy} into the engine's {@link Policy}, applying the API server's
 * defaults (protocol TCP, policyTypes from the presence of egress rules). The input must already be valid
 * (see the validation package); anything that cannot be converted throws {@link IllegalArgumentException}
 * naming the field.
 */
public final class PolicyConverter {

    private PolicyConverter() {
    }

    public static Policy convert(NetworkPolicy np) {
        // An absent spec is the zero spec to the API server: podSelector {} and no rules, i.e. deny all ingress.
        NetworkPolicySpec spec = np.getSpec() == null ? new NetworkPolicySpec() : np.getSpec();
        List<PolicyRule> ingress = new ArrayList<>();
        if (spec.getIngress() != null) {
            for (int i = 0; i < spec.getIngress().size(); i++) {
                NetworkPolicyIngressRule r = spec.getIngress().get(i) == null ? new NetworkPolicyIngressRule() : spec.getIngress().get(i);
                ingress.add(rule(r.getFrom(), r.getPorts(), "spec.ingress[" + i + "]", "from"));
            }
        }
        List<PolicyRule> egress = new ArrayList<>();
        if (spec.getEgress() != null) {
            for (int i = 0; i < spec.getEgress().size(); i++) {
                NetworkPolicyEgressRule r = spec.getEgress().get(i) == null ? new NetworkPolicyEgressRule() : spec.getEgress().get(i);
                egress.add(rule(r.getTo(), r.getPorts(), "spec.egress[" + i + "]", "to"));
            }
        }
        return new Policy(np.getMetadata().getNamespace(), np.getMetadata().getName(),
                selector(spec.getPodSelector()), policyTypes(spec), ingress, egress);
    }

    /** The API server's defaulting: Ingress always, Egress when there are egress rules. */
    public static Set<Direction> policyTypes(NetworkPolicySpec spec) {
        Set<Direction> types = EnumSet.noneOf(Direction.class);
        if (spec.getPolicyTypes() == null || spec.getPolicyTypes().isEmpty()) {
            types.add(Direction.INGRESS);
            if (spec.getEgress() != null && !spec.getEgress().isEmpty()) {
                types.add(Direction.EGRESS);
            }
            return types;
        }
        for (int i = 0; i < spec.getPolicyTypes().size(); i++) {
            String t = spec.getPolicyTypes().get(i);
            if ("Ingress".equals(t)) {
                types.add(Direction.INGRESS);
            } else if ("Egress".equals(t)) {
                types.add(Direction.EGRESS);
            } else {
                throw new IllegalArgumentException("spec.policyTypes[" + i + "]: Unsupported value: \"" + t
                        + "\": supported values: \"Egress\", \"Ingress\"");
            }
        }
        return types;
    }

    private static PolicyRule rule(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports, String path, String peerField) {
        List<Peer> out = new ArrayList<>();
        if (peers != null) {
            for (int i = 0; i < peers.size(); i++) {
                out.add(peer(peers.get(i) == null ? new NetworkPolicyPeer() : peers.get(i), path + "." + peerField + "[" + i + "]"));
            }
        }
        List<PortSpec> portSpecs = new ArrayList<>();
        if (ports != null) {
            for (int i = 0; i < ports.size(); i++) {
                portSpecs.add(port(ports.get(i) == null ? new NetworkPolicyPort() : ports.get(i), path + ".ports[" + i + "]"));
            }
        }
        return new PolicyRule(out, portSpecs);
    }

    private static Peer peer(NetworkPolicyPeer p, String path) {
        if (p.getIpBlock() != null) {
            IPBlock b = p.getIpBlock();
            Cidr cidr = Cidr.parse(b.getCidr()).orElseThrow(() ->
                    new IllegalArgumentException(path + ".ipBlock.cidr: Invalid value: \"" + b.getCidr() + "\": must be a valid CIDR"));
            List<Cidr> except = new ArrayList<>();
            if (b.getExcept() != null) {
                for (int i = 0; i < b.getExcept().size(); i++) {
                    String e = b.getExcept().get(i);
                    int idx = i;
                    except.add(Cidr.parse(e).orElseThrow(() -> new IllegalArgumentException(
                            path + ".ipBlock.except[" + idx + "]: Invalid value: \"" + e + "\": must be a valid CIDR")));
                }
            }
            return new IpBlockPeer(cidr, except);
        }
        if (p.getPodSelector() == null && p.getNamespaceSelector() == null) {
            throw new IllegalArgumentException(path + ": Required value: must specify a peer");
        }
        return new SelectorPeer(p.getPodSelector() == null ? null : selector(p.getPodSelector()),
                p.getNamespaceSelector() == null ? null : selector(p.getNamespaceSelector()));
    }

    private static PortSpec port(NetworkPolicyPort p, String path) {
        Protocol proto = Protocol.parse(p.getProtocol()).orElseThrow(() -> new IllegalArgumentException(
                path + ".protocol: Unsupported value: \"" + p.getProtocol() + "\": supported values: \"SCTP\", \"TCP\", \"UDP\""));
        IntOrString port = p.getPort();
        if (port == null) {
            return PortSpec.allPorts(proto);
        }
        if (port.getIntVal() != null) {
            return new PortSpec(proto, port.getIntVal(), null, p.getEndPort());
        }
        return PortSpec.named(proto, port.getStrVal());
    }

    public static LabelSelector selector(io.fabric8.kubernetes.api.model.LabelSelector s) {
        if (s == null) {
            return LabelSelector.EVERYTHING;
        }
        List<SelectorRequirement> reqs = new ArrayList<>();
        if (s.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : s.getMatchExpressions()) {
                SelectorRequirement.Operator op = SelectorRequirement.Operator.parse(r.getOperator())
                        .orElseThrow(() -> new IllegalArgumentException("matchExpressions.operator: Invalid value: \""
                                + r.getOperator() + "\": not a valid selector operator"));
                List<String> values = r.getValues() == null ? List.of()
                        : r.getValues().stream().map(v -> v == null ? "" : v).toList();
                reqs.add(new SelectorRequirement(r.getKey(), op, values));
            }
        }
        java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
        if (s.getMatchLabels() != null) {
            // `app: null` in YAML is the empty string to the API server
            s.getMatchLabels().forEach((k, v) -> labels.put(k, v == null ? "" : v));
        }
        return new LabelSelector(labels, reqs);
    }
}
