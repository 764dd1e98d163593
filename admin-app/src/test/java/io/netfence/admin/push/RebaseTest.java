package io.netfence.admin.push;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RebaseTest {

    static NetworkPolicy policy(String rv, Map<String, String> labels, int port) {
        return new NetworkPolicyBuilder().withNewMetadata().withName("p").withNamespace("ns").withResourceVersion(rv).withLabels(labels)
                .addNewOwnerReference().withName("app").withKind("Application").withApiVersion("argoproj.io/v1alpha1").withUid("u").endOwnerReference()
                .endMetadata().withNewSpec().withNewPodSelector().endPodSelector()
                .addNewIngress().withPorts(new NetworkPolicyPortBuilder().withPort(new IntOrString(port)).build()).endIngress().endSpec().build();
    }

    @Test
    void labelsMergeKeyByKeyTheUsersChangesWin() {
        assertThat(Rebase.merge(Map.of("a", "1", "b", "2", "c", "3"), Map.of("a", "1", "b", "20", "d", "4"), Map.of("a", "1", "b", "2", "c", "3", "theirs", "x")))
                .isEqualTo(Map.of("a", "1", "b", "20", "d", "4", "theirs", "x"));
    }

    @Test
    void anUntouchedSpecKeepsTheirsAnEditedSpecIsMine() {
        NetworkPolicy base = policy("5", Map.of("team", "a"), 80);
        NetworkPolicy current = policy("6", Map.of("team", "a", "reviewed", "yes"), 443);

        NetworkPolicy onlyLabels = policy(null, Map.of("team", "b"), 80);
        NetworkPolicy r = Rebase.onto(current, base, "metadata:\n  labels: {team: b}\n", onlyLabels);
        assertThat(r.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).as("their spec change survives").isEqualTo(443);
        assertThat(r.getMetadata().getLabels()).isEqualTo(Map.of("team", "b", "reviewed", "yes"));
        assertThat(r.getMetadata().getResourceVersion()).isEqualTo("6");
        assertThat(r.getMetadata().getOwnerReferences()).hasSize(1);

        NetworkPolicy newPort = policy(null, Map.of("team", "a"), 8080);
        assertThat(Rebase.onto(current, base, "metadata:\n  labels: {team: a}\n", newPort).getSpec().getIngress().get(0).getPorts().get(0)
                .getPort().getIntVal()).isEqualTo(8080);
    }

    @Test
    void theLineDiffMarksWhatChanged() {
        var diff = LineDiff.between("a\nb\nc\n", "a\nx\nc\n");
        assertThat(diff).extracting(l -> l.prefix() + l.text()).containsExactly("  a", "- b", "+ x", "  c");
    }
}
