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
import io.netfence.engine.manifest.ManifestParser;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class NetworkPolicyValidatorTest {

    static final String SUBDOMAIN_REGEX = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
            + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
            + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    static final String LABEL_REGEX = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
            + "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
            + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    static final String KEY_NAME_REGEX = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
            + "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    static final String VALUE_REGEX = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
            + "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private static final ManifestParser PARSER = ManifestParser.withDefaults();

    /** A NetworkPolicy "web" in "default" with the given spec (YAML, without the "spec:" line). */
    static NetworkPolicy policy(String spec) {
        return policy("name: web\nnamespace: default\n", spec);
    }

    static NetworkPolicy policy(String metadata, String spec) {
        String yaml = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n" + metadata.indent(2)
                + "spec:\n" + spec.indent(2);
        return PARSER.parse(yaml).networkPolicies().get(0);
    }

    static List<String> errors(NetworkPolicy np) {
        return NetworkPolicyValidator.validate(np).stream().map(FieldError::toString).toList();
    }

    static List<String> specErrors(String spec) {
        return errors(policy(spec));
    }

    @Test
    void realisticPoliciesAreValid() {
        for (NetworkPolicy np : PARSER.parse(io.netfence.engine.testing.Fixtures.text(io.netfence.engine.testing.Fixtures.CLUSTER_3_NODES_YAML)).networkPolicies()) {
            assertThat(errors(np)).as(np.getMetadata().getName()).isEmpty();
        }
        assertThat(errors(PARSER.parse(io.netfence.engine.testing.Fixtures.text(io.netfence.engine.testing.Fixtures.NETWORKPOLICY_SINGLE))
                .networkPolicies().get(0))).isEmpty();
    }

    @Nested
    class Metadata {

        @Test
        void nameIsADns1123Subdomain() {
            assertThat(errors(policy("name: a.b-c.d9\nnamespace: default", "podSelector: {}"))).isEmpty();
            assertThat(errors(policy("name: " + "a".repeat(253) + "\nnamespace: default", "podSelector: {}"))).isEmpty();
            assertThat(errors(policy("name: " + "a".repeat(254) + "\nnamespace: default", "podSelector: {}")))
                    .containsExactly("metadata.name: Invalid value: \"" + "a".repeat(254) + "\": must be no more than 253 bytes");
            assertThat(errors(policy("name: Web\nnamespace: default", "podSelector: {}")))
                    .containsExactly("metadata.name: Invalid value: \"Web\": " + SUBDOMAIN_REGEX);
            assertThat(errors(policy("name: web-\nnamespace: default", "podSelector: {}")))
                    .containsExactly("metadata.name: Invalid value: \"web-\": " + SUBDOMAIN_REGEX);
        }

        @Test
        void nameIsRequiredUnlessGenerateNameIsGiven() {
            assertThat(errors(policy("namespace: default", "podSelector: {}")))
                    .containsExactly("metadata.name: Required value: name or generateName is required");
            assertThat(errors(policy("generateName: web-\nnamespace: default", "podSelector: {}"))).isEmpty();
            assertThat(errors(policy("generateName: Web-\nnamespace: default", "podSelector: {}")))
                    .containsExactly("metadata.generateName: Invalid value: \"Web-\": " + SUBDOMAIN_REGEX);
        }

        @Test
        void namespaceIsARequiredDns1123Label() {
            assertThat(errors(policy("name: web", "podSelector: {}"))).containsExactly("metadata.namespace: Required value");
            assertThat(errors(policy("name: web\nnamespace: " + "n".repeat(63), "podSelector: {}"))).isEmpty();
            assertThat(errors(policy("name: web\nnamespace: " + "n".repeat(64), "podSelector: {}")))
                    .containsExactly("metadata.namespace: Invalid value: \"" + "n".repeat(64) + "\": must be no more than 63 bytes");
            assertThat(errors(policy("name: web\nnamespace: team.a", "podSelector: {}")))
                    .containsExactly("metadata.namespace: Invalid value: \"team.a\": must not contain dots");
            assertThat(errors(policy("name: web\nnamespace: Team", "podSelector: {}")))
                    .containsExactly("metadata.namespace: Invalid value: \"Team\": " + LABEL_REGEX);
        }

        @Test
        void labelsAndAnnotationKeys() {
            assertThat(errors(policy("name: web\nnamespace: default\nlabels: {app.kubernetes.io/name: web, empty: \"\"}\n"
                    + "annotations: {Example.com/Note: any text at all}", "podSelector: {}"))).isEmpty();
            assertThat(errors(policy("name: web\nnamespace: default\nlabels: {app: -x}\nannotations: {\"bad key\": x}", "podSelector: {}")))
                    .containsExactly("metadata.labels: Invalid value: \"-x\": " + VALUE_REGEX,
                            "metadata.annotations: Invalid value: \"bad key\": " + KEY_NAME_REGEX);
        }

        @Test
        void annotationsHaveATotalSizeLimit() {
            String big = "x".repeat(256 * 1024 - 1);
            assertThat(errors(policy("name: web\nnamespace: default\nannotations: {a: " + big + "}", "podSelector: {}"))).isEmpty();
            assertThat(errors(policy("name: web\nnamespace: default\nannotations: {ab: " + big + "}", "podSelector: {}")))
                    .containsExactly("metadata.annotations: Too long: may not be more than 262144 bytes");
        }
    }

    @Nested
    class Selectors {

        @Test
        void matchLabelKeysAreQualifiedNames() {
            assertThat(specErrors("podSelector: {matchLabels: {app.kubernetes.io/name: web, A_b.c: v, " + "k".repeat(63) + ": v, "
                    + "p".repeat(253) + "/n: v}}")).isEmpty();
            assertThat(specErrors("podSelector: {matchLabels: {-app: web}}"))
                    .containsExactly("spec.podSelector.matchLabels: Invalid value: \"-app\": " + KEY_NAME_REGEX);
            assertThat(specErrors("podSelector: {matchLabels: {" + "k".repeat(64) + ": v}}"))
                    .containsExactly("spec.podSelector.matchLabels: Invalid value: \"" + "k".repeat(64) + "\": name part must be no more than 63 bytes");
            assertThat(specErrors("podSelector: {matchLabels: {" + "p".repeat(254) + "/n: v}}"))
                    .containsExactly("spec.podSelector.matchLabels: Invalid value: \"" + "p".repeat(254) + "/n\": prefix part must be no more than 253 bytes");
            assertThat(specErrors("podSelector: {matchLabels: {/app: v}}"))
                    .containsExactly("spec.podSelector.matchLabels: Invalid value: \"/app\": prefix part must be non-empty");
            assertThat(specErrors("podSelector: {matchLabels: {Example.com/app: v}}"))
                    .containsExactly("spec.podSelector.matchLabels: Invalid value: \"Example.com/app\": prefix part " + SUBDOMAIN_REGEX);
            assertThat(specErrors("podSelector: {matchLabels: {a/b/c: v}}")).containsExactly(
                    "spec.podSelector.matchLabels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, "
                            + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
                            + "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS "
                            + "subdomain prefix and '/' (e.g. 'example.com/MyName')");
        }

        @Test
        void matchLabelValuesAreLabelValues() {
            assertThat(specErrors("podSelector: {matchLabels: {a: \"\", b: " + "v".repeat(63) + ", c: 1.2_x-Y}}")).isEmpty();
            assertThat(specErrors("podSelector: {matchLabels: {a: " + "v".repeat(64) + "}}"))
                    .containsExactly("spec.podSelector.matchLabels: Invalid value: \"" + "v".repeat(64) + "\": must be no more than 63 bytes");
            assertThat(specErrors("podSelector: {matchLabels: {a: \"x y\"}}"))
                    .containsExactly("spec.podSelector.matchLabels: Invalid value: \"x y\": " + VALUE_REGEX);
        }

        @Test
        void operatorsAndValuesAgree() {
            assertThat(specErrors("""
                    podSelector:
                      matchExpressions:
                      - {key: a, operator: In, values: [x]}
                      - {key: b, operator: NotIn, values: [x, y]}
                      - {key: c, operator: Exists}
                      - {key: d, operator: DoesNotExist, values: []}
                    """)).isEmpty();
            assertThat(specErrors("""
                    podSelector:
                      matchExpressions:
                      - {key: a, operator: In}
                      - {key: b, operator: NotIn, values: []}
                      - {key: c, operator: Exists, values: [x]}
                      - {key: d, operator: DoesNotExist, values: [x]}
                      - {key: e, operator: in, values: [x]}
                      - {key: "", operator: In, values: ["-bad"]}
                    """)).containsExactly(
                    "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                    "spec.podSelector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                    "spec.podSelector.matchExpressions[2].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    "spec.podSelector.matchExpressions[3].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    "spec.podSelector.matchExpressions[4].operator: Invalid value: \"in\": not a valid selector operator",
                    "spec.podSelector.matchExpressions[5].key: Invalid value: \"\": name part must be non-empty",
                    "spec.podSelector.matchExpressions[5].key: Invalid value: \"\": " + KEY_NAME_REGEX,
                    "spec.podSelector.matchExpressions[5].values[0]: Invalid value: \"-bad\": " + VALUE_REGEX);
        }

        @Test
        void peerSelectorsAreValidatedWithTheirPaths() {
            assertThat(specErrors("""
                    podSelector: {}
                    egress:
                    - to:
                      - namespaceSelector: {matchLabels: {team: "a b"}}
                        podSelector: {matchExpressions: [{key: x, operator: Exists, values: [y]}]}
                    """)).containsExactly(
                    "spec.egress[0].to[0].podSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    "spec.egress[0].to[0].namespaceSelector.matchLabels: Invalid value: \"a b\": " + VALUE_REGEX);
        }
    }

    @Nested
    class Ports {

        @Test
        void numbersAreOneTo65535() {
            assertThat(specErrors("podSelector: {}\ningress:\n- ports: [{port: 1}, {port: 65535}]")).isEmpty();
            assertThat(specErrors("podSelector: {}\ningress:\n- ports: [{port: 65536}, {port: 0}, {port: -1}]")).containsExactly(
                    "spec.ingress[0].ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive",
                    "spec.ingress[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                    "spec.ingress[0].ports[2].port: Invalid value: -1: must be between 1 and 65535, inclusive");
        }

        @Test
        void endPortNeedsANumericPortAndIsNotBelowIt() {
            assertThat(specErrors("podSelector: {}\negress:\n- ports: [{port: 80, endPort: 80}, {port: 1, endPort: 65535}]")).isEmpty();
            assertThat(specErrors("""
                    podSelector: {}
                    egress:
                    - ports:
                      - {port: 80, endPort: 79}
                      - {port: 80, endPort: 65536}
                      - {port: http, endPort: 90}
                      - {endPort: 90}
                      - {protocol: UDP, endPort: 90}
                    """)).containsExactly(
                    "spec.egress[0].ports[0].endPort: Invalid value: 79: must be greater than or equal to `port`",
                    "spec.egress[0].ports[1].endPort: Invalid value: 65536: must be between 1 and 65535, inclusive",
                    "spec.egress[0].ports[2].endPort: Invalid value: 90: may not be specified when `port` is non-numeric",
                    "spec.egress[0].ports[3].endPort: Invalid value: 90: may not be specified when `port` is not specified",
                    "spec.egress[0].ports[4].endPort: Invalid value: 90: may not be specified when `port` is not specified");
        }

        @Test
        void namesAreIanaServiceNames() {
            assertThat(specErrors("podSelector: {}\ningress:\n- ports: [{port: abcdefghijklmno}, {port: a-1}, {port: 9p}, {port: x}]")).isEmpty();
            assertThat(specErrors("podSelector: {}\ningress:\n- ports: [{port: abcdefghijklmnop}]"))
                    .containsExactly("spec.ingress[0].ports[0].port: Invalid value: \"abcdefghijklmnop\": must be no more than 15 bytes");
            assertThat(specErrors("podSelector: {}\ningress:\n- ports: [{port: HTTP}, {port: \"123\"}, {port: a--b}, {port: -ab}, {port: ab-}, {port: \"\"}]"))
                    .containsExactly(
                            "spec.ingress[0].ports[0].port: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                            "spec.ingress[0].ports[0].port: Invalid value: \"HTTP\": must contain at least one letter (a-z)",
                            "spec.ingress[0].ports[1].port: Invalid value: \"123\": must contain at least one letter (a-z)",
                            "spec.ingress[0].ports[2].port: Invalid value: \"a--b\": must not contain consecutive hyphens",
                            "spec.ingress[0].ports[3].port: Invalid value: \"-ab\": must not begin or end with a hyphen",
                            "spec.ingress[0].ports[4].port: Invalid value: \"ab-\": must not begin or end with a hyphen",
                            "spec.ingress[0].ports[5].port: Invalid value: \"\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                            "spec.ingress[0].ports[5].port: Invalid value: \"\": must contain at least one letter (a-z)");
        }

        @Test
        void protocolsAreTcpUdpSctp() {
            assertThat(specErrors("podSelector: {}\ningress:\n- ports: [{protocol: TCP}, {protocol: UDP, port: 53}, {protocol: SCTP, port: 9}]")).isEmpty();
            assertThat(specErrors("podSelector: {}\ningress:\n- ports: [{protocol: ICMP}, {protocol: tcp, port: 80}]")).containsExactly(
                    "spec.ingress[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"TCP\", \"UDP\", \"SCTP\"",
                    "spec.ingress[0].ports[1].protocol: Unsupported value: \"tcp\": supported values: \"TCP\", \"UDP\", \"SCTP\"");
        }
    }

    @Nested
    class Peers {

        @Test
        void aPeerIsNotEmpty() {
            assertThat(specErrors("podSelector: {}\ningress:\n- from: [{podSelector: {}}, {namespaceSelector: {}}, {podSelector: {}, namespaceSelector: {}}]"))
                    .isEmpty();
            assertThat(specErrors("podSelector: {}\ningress:\n- from: [{}]\negress:\n- to: [{podSelector: {}}, {}]")).containsExactly(
                    "spec.ingress[0].from[0]: Required value: must specify a peer",
                    "spec.egress[0].to[1]: Required value: must specify a peer");
        }

        @Test
        void aPeerWithIpBlockHasNoSelectors() {
            assertThat(specErrors("""
                    podSelector: {}
                    egress:
                    - to:
                      - {ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}
                      - {ipBlock: {cidr: 10.0.0.0/8}, namespaceSelector: {}}
                    """)).containsExactly(
                    "spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer",
                    "spec.egress[0].to[1]: Forbidden: may not specify both ipBlock and another peer");
        }

        @Test
        void cidrIsRequiredAndValid() {
            assertThat(specErrors("""
                    podSelector: {}
                    ingress:
                    - from:
                      - ipBlock: {cidr: 0.0.0.0/0}
                      - ipBlock: {cidr: "::/0"}
                      - ipBlock: {cidr: 10.0.0.1/32}
                      - ipBlock: {cidr: 10.1.2.3/8}
                      - ipBlock: {cidr: "2001:db8::/128"}
                    """)).isEmpty();
            assertThat(specErrors("""
                    podSelector: {}
                    ingress:
                    - from:
                      - ipBlock: {}
                      - ipBlock: {cidr: 10.0.0.0}
                      - ipBlock: {cidr: 10.0.0.0/33}
                      - ipBlock: {cidr: "2001:db8::/129"}
                      - ipBlock: {cidr: 010.0.0.0/8}
                      - ipBlock: {cidr: 10.0.0.0/08}
                      - ipBlock: {cidr: "::ffff:10.0.0.0/104"}
                      - ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8, 10.0.0.0/7, "fd00::/8", 10.0.0/24, 11.0.0.0/16]}
                    """)).containsExactly(
                    "spec.ingress[0].from[0].ipBlock.cidr: Required value",
                    "spec.ingress[0].from[1].ipBlock.cidr: Invalid value: \"10.0.0.0\": " + IpBlockValidator.CIDR_MSG,
                    "spec.ingress[0].from[2].ipBlock.cidr: Invalid value: \"10.0.0.0/33\": " + IpBlockValidator.CIDR_MSG,
                    "spec.ingress[0].from[3].ipBlock.cidr: Invalid value: \"2001:db8::/129\": " + IpBlockValidator.CIDR_MSG,
                    "spec.ingress[0].from[4].ipBlock.cidr: Invalid value: \"010.0.0.0/8\": must not have leading 0s in IP or prefix length",
                    "spec.ingress[0].from[5].ipBlock.cidr: Invalid value: \"10.0.0.0/08\": must not have leading 0s in IP or prefix length",
                    "spec.ingress[0].from[6].ipBlock.cidr: Invalid value: \"::ffff:10.0.0.0/104\": must not have an IPv4-mapped IPv6 address",
                    "spec.ingress[0].from[7].ipBlock.except[0]: Invalid value: \"10.0.0.0/8\": must be a strict subset of `cidr`",
                    "spec.ingress[0].from[7].ipBlock.except[1]: Invalid value: \"10.0.0.0/7\": must be a strict subset of `cidr`",
                    "spec.ingress[0].from[7].ipBlock.except[2]: Invalid value: \"fd00::/8\": must be a strict subset of `cidr`",
                    "spec.ingress[0].from[7].ipBlock.except[3]: Invalid value: \"10.0.0/24\": " + IpBlockValidator.CIDR_MSG,
                    "spec.ingress[0].from[7].ipBlock.except[4]: Invalid value: \"11.0.0.0/16\": must be a strict subset of `cidr`");
        }

        @Test
        void exceptStrictlyInsideCidrIsAccepted() {
            assertThat(specErrors("""
                    podSelector: {}
                    egress:
                    - to:
                      - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 10.0.0.0/31, 0.0.0.0/1, 255.255.255.255/32]}
                      - ipBlock: {cidr: "::/0", except: ["fd00::/8", "::/1"]}
                      - ipBlock: {cidr: 10.0.0.0/8, except: [10.255.255.255/32]}
                    """)).isEmpty();
        }

        @Test
        void exceptOfAnInvalidCidrIsNotChecked() {
            assertThat(specErrors("podSelector: {}\negress:\n- to:\n  - ipBlock: {cidr: nonsense, except: [alsononsense]}"))
                    .containsExactly("spec.egress[0].to[0].ipBlock.cidr: Invalid value: \"nonsense\": " + IpBlockValidator.CIDR_MSG);
        }
    }

    @Nested
    class PolicyTypes {

        @Test
        void onlyIngressAndEgress() {
            assertThat(specErrors("podSelector: {}\npolicyTypes: [Ingress, Egress]")).isEmpty();
            assertThat(specErrors("podSelector: {}\npolicyTypes: [Egress]")).isEmpty();
            assertThat(specErrors("podSelector: {}\npolicyTypes: []")).isEmpty();
            assertThat(specErrors("podSelector: {}\npolicyTypes: [ingress, Both]")).containsExactly(
                    "spec.policyTypes[0]: Unsupported value: \"ingress\": supported values: \"Ingress\", \"Egress\"",
                    "spec.policyTypes[1]: Unsupported value: \"Both\": supported values: \"Ingress\", \"Egress\"");
        }

        @Test
        void atMostTwo() {
            assertThat(specErrors("podSelector: {}\npolicyTypes: [Ingress, Egress, Ingress]")).containsExactly(
                    "spec.policyTypes: Invalid value: []networking.PolicyType{\"Ingress\", \"Egress\", \"Ingress\"}: may not specify more than two policyTypes");
        }

        @Test
        void aRepeatedTypeIsAcceptedLikeTheApiServerDoes() {
            // The API server stores [Ingress, Ingress]; refusing it here would make netfence enforce less than the
            // cluster holds. PolicyLinter warns about it instead.
            assertThat(specErrors("podSelector: {}\npolicyTypes: [Ingress, Ingress]")).isEmpty();
        }
    }

    /**
     * fabric8 keeps fields it does not know aside instead of refusing them; the API server's strict decoding
     * (kubectl's default) refuses them. Silently dropped, a misspelt {@code ingress} would leave a deny-all policy.
     */
    @Nested
    class UnknownFields {

        static final String DETAIL = ": Unknown field: not in the networking.k8s.io/v1 NetworkPolicy schema: check the spelling";

        @Test
        void misspeltFieldsAnywhereInTheObjectAreNamedWithTheirPath() {
            NetworkPolicy np = PARSER.parse("""
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata:
                      name: web
                      namespace: default
                      lables: {app: web}
                    spec:
                      podSelector: {matchLabel: {app: web}, matchExpressions: [{key: a, operator: Exists, value: [x]}]}
                      ingres:
                      - from: [{podSelector: {}}]
                      ingress:
                      - form: [{podSelector: {}}]
                      - from: [{podselector: {}}, {ipBlock: {cidr: 10.0.0.0/8, exept: [10.1.0.0/16]}}]
                        ports: [{port: 80, endport: 90}]
                      egress:
                      - too: [{namespaceSelector: {}}]
                      policyType: [Egress]
                    """).networkPolicies().get(0);
            assertThat(errors(np).stream().filter(e -> e.contains("Unknown field")).toList()).containsExactly(
                    "metadata.lables" + DETAIL,
                    "spec.ingres" + DETAIL,
                    "spec.policyType" + DETAIL,
                    "spec.podSelector.matchLabel" + DETAIL,
                    "spec.podSelector.matchExpressions[0].value" + DETAIL,
                    "spec.ingress[0].form" + DETAIL,
                    "spec.ingress[1].ports[0].endport" + DETAIL,
                    "spec.ingress[1].from[0].podselector" + DETAIL,
                    "spec.ingress[1].from[1].ipBlock.exept" + DETAIL,
                    "spec.egress[0].too" + DETAIL);
        }

        @Test
        void aMisspeltSpecIsNamedToo() {
            assertThat(errors(PARSER.parse("""
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: web, namespace: default}
                    sepc: {podSelector: {}}
                    """).networkPolicies().get(0))).containsExactly("sepc" + DETAIL);
        }

        @Test
        void everyRealFieldIsKnown() {
            assertThat(specErrors("""
                    podSelector: {matchLabels: {app: web}, matchExpressions: [{key: tier, operator: In, values: [a]}]}
                    policyTypes: [Ingress, Egress]
                    ingress:
                    - from:
                      - {podSelector: {matchLabels: {a: b}}, namespaceSelector: {matchExpressions: [{key: c, operator: Exists}]}}
                      - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
                      ports: [{protocol: TCP, port: 80, endPort: 90}]
                    egress:
                    - to: [{namespaceSelector: {}}]
                      ports: [{protocol: UDP, port: dns}]
                    """)).isEmpty();
            // status was a field of NetworkPolicy (1.24-1.26); older clusters' dumps may still carry it
            assertThat(errors(PARSER.parse("""
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: web, namespace: default, labels: {a: b}, annotations: {c: d}, uid: x, resourceVersion: "1"}
                    spec: {podSelector: {}}
                    status: {}
                    """).networkPolicies().get(0))).isEmpty();
        }
    }

    @Nested
    class NullSafety {

        @Test
        void emptyObjects() {
            assertThat(errors(new NetworkPolicy())).containsExactly(
                    "metadata.name: Required value: name or generateName is required", "metadata.namespace: Required value");
            assertThat(errors(null)).containsExactly("metadata.name: Required value: name or generateName is required");
            NetworkPolicy np = new NetworkPolicy();
            np.setMetadata(new ObjectMeta());
            np.setSpec(new NetworkPolicySpec());
            assertThat(errors(np)).hasSize(2);
        }

        @Test
        void nullListEntriesAreEmptyObjectsAsForTheApiServer() {
            NetworkPolicy np = new NetworkPolicy();
            ObjectMeta meta = new ObjectMeta();
            meta.setName("web");
            meta.setNamespace("default");
            Map<String, String> labels = new HashMap<>();
            labels.put("app", null);
            meta.setLabels(labels);
            Map<String, String> annotations = new HashMap<>();
            annotations.put("note", null);
            meta.setAnnotations(annotations);
            np.setMetadata(meta);
            NetworkPolicySpec spec = new NetworkPolicySpec();
            LabelSelector sel = new LabelSelector();
            sel.setMatchLabels(labels);
            sel.setMatchExpressions(Arrays.asList(null, new LabelSelectorRequirement(null, null, Arrays.asList((String) null))));
            spec.setPodSelector(sel);
            NetworkPolicyIngressRule rule = new NetworkPolicyIngressRule();
            rule.setFrom(Arrays.asList(null, new NetworkPolicyPeer(new IPBlock(null, Arrays.asList((String) null)), null, null)));
            rule.setPorts(Arrays.asList(null, new NetworkPolicyPort(null, new IntOrString(), null)));
            spec.setIngress(Arrays.asList(null, rule));
            NetworkPolicyEgressRule egress = new NetworkPolicyEgressRule();
            egress.setTo(Arrays.asList(new NetworkPolicyPeer(new IPBlock("10.0.0.0/8", Arrays.asList((String) null)), null, null)));
            spec.setEgress(new ArrayList<>(Arrays.asList(null, egress)));
            spec.setPolicyTypes(Arrays.asList((String) null));
            np.setSpec(spec);

            assertThat(errors(np)).containsExactly(
                    "spec.podSelector.matchExpressions[0].operator: Invalid value: \"\": not a valid selector operator",
                    "spec.podSelector.matchExpressions[0].key: Invalid value: \"\": name part must be non-empty",
                    "spec.podSelector.matchExpressions[0].key: Invalid value: \"\": " + KEY_NAME_REGEX,
                    "spec.podSelector.matchExpressions[1].operator: Invalid value: \"\": not a valid selector operator",
                    "spec.podSelector.matchExpressions[1].key: Invalid value: \"\": name part must be non-empty",
                    "spec.podSelector.matchExpressions[1].key: Invalid value: \"\": " + KEY_NAME_REGEX,
                    "spec.ingress[1].from[0]: Required value: must specify a peer",
                    "spec.ingress[1].from[1].ipBlock.cidr: Required value",
                    "spec.egress[1].to[0].ipBlock.except[0]: Invalid value: \"\": " + IpBlockValidator.CIDR_MSG,
                    "spec.policyTypes[0]: Unsupported value: \"\": supported values: \"Ingress\", \"Egress\"");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "podSelector: null", "ingress: [null]", "ingress: [{from: [null]}]", "ingress: [{ports: [null]}]",
                "ingress: [{ports: [{port: null, endPort: null, protocol: null}]}]", "egress: [{to: [{ipBlock: null}]}]",
                "egress: [{to: [{ipBlock: {cidr: null, except: null}}]}]", "podSelector: {matchExpressions: [{key: null, operator: null, values: null}]}",
                "podSelector: {matchLabels: null, matchExpressions: null}", "policyTypes: null", "policyTypes: [null]"})
        void neverThrows(String spec) {
            assertThatCode(() -> NetworkPolicyValidator.validate(policy(spec))).doesNotThrowAnyException();
        }
    }
}
