package io.netfence.engine.validation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netfence.engine.manifest.ManifestParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One case per rule of the upstream CRD (v0.2.0, OpenAPI + CEL), with the API server's field paths and wording. */
class ClusterNetworkPolicyValidatorTest {

    private static final String VALID = """
            apiVersion: policy.networking.k8s.io/v1alpha2
            kind: ClusterNetworkPolicy
            metadata:
              name: tenant-isolation
            spec:
              tier: Admin
              priority: 10
              subject:
                namespaces:
                  matchLabels:
                    tenant: a
              ingress:
              - name: deny-cross-tenant
                action: Deny
                from:
                - namespaces:
                    matchExpressions:
                    - {key: tenant, operator: NotIn, values: [a]}
              egress:
              - name: web
                action: Accept
                to:
                - pods:
                    namespaceSelector: {}
                    podSelector:
                      matchLabels:
                        app: web
                protocols:
                - tcp:
                    destinationPort:
                      number: 443
                - udp:
                    destinationPort:
                      range: {start: 8000, end: 8100}
                - destinationNamedPort: http
              - action: Deny
                to:
                - networks: ["169.254.169.254/32", "fd00::/8"]
                - nodes:
                    matchLabels:
                      node-role.kubernetes.io/control-plane: ""
                - domainNames: ["example.com", "*.example.org"]
            """;

    private static List<String> errors(String yaml) {
        GenericKubernetesResource r = ManifestParser.withDefaults().parse(yaml).clusterNetworkPolicies().get(0);
        return ClusterNetworkPolicyValidator.validate(r).stream().map(FieldError::toString).toList();
    }

    /** VALID with one line replaced. */
    private static List<String> errorsWith(String line, String replacement) {
        assertThat(VALID).contains(line);
        return errors(VALID.replace(line, replacement));
    }

    @Test
    void aValidPolicyHasNoErrorsAndConverts() {
        assertThat(errors(VALID)).isEmpty();
        var v = Policies.fromClusterNetworkPolicy(ManifestParser.withDefaults().parse(VALID).clusterNetworkPolicies().get(0));
        assertThat(v.valid()).isTrue();
        assertThat(v.policy().egress()).hasSize(2);
        assertThat(v.policy().egress().get(0).ports()).hasSize(3);
    }

    @Test
    void tierIsRequiredAndAnEnum() {
        assertThat(errorsWith("  tier: Admin\n", "")).containsExactly("spec.tier: Required value");
        assertThat(errorsWith("  tier: Admin\n", "  tier: admin\n"))
                .containsExactly("spec.tier: Unsupported value: \"admin\": supported values: \"Admin\", \"Baseline\"");
    }

    @Test
    void priorityIsAnIntegerFrom0To1000() {
        assertThat(errorsWith("  priority: 10\n", "  priority: 1001\n"))
                .containsExactly("spec.priority: Invalid value: 1001: spec.priority in body should be less than or equal to 1000");
        assertThat(errorsWith("  priority: 10\n", "  priority: -1\n"))
                .containsExactly("spec.priority: Invalid value: -1: spec.priority in body should be greater than or equal to 0");
        assertThat(errorsWith("  priority: 10\n", "  priority: \"10\"\n"))
                .containsExactly("spec.priority: Invalid value: \"string\": spec.priority in body must be of type integer: \"string\"");
        assertThat(errorsWith("  priority: 10\n", "")).containsExactly("spec.priority: Required value");
        assertThat(errorsWith("  priority: 10\n", "  priority: 0\n")).isEmpty();
        assertThat(errorsWith("  priority: 10\n", "  priority: 1000\n")).isEmpty();
    }

    @Test
    void subjectIsExactlyOneOfNamespacesOrPods() {
        assertThat(errorsWith("  subject:\n    namespaces:\n      matchLabels:\n        tenant: a\n",
                "  subject:\n    namespaces: {}\n    pods:\n      podSelector: {}\n"))
                .containsExactly("spec.subject: Too many: 2: must have at most 1 items");
        assertThat(errorsWith("  subject:\n    namespaces:\n      matchLabels:\n        tenant: a\n", "  subject: {}\n"))
                .containsExactly("spec.subject: Invalid value: 0: spec.subject in body should have at least 1 properties");
        assertThat(errorsWith("  subject:\n    namespaces:\n      matchLabels:\n        tenant: a\n", "  subject:\n    pods:\n      namespaceSelector: {}\n"))
                .containsExactly("spec.subject.pods.podSelector: Required value");
    }

