package io.netfence.admin.audit;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.netfence.admin.security.Actor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditEventsTest {

    static final Instant AT = Instant.parse("2026-11-30T23:00:00Z");

    static AuditEntry update(Actor actor, String name) {
        return new AuditEntry(AT, actor, AuditEntry.Verb.UPDATE, "data", name, PolicyDiffTest.policy("a", 80), PolicyDiffTest.policy("b", 81));
    }

    @Test
    void anEventReadsBackAsTheRecordItWasWrittenFor() {
        AuditEntry e = update(new Actor("alice", List.of(), Actor.Source.FORM, true), "db");
        Event event = AuditEvents.of(e, PolicyDiff.between(e.before(), e.after()), "console-0");

        AuditRecord r = AuditEvents.read(event).orElseThrow();

        assertThat(r.at()).isEqualTo(AT);
        assertThat(r.user()).isEqualTo("alice");
        assertThat(r.verb()).isEqualTo("update");
        assertThat(r.namespace()).isEqualTo("data");
        assertThat(r.name()).isEqualTo("db");
        assertThat(r.changedPaths()).containsExactly("metadata.labels.owner", "spec.ingress[0].ports[0].port");
        assertThat(event.getMetadata().getName()).matches("db\\.[0-9a-f]+");
    }

    @Test
    void otherEventsAreNotAuditRecords() {
        AuditEntry e = update(Actor.SYSTEM, "db");
        Event ours = AuditEvents.of(e, PolicyDiff.between(e.before(), e.after()), "console-0");
        assertThat(AuditEvents.read(new EventBuilder(ours).withReportingComponent("someone-else").build())).isEmpty();
        assertThat(AuditEvents.read(new EventBuilder(ours).withReason(null).build())).isEmpty();
        assertThat(AuditEvents.read(new EventBuilder(ours).editMetadata().withAnnotations(null).endMetadata().build())).isEmpty();
    }

    @Test
    void fieldsStayWithinTheApiServersLimits() {
        String longName = "p".repeat(253);
        String wideUser = "ü".repeat(900); // 1800 bytes of UTF-8
        AuditEntry e = update(new Actor(wideUser, List.of(), Actor.Source.OIDC, true), longName);
        Event event = AuditEvents.of(e, PolicyDiff.between(e.before(), e.after()), "i".repeat(300));

        assertThat(event.getMetadata().getName().length()).isLessThanOrEqualTo(253);
        assertThat(event.getMessage().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
        assertThat(event.getMessage()).startsWith("üü").endsWith("…");
        assertThat(event.getReportingInstance()).hasSize(128);
        assertThat(event.getMetadata().getAnnotations().get(AuditEvents.USER)).isEqualTo(wideUser);
    }
}
