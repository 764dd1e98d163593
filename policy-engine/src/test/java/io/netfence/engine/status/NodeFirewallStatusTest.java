package io.netfence.engine.status;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeFirewallStatusTest {

    @Test
    void roundTripsThroughTheStoredMap() {
        NodeFirewallStatus s = new NodeFirewallStatus("node-a", "0.1.0", "abc123", "2026-01-01T00:00:00Z", 12,
                "full", "2026-01-01T00:01:00Z", null, new NodeFirewallStatus.Counts(3, 1, 4, 20, 5, 9), 2, 1,
                Map.of("ns/b", 7L, "ns/a", 3L),
                List.of(new NodeFirewallStatus.Condition("Ready", "True", "Applied", "ok", "2026-01-01T00:00:00Z")), "7");

        Map<String, Object> map = s.toMap();
        NodeFirewallStatus back = NodeFirewallStatus.fromMap(map);

        assertThat(back).isEqualTo(s);
        assertThat(map).containsEntry("compilerVersion", "7");
        assertThat(map).doesNotContainKey("lastError");
        assertThat(String.valueOf(((Map<?, ?>) map.get("droppedPackets")).keySet())).isEqualTo("[ns/a, ns/b]");
        assertThat(back.condition("Ready")).hasValueSatisfying(c -> assertThat(c.isTrue()).isTrue());
    }

    @Test
    void readsNumbersAsJsonParsersDeliverThem() {
        // Jackson gives Integer for small numbers and Long for large ones; both must read back.
        NodeFirewallStatus s = NodeFirewallStatus.fromMap(Map.of("lastSyncDurationMillis", 5,
                "counts", Map.of("rules", 7), "droppedPackets", Map.of("ns/p", 5_000_000_000L)));
        assertThat(s.lastSyncDurationMillis()).isEqualTo(5);
        assertThat(s.counts().rules()).isEqualTo(7);
        assertThat(s.droppedPackets()).containsEntry("ns/p", 5_000_000_000L);
        assertThat(NodeFirewallStatus.fromMap(null).counts()).isEqualTo(NodeFirewallStatus.Counts.ZERO);
        assertThat(NodeFirewallStatus.fromMap(Map.of("rulesetHash", "abc")).compilerVersion()).as("status of an older agent").isNull();
    }
}
