package io.netfence.engine.snapshot;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.model.SelectorRequirement;
import io.netfence.engine.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** PolicyConverter on policies as {@code kubectl get networkpolicies -o yaml} prints them. */
class PolicyConverterTest {

    private static final List<NetworkPolicy> POLICIES = ManifestParser.withDefaults()
            .parse(Fixtures.text(Fixtures.CLUSTER_3_NODES_YAML)).networkPolicies();

    private static Policy policy(String name) {
        return PolicyConverter.convert(POLICIES.stream().filter(p -> p.getMetadata().getName().equals(name)).findFirst().orElseThrow());
    }

    private static LabelSelector labels(String... kv) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return LabelSelector.of(m);
    }

    @Test
    void defaultDenyBothDirections() {
        assertThat(policy("default-deny")).isEqualTo(new Policy("shop", "default-deny", LabelSelector.EVERYTHING,
                Set.of(Direction.INGRESS, Direction.EGRESS), List.of(), List.of()));
    }

    @Test
    void egressOnlyDnsWithAndedSelectors() {
        assertThat(policy("allow-dns")).isEqualTo(new Policy("shop", "allow-dns", LabelSelector.EVERYTHING, Set.of(Direction.EGRESS),
                List.of(), List.of(new PolicyRule(
                List.of(new SelectorPeer(labels("k8s-app", "kube-dns"), labels("kubernetes.io/metadata.name", "kube-system"))),
                List.of(PortSpec.number(Protocol.UDP, 53), PortSpec.number(Protocol.TCP, 53))))));
    }

    @Test
    void ipBlocksOfBothFamiliesNamedPortsAndExpressions() {
        Policy p = policy("frontend");
        assertThat(p.podSelector()).isEqualTo(labels("app", "frontend"));
        assertThat(p.ingress().get(0)).isEqualTo(new PolicyRule(
                List.of(new IpBlockPeer(Cidr.of("0.0.0.0/0"), List.of(Cidr.of("10.0.0.0/8"), Cidr.of("192.168.0.0/16"))),
                        new IpBlockPeer(Cidr.of("::/0"), List.of(Cidr.of("fd00::/8")))),
                List.of(PortSpec.named(Protocol.TCP, "http"), PortSpec.number(Protocol.TCP, 8443))));
        assertThat(p.ingress().get(1).peers()).containsExactly(new SelectorPeer(
                new LabelSelector(Map.of(), List.of(new SelectorRequirement("app.kubernetes.io/name", SelectorRequirement.Operator.IN,
                        List.of("prometheus", "grafana")))),
                labels("purpose", "observability")));
        assertThat(p.egress()).containsExactly(new PolicyRule(List.of(new SelectorPeer(labels("app", "backend"), null)),
                List.of(PortSpec.named(Protocol.TCP, "api"))));
    }

    @Test
    void portRangesSctpAndNamespaceExpressions() {
        Policy p = policy("backend");
        assertThat(p.podSelector()).isEqualTo(new LabelSelector(Map.of(), List.of(
                new SelectorRequirement("app", SelectorRequirement.Operator.IN, List.of("backend")),
                new SelectorRequirement("canary", SelectorRequirement.Operator.DOES_NOT_EXIST, List.of()))));
        assertThat(p.egress().get(1)).isEqualTo(new PolicyRule(List.of(new IpBlockPeer(Cidr.of("172.18.0.0/16"), List.of())),
                List.of(PortSpec.range(Protocol.TCP, 30000, 32767), PortSpec.number(Protocol.SCTP, 9999))));
        assertThat(p.ingress().get(1)).isEqualTo(new PolicyRule(
                List.of(new SelectorPeer(null, new LabelSelector(Map.of(), List.of(
                        new SelectorRequirement("purpose", SelectorRequirement.Operator.EXISTS, List.of()),
                        new SelectorRequirement("env", SelectorRequirement.Operator.NOT_IN, List.of("dev")))))),
                List.of(PortSpec.named(Protocol.TCP, "metrics"), PortSpec.named(Protocol.UDP, "statsd"))));
    }

    @Test
    void policyTypesDefaultToIngressWhenAbsent() {
        Policy db = policy("db");
        assertThat(db.policyTypes()).containsExactly(Direction.INGRESS);
        assertThat(db.ingress().get(0).peers()).containsExactly(
                new SelectorPeer(labels("app", "backend"), null), new SelectorPeer(labels("job-name", "db-migrate"), null));
        assertThat(db.ingress().get(0).ports()).containsExactly(PortSpec.named(Protocol.TCP, "postgres"));
    }

    @Test
    void singlePolicyWithEveryPortForm() {
        Policy p = PolicyConverter.convert(ManifestParser.withDefaults().parse(Fixtures.text(Fixtures.NETWORKPOLICY_SINGLE))
                .networkPolicies().get(0));
        assertThat(p.ingress().get(0).ports()).containsExactly(PortSpec.range(Protocol.TCP, 8000, 8100),
                PortSpec.named(Protocol.TCP, "web"), PortSpec.allPorts(Protocol.UDP));
        assertThat(p.ingress().get(0).peers()).containsExactly(
                new SelectorPeer(labels("role", "client"), LabelSelector.EVERYTHING), new SelectorPeer(LabelSelector.EVERYTHING, null));
        assertThat(p.ingress().get(1)).isEqualTo(new PolicyRule(List.of(), List.of()));
        assertThat(p.egress().get(0).peers()).containsExactly(new IpBlockPeer(Cidr.of("10.96.0.0/12"), List.of()),
                new IpBlockPeer(Cidr.of("2001:db8::/48"), List.of(Cidr.of("2001:db8::/64"))));
        assertThat(p.egress().get(1)).isEqualTo(new PolicyRule(List.of(), List.of(PortSpec.number(Protocol.UDP, 53))));
    }
}
