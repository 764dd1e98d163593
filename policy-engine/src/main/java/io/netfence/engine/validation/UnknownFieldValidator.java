package io.netfence.engine.validation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fields the NetworkPolicy schema does not have. fabric8 keeps them aside ({@code additionalProperties}) where
 * the API server's strict decoding (kubectl's default {@code --validate=strict}) refuses them; dropped
 * silently, a misspelt {@code ingres:} or {@code sepc:} would leave a deny-all policy.
 */
final class UnknownFieldValidator {

    /** {@code status} was a NetworkPolicy field in Kubernetes 1.24-1.26; dumps of those clusters may carry it. */
    private static final Set<String> RETIRED_TOP_LEVEL = Set.of("status");

    private UnknownFieldValidator() {
    }

    static void validate(NetworkPolicy np, List<FieldError> errors) {
        unknown(np.getAdditionalProperties(), "", RETIRED_TOP_LEVEL, errors);
        if (np.getMetadata() != null) {
            unknown(np.getMetadata().getAdditionalProperties(), "metadata.", Set.of(), errors);
        }
        NetworkPolicySpec spec = np.getSpec();
        if (spec == null) {
            return;
        }
        unknown(spec.getAdditionalProperties(), "spec.", Set.of(), errors);
        selector(spec.getPodSelector(), "spec.podSelector", errors);
        List<NetworkPolicyIngressRule> ingress = orEmpty(spec.getIngress());
        for (int i = 0; i < ingress.size(); i++) {
            NetworkPolicyIngressRule r = ingress.get(i);
            if (r != null) {
                rule(r.getAdditionalProperties(), r.getPorts(), r.getFrom(), "spec.ingress[" + i + "]", "from", errors);
            }
        }
        List<NetworkPolicyEgressRule> egress = orEmpty(spec.getEgress());
        for (int i = 0; i < egress.size(); i++) {
            NetworkPolicyEgressRule r = egress.get(i);
            if (r != null) {
                rule(r.getAdditionalProperties(), r.getPorts(), r.getTo(), "spec.egress[" + i + "]", "to", errors);
            }
        }
    }

    private static void rule(Map<String, Object> extra, List<NetworkPolicyPort> ports, List<NetworkPolicyPeer> peers, String path,
                             String peerField, List<FieldError> errors) {
        unknown(extra, path + ".", Set.of(), errors);
        List<NetworkPolicyPort> ps = orEmpty(ports);
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i) != null) {
                unknown(ps.get(i).getAdditionalProperties(), path + ".ports[" + i + "].", Set.of(), errors);
            }
        }
        List<NetworkPolicyPeer> pl = orEmpty(peers);
        for (int i = 0; i < pl.size(); i++) {
            NetworkPolicyPeer peer = pl.get(i);
            if (peer == null) {
                continue;
            }
            String peerPath = path + "." + peerField + "[" + i + "]";
            unknown(peer.getAdditionalProperties(), peerPath + ".", Set.of(), errors);
            selector(peer.getPodSelector(), peerPath + ".podSelector", errors);
            selector(peer.getNamespaceSelector(), peerPath + ".namespaceSelector", errors);
            if (peer.getIpBlock() != null) {
                unknown(peer.getIpBlock().getAdditionalProperties(), peerPath + ".ipBlock.", Set.of(), errors);
            }
        }
    }

    private static void selector(LabelSelector selector, String path, List<FieldError> errors) {
        if (selector == null) {
            return;
        }
        unknown(selector.getAdditionalProperties(), path + ".", Set.of(), errors);
        List<LabelSelectorRequirement> expressions = orEmpty(selector.getMatchExpressions());
        for (int i = 0; i < expressions.size(); i++) {
            if (expressions.get(i) != null) {
                unknown(expressions.get(i).getAdditionalProperties(), path + ".matchExpressions[" + i + "].", Set.of(), errors);
            }
        }
    }

    private static void unknown(Map<String, Object> extra, String prefix, Set<String> allowed, List<FieldError> errors) {
        if (extra == null) {
            return;
        }
        for (String field : extra.keySet()) {
            if (!allowed.contains(field)) {
                errors.add(FieldError.unknownField(prefix + field));
            }
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