    @Test
    void atMost25RulesPeersAndProtocolsAndAtLeastOnePeer() {
        StringBuilder many = new StringBuilder("  ingress:\n");
        for (int i = 0; i < 26; i++) {
            many.append("  - action: Deny\n    from:\n    - namespaces: {}\n");
        }
        String yaml = VALID.substring(0, VALID.indexOf("  ingress:\n")) + many;
        assertThat(errors(yaml)).containsExactly("spec.ingress: Too many: 26: must have at most 25 items");
        assertThat(errorsWith("    from:\n    - namespaces:\n", "    from: []\n    x:\n    - namespaces:\n")).contains(
                "spec.ingress[0].from: Invalid value: 0: spec.ingress[0].from in body should have at least 1 items");
        assertThat(errorsWith("    action: Deny\n    from:\n", "    action: Deny\n    fromm:\n"))
                .contains("spec.ingress[0].fromm: Unknown field: not in the policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy schema: check the spelling",
                        "spec.ingress[0].from: Required value");
    }

    @Test
    void actionIsAcceptDenyOrPassAndPassIsAllowedInBaseline() {
        assertThat(errorsWith("    action: Deny\n    from:\n", "    action: Drop\n    from:\n"))
                .containsExactly("spec.ingress[0].action: Unsupported value: \"Drop\": supported values: \"Accept\", \"Deny\", \"Pass\"");
        // the CRD has no rule against Pass in the Baseline tier (upstream: it skips the rest of Baseline)
        assertThat(errors(VALID.replace("tier: Admin", "tier: Baseline").replace("action: Deny\n    from:", "action: Pass\n    from:"))).isEmpty();
    }

    @Test
    void ruleNamesAreAtMost100Bytes() {
        assertThat(errorsWith("name: deny-cross-tenant", "name: " + "x".repeat(101)))
                .containsExactly("spec.ingress[0].name: Too long: may not be more than 100 bytes");
        assertThat(errorsWith("name: deny-cross-tenant", "name: " + "x".repeat(100))).isEmpty();
    }

    @Test
    void peersAreExactlyOneKindAndIngressHasNoAddressPeers() {
        assertThat(errorsWith("    - networks: [\"169.254.169.254/32\", \"fd00::/8\"]\n",
                "    - networks: [\"169.254.169.254/32\"]\n      namespaces: {}\n"))
                .containsExactly("spec.egress[1].to[0]: Too many: 2: must have at most 1 items");
        assertThat(errorsWith("    - namespaces:\n        matchExpressions:", "    - networks: [\"10.0.0.0/8\"]\n      namespaces:\n        matchExpressions:"))
                .containsExactly("spec.ingress[0].from[0].networks: Unknown field: not in the policy.networking.k8s.io/v1alpha2 "
                        + "ClusterNetworkPolicy schema: check the spelling");
    }

    @Test
    void networksAreCidrsAtMost43LongWithoutDuplicates() {
        assertThat(errorsWith("\"fd00::/8\"", "\"10.0.0.0/33\"")).containsExactly(
                "spec.egress[1].to[0].networks[1]: Invalid value: \"string\": Invalid CIDR format provided");
        assertThat(errorsWith("\"fd00::/8\"", "\"10.0.0.1\"")).containsExactly(
                "spec.egress[1].to[0].networks[1]: Invalid value: \"string\": Invalid CIDR format provided");
        assertThat(errorsWith("\"fd00::/8\"", "\"169.254.169.254/32\"")).containsExactly(
                "spec.egress[1].to[0].networks[1]: Duplicate value: \"169.254.169.254/32\"");
        assertThat(errorsWith("\"fd00::/8\"", "\"" + "a".repeat(44) + "\"")).containsExactly(
                "spec.egress[1].to[0].networks[1]: Too long: may not be more than 43 bytes");
        assertThat(errorsWith("\"fd00::/8\"", "\"010.0.0.0/8\"")).hasSize(1);
        // host bits are fine for isCIDR
        assertThat(errorsWith("\"fd00::/8\"", "\"10.0.0.1/8\"")).isEmpty();
    }

