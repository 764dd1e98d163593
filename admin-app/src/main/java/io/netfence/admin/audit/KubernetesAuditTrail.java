package io.netfence.admin.audit;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * Records each write three ways: one JSON line on the {@code netfence.audit} logger (the durable record, for log
 * shipping), a core/v1 Event on the NetworkPolicy ({@link AuditEvents}; the Audit page reads these), and, through the
 * push pipeline's {@link AuditAnnotation#stamp}, the {@value AuditAnnotation#KEY} annotation on the object.
 * <p>
 * Never throws: the write already happened. A failure to log or to create the Event is logged and counted in
 * {@value #FAILURES} (tag {@code step}: log, event). Events are written with the console's own client (its
 * ServiceAccount needs {@code create} on events), never the user's, so a user's RBAC need not allow Events.
 */
@Component
public class KubernetesAuditTrail implements AuditTrail {

    /** Prometheus: {@code netfence_console_audit_failures_total}. */
    public static final String FAILURES = "netfence.console.audit.failures";

    private static final Logger log = LoggerFactory.getLogger("netfence.audit");
    private static final Logger self = LoggerFactory.getLogger(KubernetesAuditTrail.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KubernetesClient client;
    private final Counter logFailures;
    private final Counter eventFailures;
    private final String instance;

    @Autowired
    public KubernetesAuditTrail(KubernetesClient client, MeterRegistry meters) {
        this(client, meters, Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse(AuditEvents.COMPONENT));
    }

    /** @param instance this console's pod name (the Event's reportingInstance) */
    public KubernetesAuditTrail(KubernetesClient client, MeterRegistry meters, String instance) {
        this.client = client;
        this.instance = instance;
        this.logFailures = Counter.builder(FAILURES).tag("step", "log")
                .description("Audit records that could not be written (the write itself succeeded)").register(meters);
        this.eventFailures = Counter.builder(FAILURES).tag("step", "event")
                .description("Audit records that could not be written (the write itself succeeded)").register(meters);
    }

    @Override
    public void record(AuditEntry entry) {
        PolicyDiff diff;
        try {
            diff = PolicyDiff.between(entry.before(), entry.after());
        } catch (RuntimeException e) {
            self.warn("cannot diff the audited write of {} {}: {}", entry.kind(), entry.key(), e.toString());
            diff = new PolicyDiff(List.of(), "");
        }
        try {
            log.info(logLine(entry, diff));
        } catch (RuntimeException e) {
            logFailures.increment();
            self.error("cannot write the audit log line of {} {} {} by {}", entry.verb(), entry.kind(), entry.key(),
                    entry.actor().name(), e);
        }
        try {
            Event event = AuditEvents.of(entry, diff, instance);
            client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
        } catch (RuntimeException e) {
            eventFailures.increment();
            self.error("the {} of {} {} by {} succeeded, but its audit Event could not be created: {}",
                    AuditEvents.verb(entry.verb()), entry.kind(), entry.key(), entry.actor().name(), e.toString());
        }
    }

    /** One JSON object: at, user, groups, source, verb, namespace, name, uid, resourceVersion before/after, changedPaths, diff. */
    static String logLine(AuditEntry e, PolicyDiff diff) {
        ObjectNode line = JSON.createObjectNode();
        line.put("at", e.at().toString());
        line.put("user", e.actor().name());
        line.putPOJO("groups", e.actor().groups());
        line.put("source", AuditAnnotation.via(e.actor()));
        line.put("verb", AuditEvents.verb(e.verb()));
        line.put("kind", e.kind());
        line.put("namespace", e.namespace());
        line.put("name", e.name());
        HasMetadata object = e.after() != null ? e.after() : e.before();
        line.put("uid", object == null || object.getMetadata() == null ? null : object.getMetadata().getUid());
        line.put("resourceVersionBefore", resourceVersion(e.before()));
        line.put("resourceVersionAfter", resourceVersion(e.after()));
        line.putPOJO("changedPaths", diff.changedPaths());
        line.put("diff", diff.unified());
        return JSON.writeValueAsString(line);
    }

    private static String resourceVersion(HasMetadata p) {
        return p == null || p.getMetadata() == null ? null : p.getMetadata().getResourceVersion();
    }
}
