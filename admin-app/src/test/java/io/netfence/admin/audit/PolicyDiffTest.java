package io.netfence.admin.audit;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyDiffTest {

    static NetworkPolicy policy(String owner, int port) {
        return new NetworkPolicyBuilder().withNewMetadata().withNamespace("data").withName("db").withResourceVersion("7")
                .addToLabels("app.kubernetes.io/name", "db").addToLabels("owner", owner)
                .addToAnnotations(AuditAnnotation.KEY, "{\"user\":\"" + owner + "\"}").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "db").endPodSelector()
                .addNewIngress().addNewPort().withProtocol("TCP").withPort(new IntOrString(port)).endPort().endIngress()
                .withPolicyTypes("Ingress").endSpec().build();
    }

    @Test
    void updateNamesTheChangedLeavesAndDiffsTheYaml() {
        PolicyDiff d = PolicyDiff.between(policy("team-a", 5432), policy("team-b", 5433));

        assertThat(d.changedPaths()).containsExactly("metadata.labels.owner", "spec.ingress[0].ports[0].port");
        assertThat(d.unified()).contains("-    owner: team-a\n+    owner: team-b\n")
                .contains("-    - port: 5432\n+    - port: 5433\n")
                .startsWith("@@ -")
                // the bookkeeping annotation changes on every write and is not part of the diff
                .doesNotContain(AuditAnnotation.KEY);
    }

    @Test
    void equalPoliciesHaveNoDiff() {
        PolicyDiff d = PolicyDiff.between(policy("team-a", 5432), policy("team-a", 5432));
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.unified()).isEmpty();
    }

    @Test
    void createIsAllAddedAndDeleteAllRemoved() {
        PolicyDiff created = PolicyDiff.between(null, policy("team-a", 80));
        assertThat(created.changedPaths()).contains("metadata.labels['app.kubernetes.io/name']", "spec.podSelector.matchLabels.app");
        assertThat(created.unified().lines().skip(1)).allMatch(l -> l.startsWith("+"));
        assertThat(created.unified()).contains("+    app.kubernetes.io/name: db");

        PolicyDiff deleted = PolicyDiff.between(policy("team-a", 80), null);
        assertThat(deleted.unified().lines().skip(1)).allMatch(l -> l.startsWith("-"));
    }

    @Test
    void hunksKeepTwoLinesOfContext() {
        String diff = PolicyDiff.unified(List.of("a", "b", "c", "d", "e", "f", "g", "h"), List.of("a", "b", "c", "d", "X", "f", "g", "h"));
        assertThat(diff).isEqualTo("@@ -3,5 +3,5 @@\n c\n d\n-e\n+X\n f\n g\n");
    }
}
