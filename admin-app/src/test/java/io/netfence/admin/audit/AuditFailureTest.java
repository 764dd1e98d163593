package io.netfence.admin.audit;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netfence.admin.security.Actor;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class AuditFailureTest {

    @Test
    void anEventThatCannotBeWrittenIsCountedNotThrown() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // nothing listens on port 1: every request fails at once
        try (KubernetesClient down = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1")
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(500).build()).build()) {
            KubernetesAuditTrail trail = new KubernetesAuditTrail(down, meters, "test");
            AuditEntry entry = new AuditEntry(Instant.now(), Actor.SYSTEM, AuditEntry.Verb.CREATE, "data", "db", null,
                    PolicyDiffTest.policy("team-a", 80));

            assertThatCode(() -> trail.record(entry)).doesNotThrowAnyException();

            assertThat(meters.get(KubernetesAuditTrail.FAILURES).tag("step", "event").counter().count()).isEqualTo(1.0);
            assertThat(meters.get(KubernetesAuditTrail.FAILURES).tag("step", "log").counter().count()).isZero();
        }
    }
}
