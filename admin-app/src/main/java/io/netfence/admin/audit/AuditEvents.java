package io.netfence.admin.audit;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The core/v1 Events the audit trail writes, and reading them back. core/v1 rather than events.k8s.io/v1: it is the
 * form {@code kubectl describe networkpolicy} and {@code kubectl get events} show, every API server serves it, and the
 * API server stores both as the same object anyway (events.k8s.io would add nothing the page needs).
 * <p>
 * Filterable fields are labels and annotations, never parsed from the message: label {@value #LABEL}=true (the audit
 * page's informer selects on it), annotations {@value #USER} (the actor's name, any text), {@value #VERB}
 * (create/update/delete), {@value #VIA}, {@value #CHANGED} (JSON list of changed paths) and {@value #DIFF}.
 */
public final class AuditEvents {

    public static final String COMPONENT = "netfence-console";
    public static final String LABEL = "netfence.io/audit";
    public static final String USER = "netfence.io/user";
    public static final String VERB = "netfence.io/verb";
    public static final String VIA = "netfence.io/via";
    public static final String CHANGED = "netfence.io/changed-paths";
    public static final String DIFF = "netfence.io/diff";

    /** The API server refuses a core/v1 Event message (with eventTime) above 1 KiB (of UTF-8). */
    static final int MAX_MESSAGE_BYTES = 1024;
    /** Annotations of an object may total 256 KiB; the full diff is in the log line. */
    static final int MAX_DIFF = 16 * 1024;
    private static final int MAX_PATHS_IN_MESSAGE = 6;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AuditEvents() {
    }

    public static String reason(AuditEntry.Verb verb) {
        return switch (verb) {
            case CREATE -> "NetfenceCreated";
            case UPDATE -> "NetfenceUpdated";
            case DELETE -> "NetfenceDeleted";
        };
    }

    static String verb(AuditEntry.Verb verb) {
        return verb.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Where the Event of a cluster-scoped object (a ClusterNetworkPolicy) goes: {@code default}, as the API server and
     * kubectl put Events about Nodes and other cluster-scoped objects.
     */
    public static final String CLUSTER_SCOPED_NAMESPACE = "default";

    /** The Event recording {@code e}, in the policy's namespace; {@code instance} is this console's pod name. */
    public static Event of(AuditEntry e, PolicyDiff diff, String instance) {
        HasMetadata object = e.after() != null ? e.after() : e.before();
        String verb = verb(e.verb());
        String user = e.actor().name();
        return new EventBuilder()
                .withNewMetadata()
                .withNamespace(e.namespace() == null ? CLUSTER_SCOPED_NAMESPACE : e.namespace())
                .withName(eventName(e.name(), e.at()))
                .addToLabels(LABEL, "true")
                .addToLabels("app.kubernetes.io/managed-by", COMPONENT)
                .addToAnnotations(USER, user)
                .addToAnnotations(VERB, verb)
                .addToAnnotations(VIA, AuditAnnotation.via(e.actor()))
                .addToAnnotations(CHANGED, JSON.writeValueAsString(diff.changedPaths()))
                .addToAnnotations(DIFF, truncate(diff.unified(), MAX_DIFF, "\n… (truncated; the full diff is in the netfence.audit log)"))
                .endMetadata()
                .withInvolvedObject(reference(e, object))
                .withType("Normal")
                .withReason(reason(e.verb()))
                .withAction(verb)
                .withMessage(truncateUtf8(message(e, diff), MAX_MESSAGE_BYTES))
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(truncate(instance, 128, ""))
                .withEventTime(new MicroTime(MICRO.format(e.at())))
                .withFirstTimestamp(seconds(e.at()))
                .withLastTimestamp(seconds(e.at()))
                .withCount(1)
                .build();
    }

    /** "alice (form) updated NetworkPolicy data/db: metadata.labels.owner, spec.ingress[0].ports[0].port" */
    static String message(AuditEntry e, PolicyDiff diff) {
        String done = switch (e.verb()) {
            case CREATE -> "created";
            case UPDATE -> "updated";
            case DELETE -> "deleted";
        };
        String text = e.actor().name() + " (" + AuditAnnotation.via(e.actor()) + ") " + done + " " + e.kind() + " " + e.key();
        if (e.verb() == AuditEntry.Verb.UPDATE) {
            List<String> paths = diff.changedPaths();
            text += paths.isEmpty() ? " (no change to labels, annotations or spec)"
                    : ": " + String.join(", ", paths.subList(0, Math.min(paths.size(), MAX_PATHS_IN_MESSAGE)))
                    + (paths.size() > MAX_PATHS_IN_MESSAGE ? " and " + (paths.size() - MAX_PATHS_IN_MESSAGE) + " more" : "");
        }
        return text;
    }

    /**
     * An Event this trail wrote, as the page shows it; empty for any other Event. (Anyone allowed to create Events in
     * a namespace could write a look-alike: the {@code netfence.audit} log is the record to trust.)
     */
    public static Optional<AuditRecord> read(Event event) {
        Map<String, String> a = event.getMetadata().getAnnotations();
        ObjectReference o = event.getInvolvedObject();
        if (a == null || o == null || !a.containsKey(USER) || !a.containsKey(VERB) || !COMPONENT.equals(event.getReportingComponent())
                || event.getReason() == null || !event.getReason().startsWith("Netfence")) {
            return Optional.empty();
        }
        return Optional.of(new AuditRecord(time(event), a.get(USER), a.getOrDefault(VIA, ""), a.get(VERB),
                o.getKind() == null ? "NetworkPolicy" : o.getKind(), o.getNamespace(),
                o.getName(), o.getResourceVersion(), paths(a.get(CHANGED)), a.getOrDefault(DIFF, ""),
                event.getMessage(), event.getMetadata().getName()));
    }

    private static ObjectReference reference(AuditEntry e, HasMetadata object) {
        ObjectReferenceBuilder ref = new ObjectReferenceBuilder().withApiVersion(e.apiVersion()).withKind(e.kind())
                .withNamespace(e.namespace()).withName(e.name());
        if (object != null && object.getMetadata() != null) {
            ref.withUid(object.getMetadata().getUid()).withResourceVersion(object.getMetadata().getResourceVersion());
        }
        return ref.build();
    }

    /** {@code <policy name>.<hex nanos><hex random>}, as kubectl names Events, within the 253 characters of a name. */
    static String eventName(String policy, Instant at) {
        String base = policy.length() > 200 ? policy.substring(0, 200).replaceAll("[.-]+$", "") : policy;
        long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        return base + "." + Long.toHexString(nanos) + String.format("%04x", RANDOM.nextInt(0x10000));
    }

    private static Instant time(Event event) {
        try {
            if (event.getEventTime() != null && event.getEventTime().getTime() != null) {
                return Instant.parse(event.getEventTime().getTime());
            }
            if (event.getLastTimestamp() != null) {
                return Instant.parse(event.getLastTimestamp());
            }
        } catch (RuntimeException ignored) {
            // fall through to the creation time
        }
        return event.getMetadata().getCreationTimestamp() == null ? Instant.EPOCH
                : Instant.parse(event.getMetadata().getCreationTimestamp());
    }

    private static List<String> paths(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JacksonException e) {
            return List.of();
        }
    }

    private static String seconds(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String truncateUtf8(String s, int maxBytes) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return s;
        }
        String marker = "…";
        int end = s.length();
        while (end > 0 && (s.substring(0, end) + marker).getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            end = Math.min(end - 1, maxBytes); // at most maxBytes chars can fit; a surrogate pair is never split below
            if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
                end--;
            }
        }
        return s.substring(0, end) + marker;
    }

    private static String truncate(String s, int max, String marker) {
        return s.length() <= max ? s : s.substring(0, max - marker.length()) + marker;
    }
}
