package io.netfence.admin.audit;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.netfence.admin.security.Actor;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuditAnnotationTest {

    static final Instant AT = Instant.parse("2026-11-30T23:00:00.123Z");
    static final Actor ALICE = new Actor("alice", List.of("team-a"), Actor.Source.OIDC, true);

    @Test
    void stampAddsTheAnnotationToACopyAndKeepsEverythingElse() {
        NetworkPolicy original = new NetworkPolicyBuilder().withNewMetadata().withNamespace("data").withName("db")
                .withResourceVersion("42").addToLabels("app.kubernetes.io/managed-by", "argocd")
                .addToAnnotations("owner", "team-a").addToAnnotations(AuditAnnotation.KEY, "{\"user\":\"old\"}").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "db").endPodSelector().endSpec().build();

        NetworkPolicy stamped = AuditAnnotation.stamp(original, ALICE, AT);

        Map<String, String> annotations = stamped.getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("owner", "team-a").hasSize(2);
        JsonNode value = JsonMapper.builder().build().readTree(annotations.get(AuditAnnotation.KEY));
        assertThat(value.path("user").asString()).isEqualTo("alice");
        assertThat(value.path("at").asString()).isEqualTo("2026-11-30T23:00:00Z");
        assertThat(value.path("via").asString()).isEqualTo("oidc");
        assertThat(stamped.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "argocd");
        assertThat(stamped.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(stamped.getSpec()).isEqualTo(original.getSpec());
        // the caller's object is untouched
        assertThat(original.getMetadata().getAnnotations().get(AuditAnnotation.KEY)).isEqualTo("{\"user\":\"old\"}");
        assertThat(AuditAnnotation.read(stamped)).contains(new AuditAnnotation.LastAppliedBy("alice", Instant.parse("2026-11-30T23:00:00Z"), "oidc"));
    }

    @Test
    void stampWorksOnAPolicyWithoutAnnotationsAndEscapesTheName() {
        NetworkPolicy bare = new NetworkPolicyBuilder().withNewMetadata().withNamespace("data").withName("db").endMetadata().build();
        Actor odd = new Actor("\"quoted\" <b>", List.of(), Actor.Source.TOKEN, true);

        NetworkPolicy stamped = AuditAnnotation.stamp(bare, odd, AT);

        assertThat(bare.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(AuditAnnotation.read(stamped).orElseThrow().user()).isEqualTo("\"quoted\" <b>");
        assertThat(AuditAnnotation.read(stamped).orElseThrow().via()).isEqualTo("token");
    }
}
