package io.netfence.engine.validation;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Validates a {@code networking.k8s.io/v1} NetworkPolicy as the API server does on create
 * ({@code pkg/apis/networking/validation.ValidateNetworkPolicy}): same rules, same field paths, same messages,
 * same order, preceded by the unknown fields its strict decoding refuses ({@link UnknownFieldValidator}). Never
 * throws: absent fields (null anywhere, also null list entries, which the API server reads as empty objects) are
 * treated as the API server treats them.
 */
public final class NetworkPolicyValidator {

    private NetworkPolicyValidator() {
    }

    /** Every problem found; empty when the policy is valid. */
    public static List<FieldError> validate(NetworkPolicy policy) {
        List<FieldError> errors = new ArrayList<>();
        if (policy == null) {
            errors.add(FieldError.required("metadata.name", "name or generateName is required"));
            return errors;
        }
        // the API server decodes (strictly, with kubectl's default) before it validates
        UnknownFieldValidator.validate(policy, errors);
        ObjectMetaValidator.validate(policy.getMetadata(), errors);
        validateSpec(policy.getSpec() == null ? new NetworkPolicySpec() : policy.getSpec(), errors);
        return errors;
    }

    private static void validateSpec(NetworkPolicySpec spec, List<FieldError> errors) {
        LabelSelectorValidator.validate(spec.getPodSelector(), "spec.podSelector", errors);
        List<NetworkPolicyIngressRule> ingress = orEmpty(spec.getIngress());
        for (int i = 0; i < ingress.size(); i++) {
            NetworkPolicyIngressRule rule = ingress.get(i) == null ? new NetworkPolicyIngressRule() : ingress.get(i);
            rule("spec.ingress[" + i + "]", rule.getPorts(), rule.getFrom(), "from", errors);
        }
        List<NetworkPolicyEgressRule> egress = orEmpty(spec.getEgress());
        for (int i = 0; i < egress.size(); i++) {
            NetworkPolicyEgressRule rule = egress.get(i) == null ? new NetworkPolicyEgressRule() : egress.get(i);
            rule("spec.egress[" + i + "]", rule.getPorts(), rule.getTo(), "to", errors);
        }
        policyTypes(orEmpty(spec.getPolicyTypes()), errors);
    }

    private static void rule(String path, List<NetworkPolicyPort> ports, List<NetworkPolicyPeer> peers, String peerField,
                             List<FieldError> errors) {
        List<NetworkPolicyPort> ps = orEmpty(ports);
        for (int i = 0; i < ps.size(); i++) {
            port(ps.get(i) == null ? new NetworkPolicyPort() : ps.get(i), path + ".ports[" + i + "]", errors);
        }
        List<NetworkPolicyPeer> peerList = orEmpty(peers);
        for (int i = 0; i < peerList.size(); i++) {
            peer(peerList.get(i) == null ? new NetworkPolicyPeer() : peerList.get(i), path + "." + peerField + "[" + i + "]", errors);
        }
    }

    private static void port(NetworkPolicyPort port, String path, List<FieldError> errors) {
        String protocol = port.getProtocol();
        if (protocol != null && !"TCP".equals(protocol) && !"UDP".equals(protocol) && !"SCTP".equals(protocol)) {
            errors.add(FieldError.notSupported(path + ".protocol", protocol, "TCP", "UDP", "SCTP"));
        }
        IntOrString p = port.getPort();
        Integer endPort = port.getEndPort();
        if (p != null && p.getIntVal() != null) {
            int number = p.getIntVal();
            for (String msg : NameRules.portNumber(number)) {
                errors.add(FieldError.invalid(path + ".port", number, msg));
            }
            if (endPort != null) {
                if (endPort < number) {
                    errors.add(FieldError.invalid(path + ".endPort", endPort, "must be greater than or equal to `port`"));
                }
                for (String msg : NameRules.portNumber(endPort)) {
                    errors.add(FieldError.invalid(path + ".endPort", endPort, msg));
                }
            }
        } else if (p != null && p.getStrVal() != null) {
            if (endPort != null) {
                errors.add(FieldError.invalid(path + ".endPort", endPort, "may not be specified when `port` is non-numeric"));
            }
            for (String msg : NameRules.portName(p.getStrVal())) {
                errors.add(FieldError.invalid(path + ".port", p.getStrVal(), msg));
            }
        } else if (endPort != null) {
            errors.add(FieldError.invalid(path + ".endPort", endPort, "may not be specified when `port` is not specified"));
        }
    }

    private static void peer(NetworkPolicyPeer peer, String path, List<FieldError> errors) {
        int kinds = 0;
        if (peer.getPodSelector() != null) {
            kinds++;
            LabelSelectorValidator.validate(peer.getPodSelector(), path + ".podSelector", errors);
        }
        if (peer.getNamespaceSelector() != null) {
            kinds++;
            LabelSelectorValidator.validate(peer.getNamespaceSelector(), path + ".namespaceSelector", errors);
        }
        if (peer.getIpBlock() != null) {
            kinds++;
            IpBlockValidator.validate(peer.getIpBlock(), path + ".ipBlock", errors);
        }
        if (kinds == 0) {
            errors.add(FieldError.required(path, "must specify a peer"));
        } else if (kinds > 1 && peer.getIpBlock() != null) {
            errors.add(FieldError.forbidden(path, "may not specify both ipBlock and another peer"));
        }
    }

    private static void policyTypes(List<String> types, List<FieldError> errors) {
        if (types.size() > 2) {
            // The API server prints the Go value of the slice here.
            String rendered = types.stream().map(FieldError::quote)
                    .collect(Collectors.joining(", ", "[]networking.PolicyType{", "}"));
            errors.add(FieldError.invalidRendered("spec.policyTypes", rendered, "may not specify more than two policyTypes"));
            return;
        }
        for (int i = 0; i < types.size(); i++) {
            String t = types.get(i) == null ? "" : types.get(i);
            if (!"Ingress".equals(t) && !"Egress".equals(t)) {
                errors.add(FieldError.notSupported("spec.policyTypes[" + i + "]", t, "Ingress", "Egress"));
            }
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
