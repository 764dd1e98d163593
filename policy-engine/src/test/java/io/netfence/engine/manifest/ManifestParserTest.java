package io.netfence.engine.manifest;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.engine.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestParserTest {

    private final ManifestParser parser = ManifestParser.withDefaults();

    @Test
    void readsAKubectlListDumpInOrderWithLocations() {
        ParsedManifest m = parser.parse(Fixtures.text(Fixtures.CLUSTER_3_NODES_YAML));

        assertThat(m.namespaces()).extracting(ns -> ns.getMetadata().getName())
                .containsExactly("default", "kube-system", "shop", "monitoring");
        assertThat(m.nodes()).extracting(n -> n.getMetadata().getName())
                .containsExactly("demo-control-plane", "demo-worker", "demo-worker2");
        assertThat(m.pods()).hasSize(11);
        assertThat(m.networkPolicies()).extracting(p -> p.getMetadata().getName())
                .containsExactly("default-deny", "allow-dns", "frontend", "backend", "db");
        assertThat(m.skipped()).isEmpty();

        ManifestObject frontendPolicy = m.objects().get(20);
        assertThat(frontendPolicy.reference()).isEqualTo("NetworkPolicy shop/frontend");
        assertThat(frontendPolicy.location()).isEqualTo(new ManifestLocation(1, "items[20]", 800));
        assertThat(frontendPolicy.locationOf("spec.ingress[0].from[1].ipBlock.except[0]").describe())
                .isEqualTo("document 1, items[20] (line 828)");
        // a field that is absent points at its nearest present parent
        assertThat(frontendPolicy.locationOf("spec.ingress[0].from[1].ipBlock.nope").line()).isEqualTo(825);
    }

    @Test
    void bindsEveryFieldTheEngineReads() {
        ParsedManifest m = parser.parse(Fixtures.text(Fixtures.CLUSTER_3_NODES_YAML));
        Pod coredns = m.pods().get(0);
        assertThat(coredns.getStatus().getPodIPs()).extracting(ip -> ip.getIp()).containsExactly("10.244.0.3", "fd00:10:244::3");
        assertThat(coredns.getSpec().getContainers().get(0).getPorts()).extracting(p -> p.getName() + "/" + p.getContainerPort() + "/" + p.getProtocol())
                .containsExactly("dns/53/UDP", "dns-tcp/53/TCP", "metrics/9153/TCP");
        assertThat(coredns.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("ReplicaSet");

        NetworkPolicy backend = m.networkPolicies().get(3);
        var port = backend.getSpec().getEgress().get(1).getPorts().get(0);
        assertThat(port.getPort().getIntVal()).isEqualTo(30000);
        assertThat(port.getEndPort()).isEqualTo(32767);
        assertThat(backend.getSpec().getIngress().get(0).getPorts().get(1).getPort().getStrVal()).isEqualTo("grpc");
        assertThat(backend.getSpec().getPodSelector().getMatchExpressions()).extracting(e -> e.getOperator())
                .containsExactly("In", "DoesNotExist");
    }

    @Test
    void jsonDumpGivesTheSameObjectsAsYaml() {
        ParsedManifest yaml = parser.parse(Fixtures.text(Fixtures.CLUSTER_3_NODES_YAML));
        ParsedManifest json = parser.parse(Fixtures.text(Fixtures.CLUSTER_3_NODES_JSON));
        assertThat(json.objects()).hasSameSizeAs(yaml.objects());
        for (int i = 0; i < yaml.objects().size(); i++) {
            assertThat(json.objects().get(i).resource()).isEqualTo(yaml.objects().get(i).resource());
        }
        assertThat(json.objects().get(20).location().line()).isGreaterThan(1);
    }

    @Test
    void multiDocumentYamlNumbersDocumentsAndReportsOtherKindsWhenAsked() {
        String text = Fixtures.text(Fixtures.MULTI_DOCUMENT);

        ParsedManifest ignoring = parser.parse(text);
        assertThat(ignoring.objects()).extracting(ManifestObject::reference)
                .containsExactly("Namespace team-a", "NetworkPolicy team-a/web-from-team-b");
        assertThat(ignoring.skipped()).isEmpty();
        assertThat(ignoring.objects().get(1).location()).isEqualTo(new ManifestLocation(4, null, 23));

        ParsedManifest reporting = new ManifestParser(1 << 20, UnknownKinds.REPORT).parse(text);
        assertThat(reporting.skipped()).extracting(s -> s.location().describe() + " " + s.describe())
                .containsExactly("document 2 (line 10) Service team-a/web", "document 5 (line 41) ConfigMap team-a/settings");

        assertThatThrownBy(() -> new ManifestParser(1 << 20, UnknownKinds.REJECT).parse(text))
                .isInstanceOf(ManifestException.class)
                .hasMessage("document 2 (line 10): Service team-a/web kind: Unsupported value: \"Service\": supported kinds: Namespace, Node, Pod, NetworkPolicy, ClusterNetworkPolicy (and List of them)\n"
                        + "document 5 (line 41): ConfigMap team-a/settings kind: Unsupported value: \"ConfigMap\": supported kinds: Namespace, Node, Pod, NetworkPolicy, ClusterNetworkPolicy (and List of them)");
    }

    @Test
    void typedListItemsWithoutKindTakeItFromTheList() {
        ParsedManifest m = parser.parse(Fixtures.text(Fixtures.PODLIST_API_JSON));
        assertThat(m.pods()).extracting(p -> p.getMetadata().getName()).containsExactly("web-0", "web-1");
        assertThat(m.objects().get(1).location()).isEqualTo(new ManifestLocation(1, "items[1]", 28));
    }

    @Test
    void singleObjectAndEmptyInput() {
        assertThat(parser.parse(Fixtures.text(Fixtures.NETWORKPOLICY_SINGLE)).networkPolicies()).hasSize(1);
        assertThat(parser.parse("").objects()).isEmpty();
        assertThat(parser.parse("# nothing here\n---\n").objects()).isEmpty();
    }

    @Test
    void yamlFlowMappingStartingWithABraceIsNotMistakenForJson() {
        ParsedManifest m = parser.parse("{apiVersion: v1, kind: Namespace, metadata: {name: flow}}");
        assertThat(m.namespaces()).extracting(ns -> ns.getMetadata().getName()).containsExactly("flow");
        // when neither reads it, the JSON error is the one reported
        assertThatThrownBy(() -> parser.parse("{\"kind\": \"Pod\",, }")).hasMessageStartingWith("JSON syntax error at line 1: ");
    }

    @Test
    void wrongFieldTypeNamesDocumentObjectFieldAndLine() {
        String text = """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: web
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: web
                  namespace: default
                spec:
                  podSelector: {}
                  ingress:
                  - ports:
                    - port: [80]
                """;
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(ManifestException.class)
                .hasMessage("document 2 (line 15): NetworkPolicy default/web spec.ingress[0].ports[0].port: expected int or string");
    }

    @Test
    void collectsErrorsOfAllObjects() {
        String text = """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Pod
                  metadata: {name: a, namespace: x}
                  spec:
                    containers:
                    - name: c
                      ports:
                      - containerPort: "80"
                - apiVersion: extensions/v1beta1
                  kind: NetworkPolicy
                  metadata: {name: old, namespace: x}
                - metadata: {name: nokind}
                - [1, 2]
                - apiVersion: v1
                  kind: Pod
                  metadata: {name: b, namespace: x}
                  spec:
                    hostNetwork: "yes"
                """;
        ManifestException e = org.junit.jupiter.api.Assertions.assertThrows(ManifestException.class, () -> parser.parse(text));
        assertThat(e.errors()).extracting(ManifestError::toString).containsExactly(
                "document 1, items[0] (line 11): Pod x/a spec.containers[0].ports[0].containerPort: expected int",
                "document 1, items[1] (line 12): NetworkPolicy x/old apiVersion: Unsupported value: \"extensions/v1beta1\": NetworkPolicy must be networking.k8s.io/v1",
                "document 1, items[2] (line 15): kind: Required value: every object needs a kind (e.g. NetworkPolicy)",
                "document 1, items[3] (line 16): expected a Kubernetes object (a mapping with apiVersion and kind), got a list",
                "document 1, items[4] (line 21): Pod x/b spec.hostNetwork: expected boolean");
    }

    @Test
    void syntaxErrorsAndDuplicateKeysNameTheLine() {
        assertThatThrownBy(() -> parser.parse("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n   namespace: b\n"))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("document 1 (line 5): YAML syntax error at column 13: a `:` where none is allowed: check this line's indentation");
        assertThatThrownBy(() -> parser.parse("{\"kind\": \"Pod\",\n \"apiVersion\": \"v1\" \"x\"}"))
                .hasMessageStartingWith("JSON syntax error at line 2: ");
        assertThatThrownBy(() -> parser.parse("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n"))
                .hasMessage("document 1 (line 5): duplicate key \"metadata.name\"");
    }

    @Test
    void oversizedInputIsRefusedBeforeParsing() {
        String tenMegabytes = "a: b\n".repeat(2 * 1024 * 1024);
        assertThatThrownBy(() -> parser.parse(tenMegabytes))
                .isInstanceOf(ManifestException.class)
                .hasMessage("manifest is larger than the limit of 4194304 bytes; split it into smaller files or raise the limit");

        ManifestParser tiny = new ManifestParser(100, UnknownKinds.IGNORE);
        String policy = Fixtures.text(Fixtures.NETWORKPOLICY_SINGLE);
        assertThatThrownBy(() -> tiny.parse(policy)).hasMessageContaining("limit of 100 bytes");
        // multi-byte characters count as bytes: 40 x "é" is 80 bytes
        assertThat(tiny.parse("# " + "é".repeat(40)).objects()).isEmpty();
        assertThatThrownBy(() -> tiny.parse("# " + "é".repeat(50))).hasMessageContaining("limit of 100 bytes");
    }

    @Test
    void largeValidDumpAboveSnakeYamlsOwnDefaultLimitParses() {
        StringBuilder sb = new StringBuilder("apiVersion: v1\nkind: List\nitems:\n");
        int pods = 0;
        while (sb.length() < 3_500_000) {
            sb.append("- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p").append(pods++)
                    .append("\n    namespace: ns\n    annotations:\n      note: \"").append("x".repeat(400)).append("\"\n");
        }
        List<Pod> parsed = parser.parse(sb.toString()).pods();
        assertThat(parsed).hasSize(pods);
    }

    @Test
    void emptyPodSelectorWrittenAsNullSelectsEveryPodLikeTheApiServer() {
        // `podSelector:` with no value is how many manifests (the upstream conformance ones among them) spell "all pods"
        String text = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: all, namespace: x}
                spec:
                  podSelector:
                  policyTypes: [Ingress]
                """;
        ParsedManifest m = parser.parse(text);
        assertThat(m.networkPolicies()).singleElement().satisfies(np -> {
            assertThat(np.getSpec().getPodSelector()).isNull();
            assertThat(np.getSpec().getPolicyTypes()).containsExactly("Ingress");
        });
        // a quoted empty string stays a string
        ParsedManifest quoted = parser.parse("apiVersion: v1\nkind: Namespace\nmetadata: {name: q, labels: {team: \"\"}}\n");
        assertThat(quoted.namespaces().get(0).getMetadata().getLabels()).containsEntry("team", "");
    }
}
