package io.netfence.engine.validation;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.netfence.engine.validation.NetworkPolicyValidatorTest.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoliciesTest {

    @Test
    void validPolicyIsConverted() {
        ValidatedPolicy vp = Policies.fromNetworkPolicy(policy("podSelector: {matchLabels: {app: web}}\ningress:\n- ports: [{port: 80}]"));
        assertThat(vp.valid()).isTrue();
        Policy p = vp.orElseThrow();
        assertThat(p.key()).isEqualTo("default/web");
        assertThat(p.policyTypes()).containsExactly(Direction.INGRESS);
        assertThat(p.ingress().get(0).ports()).containsExactly(PortSpec.number(Protocol.TCP, 80));
    }

    @Test
    void invalidPolicyGivesErrorsAndNoPolicy() {
        NetworkPolicy np = policy("podSelector: {}\negress:\n- to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]\n  ports: [{port: 0}]");
        ValidatedPolicy vp = Policies.fromNetworkPolicy(np);
        assertThat(vp.valid()).isFalse();
        assertThat(vp.policy()).isNull();
        assertThat(vp.errors()).extracting(FieldError::path)
                .containsExactly("spec.egress[0].ports[0].port", "spec.egress[0].to[0].ipBlock.except[0]");
        assertThatThrownBy(vp::orElseThrow)
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage("NetworkPolicy default/web is invalid: spec.egress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, "
                        + "inclusive; spec.egress[0].to[0].ipBlock.except[0]: Invalid value: \"10.0.0.0/8\": must be a strict subset of `cidr`");
    }

    @Test
    void generateNameAloneIsValidForTheApiServerButNotEnoughForNetfence() {
        ValidatedPolicy vp = Policies.fromNetworkPolicy(policy("generateName: web-\nnamespace: default", "podSelector: {}"));
        assertThat(vp.errors()).extracting(FieldError::toString).containsExactly(
                "metadata.name: Required value: netfence needs the final name; generateName is resolved only by the API server");
    }

    @Test
    void nullFieldsThatTheApiServerAcceptsConvertWithoutSurprises() {
        // ingress: [null] is one empty rule (allow everything); ports: [null] is "all TCP ports"; a null label value is ""
        Policy p = Policies.fromNetworkPolicy(policy("""
                podSelector: {matchLabels: {app: null}}
                ingress: [null]
                egress: [{ports: [null], to: [{podSelector: {matchExpressions: [{key: tier, operator: In, values: [null, db]}]}}]}]
                """)).orElseThrow();
        assertThat(p.podSelector().matchLabels()).containsEntry("app", "");
        assertThat(p.ingress()).hasSize(1);
        assertThat(p.ingress().get(0).allPeers()).isTrue();
        assertThat(p.ingress().get(0).allPorts()).isTrue();
        assertThat(p.egress().get(0).ports()).containsExactly(PortSpec.allPorts(Protocol.TCP));
        assertThat(p.policyTypes()).isEqualTo(Set.of(Direction.INGRESS, Direction.EGRESS));

        Policy noSpec = Policies.fromNetworkPolicy(policy("null")).orElseThrow();
        assertThat(noSpec.policyTypes()).containsExactly(Direction.INGRESS);
        assertThat(noSpec.podSelector().isEmpty()).isTrue();
    }
}
