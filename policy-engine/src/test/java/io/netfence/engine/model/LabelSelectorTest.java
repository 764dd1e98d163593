package io.netfence.engine.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LabelSelectorTest {

    @Test
    void emptySelectorSelectsEverything() {
        assertThat(LabelSelector.EVERYTHING.matches(Map.of())).isTrue();
        assertThat(LabelSelector.EVERYTHING.matches(Map.of("a", "b"))).isTrue();
    }

    @Test
    void matchLabelsAndExpressionsAreAnded() {
        LabelSelector s = new LabelSelector(Map.of("app", "web"),
                List.of(new SelectorRequirement("tier", SelectorRequirement.Operator.IN, List.of("a", "b"))));
        assertThat(s.matches(Map.of("app", "web", "tier", "a"))).isTrue();
        assertThat(s.matches(Map.of("app", "web", "tier", "c"))).isFalse();
        assertThat(s.matches(Map.of("app", "db", "tier", "a"))).isFalse();
        assertThat(s.matches(Map.of("app", "web"))).isFalse();
    }

    @Test
    void notInMatchesAbsentKey() {
        var r = new SelectorRequirement("env", SelectorRequirement.Operator.NOT_IN, List.of("prod"));
        assertThat(r.matches(Map.of())).isTrue();
        assertThat(r.matches(Map.of("env", "dev"))).isTrue();
        assertThat(r.matches(Map.of("env", "prod"))).isFalse();
    }

    @Test
    void existsAndDoesNotExist() {
        var exists = new SelectorRequirement("x", SelectorRequirement.Operator.EXISTS, null);
        var absent = new SelectorRequirement("x", SelectorRequirement.Operator.DOES_NOT_EXIST, null);
        assertThat(exists.matches(Map.of("x", ""))).isTrue();
        assertThat(exists.matches(Map.of())).isFalse();
        assertThat(absent.matches(Map.of())).isTrue();
        assertThat(absent.matches(Map.of("x", "1"))).isFalse();
    }
}
