package io.netfence.admin.pods;

import io.netfence.engine.model.LabelSelector;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectorTextTest {

    @Test
    void equalityAndInequality() {
        LabelSelector s = SelectorText.parse("app=web,tier!=db");
        assertThat(s.matches(Map.of("app", "web", "tier", "frontend"))).isTrue();
        assertThat(s.matches(Map.of("app", "web"))).as("!= matches a missing key").isTrue();
        assertThat(s.matches(Map.of("app", "web", "tier", "db"))).isFalse();
        assertThat(s.matches(Map.of("app", "api"))).isFalse();
        assertThat(SelectorText.parse("app==web").matches(Map.of("app", "web"))).isTrue();
    }

    @Test
    void setBasedAndExistence() {
        LabelSelector s = SelectorText.parse("env in (prod, staging),tier notin (db,cache),app,!canary");
        assertThat(s.matches(Map.of("env", "prod", "tier", "web", "app", "x"))).isTrue();
        assertThat(s.matches(Map.of("env", "dev", "tier", "web", "app", "x"))).isFalse();
        assertThat(s.matches(Map.of("env", "prod", "tier", "db", "app", "x"))).isFalse();
        assertThat(s.matches(Map.of("env", "prod", "tier", "web"))).as("app must exist").isFalse();
        assertThat(s.matches(Map.of("env", "prod", "app", "x", "canary", "true"))).isFalse();
        assertThat(s.describe()).isEqualTo("env in (prod,staging),tier notin (cache,db),app,!canary");
    }

    @Test
    void blankSelectsEverything() {
        assertThat(SelectorText.parse(" ").isEmpty()).isTrue();
    }

    @Test
    void errorsNameTheRequirement() {
        assertThatThrownBy(() -> SelectorText.parse("app=web,,tier=db")).hasMessageContaining("empty requirement");
        assertThatThrownBy(() -> SelectorText.parse("env in (prod")).hasMessageContaining("unbalanced '('");
        assertThatThrownBy(() -> SelectorText.parse("app=<script>")).hasMessageContaining("\"<script>\" is not a valid label value");
        assertThatThrownBy(() -> SelectorText.parse("app web")).hasMessageContaining("not a requirement");
        assertThatThrownBy(() -> SelectorText.parse("!app=web")).hasMessageContaining("key!=value");
    }
}
