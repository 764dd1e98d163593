package io.netfence.engine.lint;

import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.manifest.SnapshotAssembler;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.validation.Policies;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterPolicyLinterTest {

    private static final String CLUSTER = """
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: Namespace, metadata: {name: tenant-a, labels: {tenant: a}}}
            - {apiVersion: v1, kind: Namespace, metadata: {name: tenant-b, labels: {tenant: b}}}
            - apiVersion: v1
              kind: Pod
              metadata: {name: a1, namespace: tenant-a, labels: {app: web}}
              spec: {nodeName: n1, containers: [{name: c, image: x}]}
              status: {phase: Running, podIP: 10.0.1.1}
            - apiVersion: v1
              kind: Pod
              metadata: {name: b1, namespace: tenant-b, labels: {app: web}}
              spec: {nodeName: n1, containers: [{name: c, image: x}]}
              status: {phase: Running, podIP: 10.0.2.1}
            """;

    private static ClusterSnapshot cluster(String extra) {
        return SnapshotAssembler.assemble(ManifestParser.withDefaults().parse(CLUSTER + extra)).orElseThrow();
    }

    private static ClusterNetworkPolicy cnp(String yaml) {
        return Policies.fromClusterNetworkPolicy(ManifestParser.withDefaults().parse(
                "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\n" + yaml).clusterNetworkPolicies().get(0)).policy();
    }

    private static List<String> codes(List<LintWarning> ws) {
        return ws.stream().map(LintWarning::code).toList();
    }

    @Test
    void aRuleAfterABroaderRuleOfTheSamePolicyIsShadowed() {
        ClusterNetworkPolicy p = cnp("""
                metadata: {name: guard}
                spec:
                  tier: Admin
                  priority: 10
                  subject: {namespaces: {}}
                  egress:
                  - {name: deny-range, action: Deny, to: [{networks: ["10.0.0.0/8"]}]}
                  - {name: allow-one, action: Accept, to: [{networks: ["10.1.0.0/16"]}], protocols: [{tcp: {destinationPort: {number: 443}}}]}
                  - {name: other, action: Accept, to: [{networks: ["192.168.0.0/16"]}]}
                """);
        List<LintWarning> ws = ClusterPolicyLinter.lint(p, cluster(""));
        assertThat(ws).filteredOn(w -> w.code().equals(LintCodes.SHADOWED_RULE)).singleElement().satisfies(w -> {
            assertThat(w.path()).isEqualTo("spec.egress[1]");
            assertThat(w.message()).contains("rule `allow-one` is shadowed: rule `deny-range` (spec.egress[0]) of this policy",
                    "its Accept never takes effect (the earlier rule denies first)");
        });
    }

    @Test
    void aRuleShadowedByAnEarlierPolicyOfTheTierIsFoundToo() {
        ClusterSnapshot s = cluster("---\napiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\n" + """
                metadata: {name: first}
                spec:
                  tier: Admin
                  priority: 1
                  subject: {namespaces: {}}
                  ingress:
                  - {action: Pass, from: [{namespaces: {}}]}
                """);
        ClusterNetworkPolicy later = cnp("""
                metadata: {name: later}
                spec:
                  tier: Admin
                  priority: 20
                  subject: {namespaces: {matchLabels: {tenant: a}}}
                  ingress:
                  - {name: deny-b, action: Deny, from: [{namespaces: {matchLabels: {tenant: b}}}]}
                """);
        assertThat(ClusterPolicyLinter.lint(later, s)).filteredOn(w -> w.code().equals(LintCodes.SHADOWED_RULE)).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("Admin `first` (priority 1) rule #0", "(the earlier rule passes first)"));
        // a narrower earlier rule shadows nothing
        assertThat(codes(ClusterPolicyLinter.lint(cnp("""
                metadata: {name: later}
                spec:
                  tier: Baseline
                  priority: 20
                  subject: {namespaces: {}}
                  ingress:
                  - {action: Deny, from: [{namespaces: {}}]}
                """), s))).doesNotContain(LintCodes.SHADOWED_RULE);
    }

    @Test
    void equalPrioritiesWithConflictingRulesOnSharedPodsAreFlaggedWithTheTieBreak() {
        ClusterSnapshot s = cluster("---\napiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\n" + """
                metadata: {name: allow-web}
                spec:
                  tier: Admin
                  priority: 10
                  subject: {namespaces: {}}
                  ingress:
                  - {action: Accept, from: [{namespaces: {}}]}
                """);
        ClusterNetworkPolicy deny = cnp("""
                metadata: {name: deny-b}
                spec:
                  tier: Admin
                  priority: 10
                  subject: {namespaces: {matchLabels: {tenant: a}}}
                  ingress:
                  - {action: Deny, from: [{namespaces: {matchLabels: {tenant: b}}}]}
                """);
        assertThat(ClusterPolicyLinter.lint(deny, s)).filteredOn(w -> w.code().equals(LintCodes.EQUAL_PRIORITY_OVERLAP)).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("`allow-web` has the same priority 10", "netfence evaluates `allow-web` first (by name)"));
        ClusterNetworkPolicy otherPriority = cnp("""
                metadata: {name: deny-b}
                spec:
                  tier: Admin
                  priority: 11
                  subject: {namespaces: {matchLabels: {tenant: a}}}
                  ingress:
                  - {action: Deny, from: [{namespaces: {matchLabels: {tenant: b}}}]}
                """);
        assertThat(codes(ClusterPolicyLinter.lint(otherPriority, s))).doesNotContain(LintCodes.EQUAL_PRIORITY_OVERLAP);
    }

    @Test
    void passWithNothingAfterItActsAsAccept() {
        ClusterNetworkPolicy pass = cnp("""
                metadata: {name: delegate}
                spec:
                  tier: Admin
                  priority: 10
                  subject: {namespaces: {matchLabels: {tenant: a}}}
                  ingress:
                  - {name: to-teams, action: Pass, from: [{namespaces: {}}]}
                """);
        assertThat(ClusterPolicyLinter.lint(pass, cluster(""))).filteredOn(w -> w.code().equals(LintCodes.PASS_NOTHING_FOLLOWS)).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("no NetworkPolicy isolates its 1 subject pod(s) for Ingress"));
        String np = "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: tenant-a}\nspec: {podSelector: {}}\n";
        assertThat(codes(ClusterPolicyLinter.lint(pass, cluster(np)))).doesNotContain(LintCodes.PASS_NOTHING_FOLLOWS);
        ClusterNetworkPolicy baselinePass = cnp("""
                metadata: {name: bp}
                spec:
                  tier: Baseline
                  priority: 10
                  subject: {namespaces: {}}
                  egress:
                  - {action: Pass, to: [{namespaces: {}}]}
                """);
        assertThat(ClusterPolicyLinter.lint(baselinePass, cluster(np))).filteredOn(w -> w.code().equals(LintCodes.PASS_NOTHING_FOLLOWS))
                .singleElement().satisfies(w -> assertThat(w.message()).contains("Pass in the Baseline tier"));
    }

    @Test
    void baselineRulesNoPodReachesBecauseNetworkPoliciesIsolateEverySubject() {
        ClusterNetworkPolicy baseline = cnp("""
                metadata: {name: default-deny}
                spec:
                  tier: Baseline
                  priority: 100
                  subject: {namespaces: {matchLabels: {tenant: a}}}
                  ingress:
                  - {action: Deny, from: [{namespaces: {}}]}
                """);
        String np = "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: tenant-a}\n"
                + "spec: {podSelector: {}, ingress: [{from: [{podSelector: {}}]}]}\n";
        assertThat(ClusterPolicyLinter.lint(baseline, cluster(np))).filteredOn(w -> w.code().equals(LintCodes.BASELINE_UNREACHABLE))
                .singleElement().satisfies(w -> {
                    assertThat(w.path()).isEqualTo("spec.ingress");
                    assertThat(w.message()).contains("isolate every one of the 1 subject pod(s) for Ingress");
                });
        assertThat(codes(ClusterPolicyLinter.lint(baseline, cluster("")))).doesNotContain(LintCodes.BASELINE_UNREACHABLE);
    }

    @Test
    void domainNamesAndEmptySubjectsAreWarned() {
        ClusterNetworkPolicy p = cnp("""
                metadata: {name: dns}
                spec:
                  tier: Admin
                  priority: 10
                  subject: {namespaces: {matchLabels: {tenant: nobody}}}
                  egress:
                  - {action: Accept, to: [{networks: ["10.0.0.0/8"]}, {domainNames: ["example.com"]}]}
                """);
        List<LintWarning> ws = ClusterPolicyLinter.lint(p, cluster(""));
        assertThat(ws).extracting(LintWarning::code).contains(LintCodes.DOMAIN_NAMES_NOT_ENFORCED, LintCodes.SELECTS_NO_POD);
        assertThat(ws).filteredOn(w -> w.code().equals(LintCodes.DOMAIN_NAMES_NOT_ENFORCED)).singleElement()
                .satisfies(w -> assertThat(w.path()).isEqualTo("spec.egress[0].to[1].domainNames"));
    }
}
