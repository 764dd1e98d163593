package io.netfence.engine.validation;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.netfence.engine.snapshot.PolicyConverter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Random NetworkPolicies built from valid, invalid and absent values: validation never throws, and whatever
 * it accepts converts without an exception (so the agent can never crash on a policy the validator passed).
 */
class ValidatorFuzzTest {

    private static final String[] STRINGS = {null, "", "a", "web", "Web", "-a", "a-", "a.b", "x/y", "a/b/c", "example.com/app",
            "http", "dns-tcp", "123", "a--b", "abcdefghijklmnop", "10.0.0.0/8", "10.1.0.0/16", "0.0.0.0/0", "::/0", "fd00::/8",
            "fd00:1::/64", "010.0.0.0/8", "10.0.0.0/33", "::ffff:10.0.0.0/104", "In", "NotIn", "Exists", "DoesNotExist", "in",
            "TCP", "UDP", "SCTP", "ICMP", "Ingress", "Egress", "ingress", "é", "a b", "k".repeat(64)};
    private static final Integer[] INTS = {null, -1, 0, 1, 53, 80, 8080, 65535, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE};

    private final Random random = new Random(20261125);

    @Test
    void validationNeverThrowsAndAcceptedPoliciesAlwaysConvert() {
        int accepted = 0;
        for (int i = 0; i < 5000; i++) {
            NetworkPolicy np = policy();
            List<FieldError> errors = NetworkPolicyValidator.validate(np);
            if (errors.isEmpty() && np.getMetadata() != null && np.getMetadata().getName() != null && !np.getMetadata().getName().isEmpty()) {
                accepted++;
                assertThatCode(() -> PolicyConverter.convert(np)).as("accepted policy %s", np).doesNotThrowAnyException();
            }
            assertThatCode(() -> Policies.fromNetworkPolicy(np)).doesNotThrowAnyException();
        }
        // the generator must produce valid policies too, or the second half of the property is never exercised
        assertThat(accepted).isGreaterThan(100);
    }

    private NetworkPolicy policy() {
        NetworkPolicy np = new NetworkPolicy();
        if (random.nextInt(20) > 0) {
            ObjectMeta meta = new ObjectMeta();
            meta.setName(chance(0.9) ? "web" : s());
            meta.setNamespace(chance(0.9) ? "default" : s());
            np.setMetadata(meta);
        }
        if (chance(0.05)) {
            return np;
        }
        NetworkPolicySpec spec = new NetworkPolicySpec();
        spec.setPodSelector(chance(0.8) ? selector() : null);
        spec.setIngress(list(() -> chance(0.05) ? null : new NetworkPolicyIngressRule(list(this::peer), list(this::port))));
        spec.setEgress(list(() -> chance(0.05) ? null : new NetworkPolicyEgressRule(list(this::port), list(this::peer))));
        spec.setPolicyTypes(chance(0.5) ? null : list(() -> chance(0.8) ? (chance(0.5) ? "Ingress" : "Egress") : s()));
        np.setSpec(spec);
        return np;
    }

    private NetworkPolicyPeer peer() {
        if (chance(0.05)) {
            return null;
        }
        NetworkPolicyPeer p = new NetworkPolicyPeer();
        if (chance(0.3)) {
            p.setIpBlock(new IPBlock(chance(0.8) ? pick("10.0.0.0/8", "0.0.0.0/0", "::/0") : s(),
                    list(() -> chance(0.7) ? pick("10.1.0.0/16", "10.0.0.0/8", "fd00::/8", "192.168.0.0/16") : s())));
            if (chance(0.1)) {
                p.setPodSelector(selector());
            }
        } else {
            if (chance(0.6)) {
                p.setPodSelector(selector());
            }
            if (chance(0.6)) {
                p.setNamespaceSelector(selector());
            }
        }
        return p;
    }

    private NetworkPolicyPort port() {
        if (chance(0.05)) {
            return null;
        }
        NetworkPolicyPort p = new NetworkPolicyPort();
        p.setProtocol(chance(0.7) ? pick(null, "TCP", "UDP", "SCTP") : s());
        double r = random.nextDouble();
        if (r < 0.4) {
            Integer n = chance(0.8) ? pickInt(53, 80, 8080, 1, 65535) : i();
            p.setPort(n == null ? null : new IntOrString(n));
        } else if (r < 0.7) {
            String s = chance(0.7) ? pick("http", "dns-tcp", "web") : s();
            p.setPort(s == null ? null : new IntOrString(s));
        }
        if (chance(0.2)) {
            p.setEndPort(chance(0.7) ? pickInt(80, 9000, 65535) : i());
        }
        return p;
    }

    private LabelSelector selector() {
        LabelSelector s = new LabelSelector();
        if (chance(0.6)) {
            Map<String, String> labels = new HashMap<>();
            int n = random.nextInt(3);
            for (int k = 0; k < n; k++) {
                labels.put(chance(0.8) ? pick("app", "tier", "example.com/app") : String.valueOf(s()), chance(0.8) ? pick("web", "db", "") : s());
            }
            s.setMatchLabels(labels);
        }
        if (chance(0.4)) {
            s.setMatchExpressions(list(() -> chance(0.05) ? null : new LabelSelectorRequirement(
                    chance(0.8) ? pick("app", "tier") : s(), chance(0.8) ? pick("In", "NotIn", "Exists", "DoesNotExist") : s(),
                    chance(0.5) ? null : list(() -> chance(0.8) ? pick("web", "db") : s()))));
        }
        return s;
    }

    private <T> List<T> list(java.util.function.Supplier<T> item) {
        if (chance(0.2)) {
            return null;
        }
        List<T> out = new ArrayList<>();
        int n = random.nextInt(4);
        for (int k = 0; k < n; k++) {
            out.add(item.get());
        }
        return out;
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private String s() {
        return STRINGS[random.nextInt(STRINGS.length)];
    }

    private Integer i() {
        return INTS[random.nextInt(INTS.length)];
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private Integer pickInt(Integer... values) {
        return values[random.nextInt(values.length)];
    }
}
