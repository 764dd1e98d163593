package io.netfence.admin.composer;

import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The analyzer keeps analyses per snapshot: a new snapshot is analysed afresh, and callers never share a NetworkPolicy object. */
class DraftAnalyzerCacheTest {

    static final String DRAFT = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: web}}
              ingress: [{from: [{podSelector: {matchLabels: {app: front}}}]}]
            """;

    static PodInfo pod(String name, String app) {
        return new PodInfo("shop", name, Map.of("app", app), List.of("10.0.0." + (name.hashCode() & 0x7f)), "n1", false, "Running", List.of());
    }

    static ClusterSnapshot cluster(PodInfo... pods) {
        return ClusterSnapshot.of(List.of(new NamespaceInfo("shop", Map.of("kubernetes.io/metadata.name", "shop"))), List.of(pods), List.of(), List.of());
    }

    @Test
    void sameSnapshotSameAnswerNewSnapshotNewAnswer() {
        DraftAnalyzer analyzer = new DraftAnalyzer();
        ClusterSnapshot one = cluster(pod("web-1", "web"), pod("front-1", "front"));
        DraftAnalysis first = analyzer.analyze(DRAFT, one);
        DraftAnalysis again = analyzer.analyze(DRAFT, one);
        assertThat(again.resolved()).isEqualTo(first.resolved());
        assertThat(again.resolved().selectedPods()).containsExactly("shop/web-1");

        ClusterSnapshot two = cluster(pod("web-1", "web"), pod("web-2", "web"), pod("front-1", "front"));
        assertThat(analyzer.analyze(DRAFT, two).resolved().selectedPods()).containsExactly("shop/web-1", "shop/web-2");
        assertThat(analyzer.analyze(DRAFT, one).resolved().selectedPods()).as("the old snapshot again").containsExactly("shop/web-1");
    }

    @Test
    void eachCallerGetsItsOwnNetworkPolicy() {
        DraftAnalyzer analyzer = new DraftAnalyzer();
        ClusterSnapshot s = cluster(pod("web-1", "web"));
        DraftAnalysis first = analyzer.analyze(DRAFT, s);
        first.networkPolicy().getMetadata().setName("changed-by-a-caller");
        first.networkPolicy().getSpec().getIngress().clear();
        DraftAnalysis second = analyzer.analyze(DRAFT, s);
        assertThat(second.networkPolicy().getMetadata().getName()).isEqualTo("web");
        assertThat(second.networkPolicy().getSpec().getIngress()).hasSize(1);
    }

    @Test
    void differentTextsAreDifferentAnalyses() {
        DraftAnalyzer analyzer = new DraftAnalyzer();
        ClusterSnapshot s = cluster(pod("web-1", "web"), pod("front-1", "front"));
        assertThat(analyzer.analyze(DRAFT, s).valid()).isTrue();
        assertThat(analyzer.analyze(DRAFT.replace("app: web}", "app: front}"), s).resolved().selectedPods()).containsExactly("shop/front-1");
        assertThat(analyzer.analyze("kind: [", s).valid()).isFalse();
        assertThat(analyzer.analyze(null, s).valid()).isFalse();
    }
}
