package io.netfence.admin.nodes;

import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.status.NodeFirewallStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeStateClassificationTest {

    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    static final Duration BEAT = Duration.ofSeconds(60);
    static final String H = "a".repeat(64);

    static NodeFirewallStatus report(String hash, Instant beat, String compiler, String error, String synced) {
        return new NodeFirewallStatus("n", "1.0", hash, beat.toString(), 1, "full", beat.toString(), error,
                NodeFirewallStatus.Counts.ZERO, 0, 0, Map.of(),
                synced == null ? List.of() : List.of(new NodeFirewallStatus.Condition("Synced", synced, "r", "apply failed", beat.toString())),
                compiler);
    }

    static NodeState classify(NodeFirewallStatus r) {
        return NodeStates.classify(H, r, NOW, BEAT);
    }

    @Test
    void eachState() {
        String v = NodeRulesetCompiler.VERSION;
        assertThat(classify(null)).isEqualTo(NodeState.NO_AGENT);
        assertThat(classify(report(H, NOW, v, null, "True"))).isEqualTo(NodeState.IN_SYNC);
        assertThat(classify(report("b".repeat(64), NOW, v, null, "True"))).isEqualTo(NodeState.PENDING);
        assertThat(classify(report(null, NOW, v, null, "Unknown"))).as("nothing applied yet").isEqualTo(NodeState.PENDING);
        assertThat(classify(report(H, NOW, v, "exit 1", "False"))).isEqualTo(NodeState.ERROR);
        assertThat(classify(report(H, NOW, v, null, "False"))).as("Synced=False without a message").isEqualTo(NodeState.ERROR);
        assertThat(classify(report("b".repeat(64), NOW, "0", null, "True"))).isEqualTo(NodeState.VERSION_SKEW);
        assertThat(classify(report(H, NOW, null, null, "True"))).as("an agent older than the field: compared by hash").isEqualTo(NodeState.IN_SYNC);
    }

    @Test
    void staleAfterThreeMissedHeartbeatsWhateverElseItSays() {
        String v = NodeRulesetCompiler.VERSION;
        assertThat(classify(report(H, NOW.minus(BEAT.multipliedBy(3)), v, null, "True"))).isEqualTo(NodeState.IN_SYNC);
        assertThat(classify(report(H, NOW.minus(BEAT.multipliedBy(3)).minusMillis(1), v, null, "True"))).isEqualTo(NodeState.STALE);
        assertThat(classify(report(H, NOW.minusSeconds(3600), "0", "exit 1", "False"))).isEqualTo(NodeState.STALE);
    }
}
