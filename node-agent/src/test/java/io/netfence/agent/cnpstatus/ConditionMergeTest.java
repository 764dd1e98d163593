package io.netfence.agent.cnpstatus;

import io.netfence.engine.status.ClusterNetworkPolicyConditions.Condition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** netfence's condition put into the stored list: only its own type changes, and only when it says something new. */
class ConditionMergeTest {

    static final Instant T1 = Instant.parse("2026-12-01T10:00:00.123Z");
    static final Instant T2 = Instant.parse("2026-12-01T11:00:00Z");
    static final Condition ENFORCED = new Condition("Accepted", "True", "Enforced", "enforced by netfence as Admin `a` (priority 1)");
    static final Map<String, Object> FOREIGN = Map.of("type", "example.com/Audited", "status", "True", "reason", "Reviewed",
            "message", "ok", "lastTransitionTime", "2026-01-01T00:00:00Z", "observedGeneration", 1, "extra", "kept as is");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> accepted(List<Object> conditions) {
        return conditions.stream().map(c -> (Map<String, Object>) c).filter(c -> "Accepted".equals(c.get("type"))).findFirst().orElseThrow();
    }

    @Test
    void anObjectWithoutStatusGetsTheConditionWithGenerationAndTransitionTime() {
        List<Object> out = ConditionMerge.merged(null, ENFORCED, 3, T1).orElseThrow();
        assertThat(out).singleElement().isEqualTo(Map.of("type", "Accepted", "status", "True", "reason", "Enforced",
                "message", ENFORCED.message(), "observedGeneration", 3L, "lastTransitionTime", "2026-12-01T10:00:00Z"));
    }

    @Test
    void theSameConditionForTheSameGenerationChangesNothing() {
        List<Object> first = ConditionMerge.merged(Map.of("conditions", List.of(FOREIGN)), ENFORCED, 3, T1).orElseThrow();
        assertThat(ConditionMerge.merged(Map.of("conditions", first), ENFORCED, 3, T2)).isEmpty();
    }

    @Test
    void otherConditionTypesStayWhereTheyAreAsTheyAre() {
        List<Object> out = ConditionMerge.merged(Map.of("conditions", List.of(FOREIGN)), ENFORCED, 3, T1).orElseThrow();
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isSameAs(FOREIGN);
        Map<String, Object> oldAccepted = Map.of("type", "Accepted", "status", "True", "reason", "Enforced", "message", "old",
                "lastTransitionTime", "2026-06-01T00:00:00Z", "observedGeneration", 1);
        List<Object> replaced = ConditionMerge.merged(Map.of("conditions", List.of(oldAccepted, FOREIGN)), ENFORCED, 2, T1).orElseThrow();
        assertThat(replaced).hasSize(2);
        assertThat(replaced.get(1)).isSameAs(FOREIGN);
        assertThat(accepted(replaced)).containsEntry("message", ENFORCED.message());
    }

    @Test
    void lastTransitionTimeMovesOnlyWhenTheStatusChanges() {
        Map<String, Object> stored = Map.of("conditions", ConditionMerge.merged(null, ENFORCED, 1, T1).orElseThrow());
        Condition domains = new Condition("Accepted", "True", "DomainNamesNotEnforced", "enforced except ...");
        List<Object> sameStatus = ConditionMerge.merged(stored, domains, 2, T2).orElseThrow();
        assertThat(accepted(sameStatus)).containsEntry("reason", "DomainNamesNotEnforced").containsEntry("observedGeneration", 2L)
                .containsEntry("lastTransitionTime", "2026-12-01T10:00:00Z");
        Condition unusable = new Condition("Accepted", "False", "Unusable", "cannot be used");
        List<Object> flipped = ConditionMerge.merged(stored, unusable, 2, T2).orElseThrow();
        assertThat(accepted(flipped)).containsEntry("status", "False").containsEntry("lastTransitionTime", "2026-12-01T11:00:00Z");
    }

    @Test
    void aNewGenerationIsRecordedEvenWhenTheWordsAreTheSame() {
        Map<String, Object> stored = Map.of("conditions", ConditionMerge.merged(null, ENFORCED, 1, T1).orElseThrow());
        assertThat(accepted(ConditionMerge.merged(stored, ENFORCED, 2, T2).orElseThrow())).containsEntry("observedGeneration", 2L)
                .containsEntry("lastTransitionTime", "2026-12-01T10:00:00Z");
    }

    @Test
    void aMessageLongerThanTheCrdAllowsIsCut() {
        Condition longOne = new Condition("Accepted", "True", "DomainNamesNotEnforced", "x".repeat(40000));
        String message = (String) accepted(ConditionMerge.merged(null, longOne, 1, T1).orElseThrow()).get("message");
        assertThat(message).hasSize(ConditionMerge.MAX_MESSAGE).endsWith("…");
        // and the cut message compares equal next time: no rewrite
        Map<String, Object> stored = Map.of("conditions", ConditionMerge.merged(null, longOne, 1, T1).orElseThrow());
        assertThat(ConditionMerge.merged(stored, longOne, 1, T2)).isEmpty();
    }
}
