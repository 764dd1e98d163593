package io.netfence.engine.snapshot;

import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.status.ClusterNetworkPolicyConditions;
import io.netfence.engine.status.ClusterNetworkPolicyConditions.Condition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Accepted condition says when domainNames are not enforced and when the object cannot be used: never silent. */
class ClusterNetworkPolicyConditionsTest {

    private static final String CNP = """
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata: {name: egress-allowlist, resourceVersion: "5"}
            spec:
              tier: Admin
              priority: 10
              subject: {namespaces: {}}
              egress:
              - {action: Accept, to: [{networks: ["10.0.0.0/8"]}, {domainNames: ["example.com", "*.example.org"]}]}
            """;

    private Condition condition(String yaml) {
        ClusterState state = new ClusterState();
        var problem = state.takeClusterNetworkPolicy(ManifestParser.withDefaults().parse(yaml).clusterNetworkPolicies().get(0));
        return ClusterNetworkPolicyConditions.accepted(state.snapshot().clusterNetworkPolicy("egress-allowlist").orElse(null), problem.orElse(null));
    }

    @Test
    void domainNamesAreAcceptedButNamedAsNotEnforced() {
        assertThat(condition(CNP)).isEqualTo(new Condition("Accepted", "True", "DomainNamesNotEnforced",
                "enforced except spec.egress[0].to[1].domainNames (example.com, *.example.org): netfence has no DNS interception, "
                        + "so domainNames peers match no traffic"));
    }

    @Test
    void aPolicyWithoutDomainNamesIsEnforced() {
        assertThat(condition(CNP.replace(", {domainNames: [\"example.com\", \"*.example.org\"]}", "")))
                .isEqualTo(new Condition("Accepted", "True", "Enforced", "enforced by netfence as Admin `egress-allowlist` (priority 10)"));
    }

    @Test
    void anUnusableObjectIsNotAcceptedAndSaysWhatIsEnforcedInstead() {
        Condition c = condition(CNP.replace("10.0.0.0/8", "10.0.0.0/99"));
        assertThat(c.status()).isEqualTo("False");
        assertThat(c.reason()).isEqualTo("Unusable");
        assertThat(c.message()).contains("ClusterNetworkPolicy egress-allowlist cannot be used",
                "spec.egress[0].to[0].networks[0]", "fail-closed");
        // a status write changes the resourceVersion: the message must not, or the writer would write again
        assertThat(c.message()).doesNotContain("resourceVersion");
    }
}
