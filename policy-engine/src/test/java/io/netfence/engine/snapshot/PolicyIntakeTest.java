package io.netfence.engine.snapshot;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.Policy;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A stored object the engine cannot use never removes its policy: the last usable version stays, or it fails closed. */
class PolicyIntakeTest {

    private final ClusterState state = new ClusterState();

    @Test
    void anUnusableUpdateKeepsTheLastUsableVersionEnforced() {
        assertThat(state.takePolicy(ingressFrom("10.0.0.0/8", "1"))).isEmpty();
        Policy good = state.snapshot().policy("team-a", "web").orElseThrow();

        var problem = state.takePolicy(ingressFrom("10.0.0.0/33", "2")).orElseThrow();

        assertThat(problem.handling()).isEqualTo(UnusablePolicy.Handling.LAST_GOOD_KEPT);
        assertThat(problem.resourceVersion()).isEqualTo("2");
        assertThat(problem.reason()).contains("spec.ingress[0].from[0].ipBlock.cidr", "10.0.0.0/33");
        assertThat(state.snapshot().policy("team-a", "web")).contains(good);
        assertThat(state.unusablePolicies()).containsExactly(problem);

        // a second unusable version still keeps the last usable one, not anything derived from the first bad one
        state.takePolicy(ingressFrom("nonsense", "3"));
        assertThat(state.snapshot().policy("team-a", "web")).contains(good);
        assertThat(state.unusablePolicies().get(0).resourceVersion()).isEqualTo("3");
    }

    @Test
    void aUsableVersionHealsIt() {
        state.takePolicy(ingressFrom("10.0.0.0/8", "1"));
        state.takePolicy(ingressFrom("10.0.0.0/33", "2"));
        assertThat(state.takePolicy(ingressFrom("192.168.0.0/16", "3"))).isEmpty();
        assertThat(state.unusablePolicies()).isEmpty();
        assertThat(state.snapshot().policy("team-a", "web").orElseThrow().ingress().get(0).peers().toString()).contains("192.168.0.0/16");
    }

    @Test
    void anUnusablePolicyNeverSeenUsableFailsClosedForThePodsItSelects() {
        var problem = state.takePolicy(ingressFrom("10.0.0.0/33", "7")).orElseThrow();

        assertThat(problem.handling()).isEqualTo(UnusablePolicy.Handling.FAIL_CLOSED);
        Policy closed = state.snapshot().policy("team-a", "web").orElseThrow();
        assertThat(closed.podSelector().matches(Map.of("app", "web"))).isTrue();
        assertThat(closed.podSelector().matches(Map.of("app", "db"))).isFalse();
        assertThat(closed.policyTypes()).containsExactly(Direction.INGRESS);
        assertThat(closed.ingress()).as("nothing allowed").isEmpty();
    }

    @Test
    void unreadablePolicyTypesFailClosedInBothDirections() {
        NetworkPolicy np = new NetworkPolicyBuilder(ingressFrom("10.0.0.0/8", "1")).editSpec().withPolicyTypes("Ingres").endSpec().build();
        assertThat(state.takePolicy(np).orElseThrow().handling()).isEqualTo(UnusablePolicy.Handling.FAIL_CLOSED);
        assertThat(state.snapshot().policy("team-a", "web").orElseThrow().policyTypes()).isEqualTo(Set.of(Direction.INGRESS, Direction.EGRESS));
    }

    @Test
    void anUnreadablePodSelectorCannotBeEnforcedAndSaysSo() {
        NetworkPolicy np = new NetworkPolicyBuilder(ingressFrom("10.0.0.0/33", "1")).editSpec().editPodSelector()
                .addNewMatchExpression().withKey("app").withOperator("Like").endMatchExpression().endPodSelector().endSpec().build();
        var problem = state.takePolicy(np).orElseThrow();
        assertThat(problem.handling()).isEqualTo(UnusablePolicy.Handling.NOT_ENFORCED);
        assertThat(problem.describe()).contains("team-a/web", "nothing can be enforced");
        assertThat(state.snapshot().policy("team-a", "web")).isEmpty();
    }

    @Test
    void deletingThePolicyForgetsItsProblemAndItsLastUsableVersion() {
        state.takePolicy(ingressFrom("10.0.0.0/8", "1"));
        state.takePolicy(ingressFrom("10.0.0.0/33", "2"));
        state.removePolicy("team-a", "web");
        assertThat(state.unusablePolicies()).isEmpty();
        assertThat(state.takePolicy(ingressFrom("10.0.0.0/33", "3")).orElseThrow().handling())
                .as("re-created unusable: no last usable version any more").isEqualTo(UnusablePolicy.Handling.FAIL_CLOSED);
    }

    private static NetworkPolicy ingressFrom(String cidr, String resourceVersion) {
        return new NetworkPolicyBuilder().withNewMetadata().withNamespace("team-a").withName("web").withResourceVersion(resourceVersion)
                .endMetadata().withNewSpec().withNewPodSelector().addToMatchLabels("app", "web").endPodSelector()
                .addNewIngress().addNewFrom().withNewIpBlock().withCidr(cidr).endIpBlock().endFrom().endIngress().endSpec().build();
    }
}
