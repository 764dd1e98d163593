package io.netfence.engine.truthtable;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Terse helpers that build real fabric8 {@link NetworkPolicy} objects (so tests go through the same
 * {@code PolicyConverter} as the cluster's objects). Example:
 * <pre>{@code
 * policy("x", "allow-b").select(labels("pod", "a"))
 *     .ingress(from(pods(labels("pod", "b"))), tcp(80))
 *     .build();
 * }</pre>
 */
public final class NetworkPolicies {

    private NetworkPolicies() {
    }

    public static PolicyBuilder policy(String namespace, String name) {
        return new PolicyBuilder(namespace, name);
    }

    /** A selector from key/value pairs: {@code labels("pod", "a")}; no pairs = the empty selector (everything). */
    public static LabelSelector labels(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return new LabelSelectorBuilder().withMatchLabels(m).build();
    }

    /** A selector with one matchExpressions requirement: {@code expression("pod", "In", "a", "b")}. */
    public static LabelSelector expression(String key, String operator, String... values) {
        return new LabelSelectorBuilder().addToMatchExpressions(new LabelSelectorRequirementBuilder()
                .withKey(key).withOperator(operator).withValues(values.length == 0 ? null : List.of(values)).build()).build();
    }

    public static NetworkPolicyPeer pods(LabelSelector podSelector) {
        return new NetworkPolicyPeerBuilder().withPodSelector(podSelector).build();
    }

    public static NetworkPolicyPeer namespaces(LabelSelector namespaceSelector) {
        return new NetworkPolicyPeerBuilder().withNamespaceSelector(namespaceSelector).build();
    }

    /** One peer with both selectors (AND). */
    public static NetworkPolicyPeer podsInNamespaces(LabelSelector podSelector, LabelSelector namespaceSelector) {
        return new NetworkPolicyPeerBuilder().withPodSelector(podSelector).withNamespaceSelector(namespaceSelector).build();
    }

    public static NetworkPolicyPeer ipBlock(String cidr, String... except) {
        return new NetworkPolicyPeerBuilder().withIpBlock(new IPBlockBuilder().withCidr(cidr)
                .withExcept(except.length == 0 ? null : List.of(except)).build()).build();
    }

    public static NetworkPolicyPort tcp(int port) {
        return port("TCP", port);
    }

    public static NetworkPolicyPort udp(int port) {
        return port("UDP", port);
    }

    public static NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).build();
    }

    /** A named port; {@code protocol} null leaves it to the API default (TCP). */
    public static NetworkPolicyPort namedPort(String protocol, String name) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(name)).build();
    }

    public static NetworkPolicyPort range(String protocol, int port, int endPort) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).withEndPort(endPort).build();
    }

    /** All ports of a protocol (a ports entry with only {@code protocol}). */
    public static NetworkPolicyPort allPorts(String protocol) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).build();
    }

    /** The peers of a rule (no peers = all peers). */
    public static List<NetworkPolicyPeer> peers(NetworkPolicyPeer... peers) {
        return List.of(peers);
    }

    /** Builds one NetworkPolicy; rules are appended in call order. */
    public static final class PolicyBuilder {
        private final String namespace;
        private final String name;
        private LabelSelector podSelector = new LabelSelector();
        private final List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
        private final List<NetworkPolicyEgressRule> egress = new ArrayList<>();
        private List<String> policyTypes;

        private PolicyBuilder(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }

        /** {@code spec.podSelector}; not calling it leaves the empty selector (all pods of the namespace). */
        public PolicyBuilder select(LabelSelector selector) {
            this.podSelector = selector;
            return this;
        }

        /** {@code spec.policyTypes}; not calling it lets the API defaulting decide. */
        public PolicyBuilder types(String... types) {
            this.policyTypes = List.of(types);
            return this;
        }

        /** An ingress rule from {@code from} (empty list = all peers) on {@code ports} (none = all ports). */
        public PolicyBuilder ingress(List<NetworkPolicyPeer> from, NetworkPolicyPort... ports) {
            ingress.add(new NetworkPolicyIngressRuleBuilder().withFrom(from).withPorts(ports).build());
            return this;
        }

        /** An egress rule to {@code to} (empty list = all peers) on {@code ports} (none = all ports). */
        public PolicyBuilder egress(List<NetworkPolicyPeer> to, NetworkPolicyPort... ports) {
            egress.add(new NetworkPolicyEgressRuleBuilder().withTo(to).withPorts(ports).build());
            return this;
        }

        public NetworkPolicy build() {
            return new NetworkPolicyBuilder()
                    .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                    .withNewSpec()
                    .withPodSelector(podSelector)
                    .withIngress(ingress)
                    .withEgress(egress)
                    .withPolicyTypes(policyTypes)
                    .endSpec()
                    .build();
        }
    }
}
