package io.netfence.engine.lint;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.engine.manifest.ManifestObject;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.manifest.SnapshotAssembler;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.testing.Fixtures;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyLinterTest {

    private static final ManifestParser PARSER = ManifestParser.withDefaults();

    /** Namespaces app (team=a), other (team=b), kube-system; one node with pod CIDR 10.244.0.0/24. */
    private static final String CLUSTER = """
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: Namespace, metadata: {name: app, labels: {team: a}}}
            - {apiVersion: v1, kind: Namespace, metadata: {name: other, labels: {team: b}}}
            - {apiVersion: v1, kind: Namespace, metadata: {name: empty}}
            - {apiVersion: v1, kind: Namespace, metadata: {name: kube-system}}
            - apiVersion: v1
              kind: Node
              metadata: {name: n1}
              spec: {podCIDRs: [10.244.0.0/24]}
              status: {addresses: [{type: InternalIP, address: 172.18.0.2}]}
            - apiVersion: v1
              kind: Pod
              metadata: {name: web, namespace: app, labels: {app: web}}
              spec: {nodeName: n1, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
              status: {phase: Running, podIPs: [{ip: 10.244.0.10}]}
            - apiVersion: v1
              kind: Pod
              metadata: {name: api, namespace: app, labels: {app: api}}
              spec: {nodeName: n1, containers: [{name: c, ports: [{name: api, containerPort: 9090}]}]}
              status: {phase: Running, podIPs: [{ip: 10.244.0.11}]}
            - apiVersion: v1
              kind: Pod
              metadata: {name: agent, namespace: app, labels: {app: agent}}
              spec: {nodeName: n1, hostNetwork: true, containers: [{name: c}]}
              status: {phase: Running, podIPs: [{ip: 172.18.0.2}]}
            - apiVersion: v1
              kind: Pod
              metadata: {name: client, namespace: other, labels: {app: client}}
              spec: {nodeName: n1, containers: [{name: c}]}
              status: {phase: Running, podIPs: [{ip: 10.244.0.20}]}
            - apiVersion: v1
              kind: Pod
              metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
              spec:
                nodeName: n1
                containers: [{name: c, ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53}]}]
              status: {phase: Running, podIPs: [{ip: 10.244.0.2}]}
            """;

    private static final String ALLOW_DNS = """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-dns, namespace: app}
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress:
              - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
                ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
            """;

    private static ClusterSnapshot cluster(String... extraDocuments) {
        return SnapshotAssembler.assemble(PARSER.parse(CLUSTER + String.join("", extraDocuments))).orElseThrow();
    }

    private static ManifestObject policy(String spec) {
        return PARSER.parse("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: candidate, namespace: app}\nspec:\n"
                + spec.indent(2)).objects().get(0);
    }

    private static List<LintWarning> lint(String spec, String... extraDocuments) {
        return PolicyLinter.lint(policy(spec), cluster(extraDocuments));
    }

    private static List<String> codes(String spec, String... extraDocuments) {
        return lint(spec, extraDocuments).stream().map(w -> w.code() + " " + w.path()).toList();
    }

    @Test
    void realisticClusterDumpLintsClean() {
        var parsed = PARSER.parse(Fixtures.text(Fixtures.CLUSTER_3_NODES_YAML));
        ClusterSnapshot snapshot = SnapshotAssembler.assemble(parsed).orElseThrow();
        for (ManifestObject o : parsed.objects()) {
            if (o.resource() instanceof NetworkPolicy) {
                assertThat(PolicyLinter.lint(o, snapshot)).as(o.reference()).isEmpty();
            }
        }
    }

    @Nested
    class SelectsNoPod {

        @Test
        void typoInSelectorIsReportedWithTheLabelsInUse() {
            List<LintWarning> w = lint("podSelector: {matchLabels: {app: wbe}}");
            assertThat(w).containsExactly(new LintWarning(LintCodes.SELECTS_NO_POD, "spec.podSelector",
                    "selects no pod: no pod in namespace app matches app=wbe", "labels in use there: app=agent, app=api, app=web"));
        }

        @Test
        void onlyHostNetworkPodsMatch() {
            assertThat(lint("podSelector: {matchLabels: {app: agent}}")).extracting(LintWarning::message).containsExactly(
                    "selects no pod: the 1 pod(s) matching app=agent are hostNetwork, finished or have no IP yet, and NetworkPolicy never applies to those");
        }

        @Test
        void namespaceWithoutPods() {
            ManifestObject np = PARSER.parse("""
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: deny, namespace: empty}
                    spec: {podSelector: {}}
                    """).objects().get(0);
            assertThat(PolicyLinter.lint(np, cluster())).extracting(LintWarning::message)
                    .containsExactly("selects no pod: namespace empty has no pods");
        }

        @Test
        void nearMiss() {
            assertThat(codes("podSelector: {matchLabels: {app: web}}")).isEmpty();
            assertThat(codes("podSelector: {}")).isEmpty();
        }
    }

    @Nested
    class OrInsteadOfAnd {

        @Test
        void separateNamespaceAndPodPeers() {
            List<LintWarning> w = lint("""
                    podSelector: {matchLabels: {app: web}}
                    ingress:
                    - from:
                      - namespaceSelector: {matchLabels: {team: b}}
                      - podSelector: {matchLabels: {app: client}}
                    """);
            assertThat(w).containsExactly(new LintWarning(LintCodes.OR_INSTEAD_OF_AND, "spec.ingress[0].from",
                    "from[0] and from[1] are separate peers, so this rule admits ALL pods in namespaces team=b OR pods app=client in namespace app",
                    "for pods app=client in namespaces team=b, put podSelector and namespaceSelector in the same from item (no '-' before podSelector)"));
        }

        @Test
        void alsoInEgress() {
            assertThat(codes("""
                    podSelector: {matchLabels: {app: web}}
                    egress:
                    - to:
                      - podSelector: {matchLabels: {app: api}}
                      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                    """)).contains("or-instead-of-and spec.egress[0].to");
        }

        @Test
        void nearMisses() {
            assertThat(codes("""
                    podSelector: {matchLabels: {app: web}}
                    ingress:
                    - from:
                      - namespaceSelector: {matchLabels: {team: b}}
                        podSelector: {matchLabels: {app: client}}
                    - from:
                      - namespaceSelector: {matchLabels: {team: b}}
                      - podSelector: {}
                    - from:
                      - namespaceSelector: {matchLabels: {team: b}}
                    - from:
                      - podSelector: {matchLabels: {app: api}}
                    """)).isEmpty();
        }
    }

    @Nested
    class EgressBlocksDns {

        private static final String EGRESS_TO_API = """
                podSelector: {matchLabels: {app: web}}
                policyTypes: [Egress]
                egress:
                - to: [{podSelector: {matchLabels: {app: api}}}]
                  ports: [{port: 9090}]
                """;

        @Test
        void egressIsolationWithoutDns() {
            assertThat(lint(EGRESS_TO_API)).containsExactly(new LintWarning(LintCodes.EGRESS_BLOCKS_DNS, "spec.egress",
                    "isolates egress but no policy selecting app/web allows UDP 53 and TCP 53 to the DNS pods (kube-system/coredns): name lookups will fail",
                    "add an egress rule: to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, "
                            + "podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]"));
        }

        @Test
        void denyAllEgressPointsAtPolicyTypes() {
            assertThat(codes("podSelector: {}\npolicyTypes: [Egress]")).containsExactly("egress-blocks-dns spec.policyTypes");
        }

        @Test
        void onlyTheMissingProtocolIsNamed() {
            assertThat(lint(EGRESS_TO_API + "- to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n  ports: [{port: 53, protocol: UDP}]"))
                    .extracting(LintWarning::message).singleElement().asString()
                    .contains("allows TCP 53 to the DNS pods").doesNotContain("UDP 53");
        }

        @Test
        void anotherPolicySelectingTheSamePodsAllowsDns() {
            assertThat(codes(EGRESS_TO_API, ALLOW_DNS)).isEmpty();
        }

        @Test
        void dnsByNamedPortOrIpBlockCounts() {
            assertThat(codes(EGRESS_TO_API + "- ports: [{port: dns, protocol: UDP}, {port: dns-tcp}]")).isEmpty();
            assertThat(codes(EGRESS_TO_API + "- to: [{ipBlock: {cidr: 10.244.0.2/32}}]\n  ports: [{port: 53, protocol: UDP}, {port: 53}]"))
                    .doesNotContain("egress-blocks-dns spec.egress");
        }

        @Test
        void withoutDnsPodsAnyPort53RuleCounts() {
            String clusterWithoutDns = CLUSTER.substring(0, CLUSTER.indexOf("- apiVersion: v1\n  kind: Pod\n  metadata: {name: coredns"));
            ClusterSnapshot noDns = SnapshotAssembler.assemble(PARSER.parse(clusterWithoutDns)).orElseThrow();
            assertThat(PolicyLinter.lint(policy(EGRESS_TO_API), noDns)).extracting(LintWarning::message).singleElement().asString()
                    .contains("allows UDP 53 and TCP 53 to any destination");
            assertThat(PolicyLinter.lint(policy(EGRESS_TO_API + "- ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]"), noDns))
                    .isEmpty();
        }

        @Test
        void ingressOnlyPoliciesDoNotTouchDns() {
            assertThat(codes("podSelector: {matchLabels: {app: web}}\ningress: []")).isEmpty();
        }
    }

    @Nested
    class NamedPorts {

        @Test
        void ingressNamedPortTheSelectedPodsDoNotExpose() {
            assertThat(lint("podSelector: {matchLabels: {app: web}}\ningress:\n- ports: [{port: htpp}]")).containsExactly(
                    new LintWarning(LintCodes.NAMED_PORT_NOT_EXPOSED, "spec.ingress[0].ports[0].port",
                            "none of the 1 pod(s) this policy selects has a container port named \"htpp\" on TCP, so this port matches nothing",
                            "port names on those pods: http/TCP"));
        }

        @Test
        void protocolMustMatchToo() {
            assertThat(codes("podSelector: {matchLabels: {app: web}}\ningress:\n- ports: [{port: http}, {port: http, protocol: UDP}]"))
                    .containsExactly("named-port-not-exposed spec.ingress[0].ports[1].port");
        }

        @Test
        void egressNamedPortResolvesOnThePeerPods() {
            String spec = "podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n- to: [{podSelector: {matchLabels: {app: api}}}]\n  ports: [{port: %s}]";
            assertThat(codes(spec.formatted("api"), ALLOW_DNS)).isEmpty();
            assertThat(codes(spec.formatted("http"), ALLOW_DNS)).containsExactly("named-port-not-exposed spec.egress[0].ports[0].port");
        }
    }

    @Nested
    class IpBlocks {

        @Test
        void ipBlockCoveringPodIpsAndPodCidrs() {
            List<LintWarning> w = lint("podSelector: {matchLabels: {app: web}}\ningress:\n- from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.244.0.20/32]}}]");
            assertThat(w).containsExactly(new LintWarning(LintCodes.IPBLOCK_COVERS_PODS, "spec.ingress[0].from[0].ipBlock",
                    "ipBlock 10.0.0.0/8 except 10.244.0.20/32 covers the IPs of 3 pod(s) (app/api 10.244.0.11, app/web 10.244.0.10, "
                            + "kube-system/coredns 10.244.0.2) and pod CIDR(s) 10.244.0.0/24 (n1): netfence matches pod IPs in an ipBlock, "
                            + "but the NetworkPolicy API leaves that to the implementation",
                    "to allow pods, use podSelector/namespaceSelector; to keep this block to addresses outside the cluster, add the pod CIDRs to ipBlock.except"));
        }

        /** Three pods are named, every covered pod counted (the host-network pod's IP is not a pod IP here). */
        @Test
        void moreThanThreeCoveredPodsAreCountedAndElided() {
            List<LintWarning> w = lint("podSelector: {matchLabels: {app: web}}\ningress:\n- from: [{ipBlock: {cidr: 0.0.0.0/0}}]");
            assertThat(w).extracting(LintWarning::message).containsExactly("ipBlock 0.0.0.0/0 covers the IPs of 4 pod(s) (app/api 10.244.0.11, "
                    + "app/web 10.244.0.10, kube-system/coredns 10.244.0.2, ...) and pod CIDR(s) 10.244.0.0/24 (n1): netfence matches pod IPs "
                    + "in an ipBlock, but the NetworkPolicy API leaves that to the implementation");
        }

        @Test
        void podCidrAloneIsEnough() {
            assertThat(codes("podSelector: {matchLabels: {app: web}}\ningress:\n- from: [{ipBlock: {cidr: 10.244.0.128/25}}]"))
                    .containsExactly("ipblock-covers-pods spec.ingress[0].from[0].ipBlock");
        }

        @Test
        void nearMisses() {
            assertThat(codes("podSelector: {matchLabels: {app: web}}\ningress:\n- from:\n"
                    + "  - ipBlock: {cidr: 0.0.0.0/0, except: [10.244.0.0/16]}\n  - ipBlock: {cidr: 192.168.0.0/16}\n"
                    + "  - ipBlock: {cidr: 172.18.0.2/32}")).isEmpty();
        }
    }

    @Nested
    class RulesWithoutPolicyType {

        @Test
        void egressRulesIgnoredBecausePolicyTypesSaysIngress() {
            assertThat(lint("podSelector: {matchLabels: {app: web}}\npolicyTypes: [Ingress]\negress:\n- to: [{podSelector: {}}]"))
                    .containsExactly(new LintWarning(LintCodes.RULES_WITHOUT_POLICY_TYPE, "spec.egress",
                            "1 egress rule(s) have no effect: policyTypes [Ingress] does not include Egress",
                            "add Egress to policyTypes, or remove the egress rules"));
        }

        @Test
        void emptyEgressListWithoutPolicyTypesIsNotDenyAll() {
            assertThat(lint("podSelector: {matchLabels: {app: web}}\negress: []")).containsExactly(
                    new LintWarning(LintCodes.RULES_WITHOUT_POLICY_TYPE, "spec.egress",
                            "egress: [] has no effect: without policyTypes only Ingress (and Egress when there are egress rules) is isolated",
                            "to deny all egress, add Egress to policyTypes; otherwise remove egress: []"));
            assertThat(codes("podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\ningress: []"))
                    .contains("rules-without-policy-type spec.ingress");
        }

        @Test
        void nearMisses() {
            assertThat(codes("podSelector: {matchLabels: {app: web}}\ningress: []")).isEmpty();
            assertThat(codes("podSelector: {matchLabels: {app: web}}\npolicyTypes: [Ingress, Egress]\negress: []", ALLOW_DNS)).isEmpty();
            assertThat(codes("podSelector: {matchLabels: {app: web}}\negress:\n- to: [{podSelector: {}}]", ALLOW_DNS)).isEmpty();
        }
    }

    @Test
    void fabric8ObjectsCannotShowAnEmptyListButGetEveryOtherCheck() {
        NetworkPolicy np = (NetworkPolicy) policy("podSelector: {matchLabels: {app: wbe}}\negress: []\npolicyTypes: [Ingress, Ingress]").resource();
        assertThat(PolicyLinter.lint(np, cluster())).extracting(w -> w.code() + " " + w.path())
                .containsExactly("duplicate-policy-type spec.policyTypes[1]", "selects-no-pod spec.podSelector");
    }

    @Test
    void duplicatePolicyType() {
        assertThat(codes("podSelector: {matchLabels: {app: web}}\npolicyTypes: [Ingress, Ingress]"))
                .containsExactly("duplicate-policy-type spec.policyTypes[1]");
        assertThat(codes("podSelector: {matchLabels: {app: web}}\npolicyTypes: [Ingress]")).isEmpty();
    }
}
