package io.netfence.engine.manifest;

import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotAssemblerTest {

    private final ManifestParser parser = ManifestParser.withDefaults();

    @Test
    void clusterDumpBecomesASnapshot() {
        SnapshotAssembly a = SnapshotAssembler.assemble(parser.parse(Fixtures.text(Fixtures.CLUSTER_3_NODES_YAML)));
        assertThat(a.errors()).isEmpty();
        ClusterSnapshot s = a.orElseThrow();
        assertThat(s.namespaces()).hasSize(4);
        assertThat(s.nodes()).hasSize(3);
        assertThat(s.pods()).hasSize(11);
        assertThat(s.policies()).extracting(p -> p.key())
                .containsExactly("shop/allow-dns", "shop/backend", "shop/db", "shop/default-deny", "shop/frontend");
        assertThat(s.podsOnNode("demo-worker2")).extracting(p -> p.name())
                .containsExactly("prometheus-0", "backend-5b8c7d6e4-klmno", "db-migrate-x7k2w", "frontend-6c9f8d7b5-fghij");
    }

    @Test
    void invalidPolicyIsLeftOutAndReportedWithItsLineAndField() {
        String text = Fixtures.text(Fixtures.CLUSTER_3_NODES_YAML).replace("          - 192.168.0.0/16", "          - 0.0.0.0/0");
        SnapshotAssembly a = SnapshotAssembler.assemble(parser.parse(text));
        assertThat(a.errors()).extracting(ManifestError::toString).containsExactly(
                "document 1, items[20] (line 824): NetworkPolicy shop/frontend spec.ingress[0].from[0].ipBlock.except[1]: "
                        + "Invalid value: \"0.0.0.0/0\": must be a strict subset of `cidr`");
        assertThat(a.snapshot().policies()).hasSize(4);
        assertThat(a.snapshot().policy("shop", "frontend")).isEmpty();
        assertThatThrownBy(a::orElseThrow).isInstanceOf(ManifestException.class).hasMessageContaining("shop/frontend");
    }

    @Test
    void missingNamesNamespacesAndDuplicatesAreReported() {
        String text = """
                apiVersion: v1
                kind: Pod
                metadata: {name: a, namespace: x}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: a, namespace: x}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {namespace: x}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny}
                spec: {podSelector: {}}
                """;
        SnapshotAssembly strict = SnapshotAssembler.assemble(parser.parse(text));
        assertThat(strict.errors()).extracting(ManifestError::toString).containsExactly(
                "document 2 (line 5): Pod x/a given twice (first at document 1 (line 1))",
                "document 3 (line 9): Pod x/<unnamed> metadata.name: Required value",
                "document 4 (line 15): NetworkPolicy deny metadata.namespace: Required value");
        assertThat(strict.snapshot().pods()).hasSize(1);

        SnapshotAssembly defaulted = SnapshotAssembler.assemble(parser.parse(text), "default");
        assertThat(defaulted.snapshot().policy("default", "deny")).isPresent();
        assertThat(defaulted.errors()).hasSize(2);
    }
}
