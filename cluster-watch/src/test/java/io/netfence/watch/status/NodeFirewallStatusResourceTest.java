package io.netfence.watch.status;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.netfence.engine.status.NodeFirewallStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The status as it goes over the wire: the record's JSON, nulls left out (the CRD's strings are not nullable). */
class NodeFirewallStatusResourceTest {

    private final KubernetesSerialization json = new KubernetesSerialization();

    @Test
    void theStatusRoundTripsThroughJsonWithoutNullsOrDerivedFields() {
        NodeFirewallStatus s = new NodeFirewallStatus("node-a", "0.1.0", "abc123", "2026-01-01T00:00:00Z", 12,
                "full", "2026-01-01T00:01:00Z", null, new NodeFirewallStatus.Counts(3, 1, 4, 20, 5, 9), 2, 1,
                Map.of("ns/b", 7L, "ns/a", 3L),
                List.of(new NodeFirewallStatus.Condition("Ready", "True", "Applied", "ok", "2026-01-01T00:00:00Z")), "7");
        NodeFirewallStatusResource r = new NodeFirewallStatusResource();
        r.setStatus(s);

        String text = json.asJson(r);
        NodeFirewallStatusResource back = json.unmarshal(text, NodeFirewallStatusResource.class);

        assertThat(back.getStatus()).isEqualTo(s);
        assertThat(text).contains("\"apiVersion\":\"netfence.io/v1alpha1\"", "\"kind\":\"NodeFirewallStatus\"", "\"compilerVersion\":\"7\"")
                .doesNotContain("lastError").doesNotContain("\"true\"").contains("\"droppedPackets\":{\"ns/a\":3,\"ns/b\":7}");
        assertThat(back.getStatus().condition("Ready")).hasValueSatisfying(c -> assertThat(c.isTrue()).isTrue());
    }

    @Test
    void aStatusFromAnOlderAgentReads() {
        NodeFirewallStatusResource r = json.unmarshal("""
                {"apiVersion":"netfence.io/v1alpha1","kind":"NodeFirewallStatus","metadata":{"name":"n"},
                 "status":{"rulesetHash":"abc","lastSyncDurationMillis":5,"counts":{"rules":7},"droppedPackets":{"ns/p":5000000000}}}
                """, NodeFirewallStatusResource.class);
        assertThat(r.getStatus().compilerVersion()).isNull();
        assertThat(r.getStatus().counts().rules()).isEqualTo(7);
        assertThat(r.getStatus().droppedPackets()).containsEntry("ns/p", 5_000_000_000L);
        assertThat(r.getStatus().conditions()).isEmpty();
    }
}