    @Test
    void domainNamesFollowThePattern() {
        assertThat(errorsWith("\"*.example.org\"", "\"example..org\"")).singleElement().asString()
                .startsWith("spec.egress[1].to[2].domainNames[1]: Invalid value: \"example..org\": spec.egress[1].to[2].domainNames[1] in body should match");
        assertThat(errorsWith("\"*.example.org\"", "\"foo.*.org\"")).hasSize(1);
    }

    @Test
    void portsAreANumberOrARangeWithStartBelowEnd() {
        assertThat(errorsWith("number: 443", "number: 0")).containsExactly(
                "spec.egress[0].protocols[0].tcp.destinationPort.number: Invalid value: 0: "
                        + "spec.egress[0].protocols[0].tcp.destinationPort.number in body should be greater than or equal to 1");
        assertThat(errorsWith("number: 443", "number: 65536")).hasSize(1);
        assertThat(errorsWith("range: {start: 8000, end: 8100}", "range: {start: 8100, end: 8000}")).containsExactly(
                "spec.egress[0].protocols[1].udp.destinationPort.range: Invalid value: \"object\": Start port must be less than End port");
        assertThat(errorsWith("range: {start: 8000, end: 8100}", "range: {start: 8000, end: 8000}")).hasSize(1);
        assertThat(errorsWith("range: {start: 8000, end: 8100}", "range: {start: 8000}")).containsExactly(
                "spec.egress[0].protocols[1].udp.destinationPort.range.end: Required value");
        assertThat(errorsWith("      destinationPort:\n          number: 443", "      destinationPort:\n          number: 443\n          range: {start: 1, end: 2}"))
                .containsExactly("spec.egress[0].protocols[0].tcp.destinationPort: Too many: 2: must have at most 1 items");
        assertThat(errorsWith("- tcp:\n        destinationPort:\n          number: 443\n", "- tcp: {}\n")).containsExactly(
                "spec.egress[0].protocols[0].tcp: Invalid value: 0: spec.egress[0].protocols[0].tcp in body should have at least 1 properties");
        assertThat(errorsWith("    - destinationNamedPort: http\n", "    - destinationNamedPort: http\n      sctp:\n        destinationPort:\n          number: 9\n"))
                .containsExactly("spec.egress[0].protocols[2]: Too many: 2: must have at most 1 items");
    }

    @Test
    void namedPortsAreNotAllowedWithNetworksNodesOrDomainNames() {
        String yaml = VALID.replace("  - action: Deny\n    to:\n", "  - action: Deny\n    protocols:\n    - destinationNamedPort: http\n    to:\n");
        assertThat(errors(yaml)).containsExactly("spec.egress[1]: Invalid value: \"object\": networks/nodes/domainNames peer cannot be set "
                + "with namedPorts since there are no namedPorts for networks/nodes/domainNames");
    }

    @Test
    void labelSelectorsMustBeParsable() {
        assertThat(errorsWith("operator: NotIn", "operator: Nope")).containsExactly(
                "spec.ingress[0].from[0].namespaces.matchExpressions[0].operator: Invalid value: \"Nope\": not a valid selector operator");
        assertThat(errorsWith("    tenant: a\n  ingress:", "    tenant: a b\n  ingress:")).hasSize(1);
    }

    @Test
    void metadataNameAndSpecAreRequiredAndUnknownTopLevelFieldsRefused() {
        assertThat(errorsWith("  name: tenant-isolation\n", "  name: Tenant_Isolation\n")).singleElement().asString()
                .startsWith("metadata.name: Invalid value: \"Tenant_Isolation\"");
        assertThat(errors("apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata:\n  name: x\nspecs: {}\n"))
                .containsExactly("specs: Unknown field: not in the policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy schema: check the spelling",
                        "spec: Required value");
    }
}
