package io.netfence.admin.staged;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netfence.admin.audit.AuditAnnotation;
import io.netfence.admin.audit.AuditEntry;
import io.netfence.admin.audit.AuditTrail;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.composer.DraftAnalysis;
import io.netfence.admin.composer.DraftAnalyzer;
import io.netfence.admin.push.FieldProblem;
import io.netfence.admin.security.Actor;
import io.netfence.admin.security.WriteAccess;
import io.netfence.admin.staged.StagedOutcome.Action;
import io.netfence.admin.staged.StagedOutcome.Status;
import io.netfence.engine.snapshot.StagedPolicyConverter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "Push as staged": a NetworkPolicy draft written as a StagedNetworkPolicy, with the push pipeline's rules — local
 * validation (the NetworkPolicy rules: the staged spec is one) → authorization ({@link WriteAccess}) → the API server's
 * dry run → the write → the audit record. A draft not opened from a staged policy creates one and never replaces an
 * existing one; a draft opened from one updates exactly the version it was opened at, on top of the object as stored
 * now: only the spec's NetworkPolicy fields change; labels, annotations, status, unknown spec and top-level fields stay.
 */
@Service
public class StagedPushService {

    /** The NetworkPolicy spec fields a draft states; other spec fields of the stored object are kept. */
    static final Set<String> EDITED_SPEC_FIELDS = Set.of("podSelector", "policyTypes", "ingress", "egress");

    private final DraftAnalyzer analyzer;
    private final WriteAccess access;
    private final AuditTrail audit;
    private final LiveCluster cluster;
    private final Clock clock = Clock.systemUTC();

    public StagedPushService(DraftAnalyzer analyzer, WriteAccess access, AuditTrail audit, LiveCluster cluster) {
        this.analyzer = analyzer;
        this.access = access;
        this.audit = audit;
        this.cluster = cluster;
    }

    /** What pushing the draft as staged would do, from the informer cache (nothing is sent): the base and the stored version. */
    public record Plan(String namespace, String name, String startedFrom, String storedNow) {

        public boolean readable() {
            return namespace != null && name != null;
        }

        public boolean creates() {
            return startedFrom == null;
        }

        public boolean nameTaken() {
            return readable() && creates() && storedNow != null;
        }

        public String key() {
            return namespace + "/" + name;
        }
    }

    /** The draft read as a NetworkPolicy (valid or not); null when it cannot be read. */
    public NetworkPolicy analyze(String draftText) {
        return analyzer.analyze(draftText, cluster.snapshot()).networkPolicy();
    }

    public Plan plan(String draftText, StagedRef origin) {
        DraftAnalysis a = analyzer.analyze(draftText, cluster.snapshot());
        if (!a.readable() || a.networkPolicy().getMetadata() == null) {
            return new Plan(null, null, null, null);
        }
        String ns = a.networkPolicy().getMetadata().getNamespace();
        String name = a.networkPolicy().getMetadata().getName();
        if (ns == null || name == null) {
            return new Plan(null, null, null, null);
        }
        String base = origin != null && origin.names(ns, name) ? origin.resourceVersion() : null;
        return new Plan(ns, name, base, cluster.stagedPolicy(ns, name).map(o -> o.getMetadata().getResourceVersion()).orElse(null));
    }

    /**
     * Pushes {@code draftText} (a NetworkPolicy) as a StagedNetworkPolicy.
     *
     * @param base the staged object's resourceVersion to update; null to create
     * @throws AccessDeniedException when the actor may not write it
     */
    public StagedOutcome push(Actor actor, String draftText, String base, boolean dryRunOnly) {
        DraftAnalysis a = analyzer.analyze(draftText, cluster.snapshot());
        NetworkPolicy draft = a.networkPolicy();
        String ns = draft == null || draft.getMetadata() == null ? null : draft.getMetadata().getNamespace();
        String name = draft == null || draft.getMetadata() == null ? null : draft.getMetadata().getName();
        if (!a.valid()) {
            return outcome(Status.INVALID, ns, name, "The draft is not a valid NetworkPolicy spec, so it cannot be staged; nothing was written.",
                    a.errors().stream().map(p -> new FieldProblem(p.path(), p.message())).toList(), base, draftText);
        }
        String key = ns + "/" + name;
        AuditEntry.Verb verb = base == null ? AuditEntry.Verb.CREATE : AuditEntry.Verb.UPDATE;
        access.authorizeStagedPolicy(actor, verb == AuditEntry.Verb.CREATE ? "create" : "update", ns, name);
        KubernetesClient client = access.clientFor(actor);
        var staged = StagedObjects.in(client, ns);
        GenericKubernetesResource current = staged.withName(name).get();
        Map<String, Object> spec = specOf(client, draft);
        GenericKubernetesResource toSend;
        if (verb == AuditEntry.Verb.CREATE) {
            if (current != null) {
                return exists(ns, name, current, draftText);
            }
            toSend = new GenericKubernetesResourceBuilder().withApiVersion(StagedObjects.API_VERSION).withKind(StagedPolicyConverter.KIND)
                    .withMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).withLabels(draft.getMetadata().getLabels())
                            .withAnnotations(draft.getMetadata().getAnnotations()).build()).build();
            toSend.setAdditionalProperty("spec", spec);
        } else {
            if (current == null) {
                return outcome(Status.NOT_FOUND, ns, name, "StagedNetworkPolicy " + key + " does not exist (any more): it was deleted since "
                        + "resourceVersion " + base + ". Nothing was written.", List.of(new FieldProblem("metadata.name",
                        "no StagedNetworkPolicy " + key + " in the cluster")), null, draftText);
            }
            if (!base.equals(current.getMetadata().getResourceVersion())) {
                return changed(ns, name, base, current, draftText);
            }
            toSend = onTopOf(current, spec, base);
        }
        toSend = AuditAnnotation.stamp(toSend, actor, clock.instant());
        String what = (verb == AuditEntry.Verb.CREATE ? "creation" : "update") + " of StagedNetworkPolicy " + key;
        try {
            if (verb == AuditEntry.Verb.CREATE) {
                staged.resource(toSend).dryRun().create();
            } else {
                staged.resource(toSend).dryRun().update();
            }
        } catch (KubernetesClientException e) {
            return refused(e, "dry run", ns, name, base, draftText, client);
        }
        if (dryRunOnly) {
            return outcome(Status.DRY_RUN_OK, ns, name, "Dry run: the API server accepts the " + what + "; nothing was written.",
                    List.of(), base, draftText);
        }
        GenericKubernetesResource written;
        try {
            written = verb == AuditEntry.Verb.CREATE ? staged.resource(toSend).create() : staged.resource(toSend).update();
        } catch (KubernetesClientException e) {
            return refused(e, "write", ns, name, base, draftText, client);
        }
        audit.record(new AuditEntry(clock.instant(), actor, verb, ns, name, current, written));
        String rv = written.getMetadata().getResourceVersion();
        return verb == AuditEntry.Verb.CREATE
                ? outcome(Status.CREATED, ns, name, "Created StagedNetworkPolicy " + key + " (resourceVersion " + rv
                + "): the agents count what it would deny; nothing is enforced.", List.of(), rv, draftText)
                : outcome(Status.UPDATED, ns, name, "Updated the spec of StagedNetworkPolicy " + key + " from resourceVersion " + base
                + " to " + rv + " (labels, annotations and other fields kept).", List.of(), rv, draftText);
    }

    /**
     * {@code current} with the draft's spec (its NetworkPolicy fields; other spec fields stay as stored) and the
     * resourceVersion the user started from; metadata and every other field are kept.
     */
    @SuppressWarnings("unchecked")
    static GenericKubernetesResource onTopOf(GenericKubernetesResource current, Map<String, Object> draftSpec, String resourceVersion) {
        GenericKubernetesResource out = new GenericKubernetesResourceBuilder(current).build();
        Map<String, Object> spec = new LinkedHashMap<>();
        if (current.getAdditionalProperties().get("spec") instanceof Map<?, ?> stored) {
            ((Map<String, Object>) stored).forEach((k, v) -> {
                if (!EDITED_SPEC_FIELDS.contains(k)) {
                    spec.put(k, v);
                }
            });
        }
        spec.putAll(draftSpec);
        Map<String, Object> top = new LinkedHashMap<>(current.getAdditionalProperties());
        top.put("spec", spec);
        out.setAdditionalProperties(top);
        out.setMetadata(new ObjectMetaBuilder(current.getMetadata()).withResourceVersion(resourceVersion).build());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> specOf(KubernetesClient client, NetworkPolicy draft) {
        Map<String, Object> spec = client.getKubernetesSerialization().convertValue(draft.getSpec(), Map.class);
        return spec == null ? new LinkedHashMap<>() : new LinkedHashMap<>(spec);
    }

    private static StagedOutcome exists(String ns, String name, GenericKubernetesResource current, String draftText) {
        String key = ns + "/" + name;
        String rv = current.getMetadata().getResourceVersion();
        return outcome(Status.CONFLICT, ns, name, "StagedNetworkPolicy " + key + " already exists (resourceVersion " + rv + "): a new "
                + "draft never replaces it; nothing was written. Open it in the composer (Staged policies → Edit) to change it, or "
                + "choose another name.", List.of(new FieldProblem("metadata.name", "StagedNetworkPolicy " + key
                + " already exists (resourceVersion " + rv + ")")), rv, draftText);
    }

    private static StagedOutcome changed(String ns, String name, String base, GenericKubernetesResource current, String draftText) {
        String key = ns + "/" + name;
        String rv = current.getMetadata().getResourceVersion();
        return outcome(Status.CONFLICT, ns, name, "StagedNetworkPolicy " + key + " was changed since you opened it (you started from "
                + "resourceVersion " + base + ", it is now " + rv + "); nothing was written. Open the current version in the composer "
                + "and make your change there (your draft stays in the composer).", List.of(new FieldProblem("metadata.resourceVersion",
                "resourceVersion " + base + " is not the current version of " + key + ": it is now " + rv)), rv, draftText);
    }

    private static StagedOutcome refused(KubernetesClientException e, String step, String ns, String name, String base, String draftText,
                                         KubernetesClient client) {
        String key = ns + "/" + name;
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        switch (e.getCode()) {
            case 409 -> {
                GenericKubernetesResource now = StagedObjects.in(client, ns).withName(name).get();
                if (now == null) {
                    return outcome(Status.NOT_FOUND, ns, name, "StagedNetworkPolicy " + key + " was deleted meanwhile; nothing was written.",
                            List.of(new FieldProblem("metadata.name", reason)), null, draftText);
                }
                return base == null ? exists(ns, name, now, draftText) : changed(ns, name, base, now, draftText);
            }
            case 422, 400 -> {
                List<FieldProblem> problems = FieldProblem.ofRejection(e, reason);
                return outcome(Status.INVALID, ns, name, "The API server rejected StagedNetworkPolicy " + key + " in the " + step
                        + "; nothing was written.", problems, base, draftText);
            }
            case 404 -> {
                return outcome(Status.NOT_FOUND, ns, name, "The API server does not find StagedNetworkPolicy " + key + " (" + reason
                        + "; is the chart's StagedNetworkPolicy CRD installed?); nothing was written.",
                        List.of(new FieldProblem("metadata.name", reason)), base, draftText);
            }
            case 403 -> throw new AccessDeniedException("the API server refused the " + step + " of StagedNetworkPolicy " + key + ": " + reason);
            default -> {
                return outcome(Status.FAILED, ns, name, "The API server refused the " + step + " of StagedNetworkPolicy " + key + " (HTTP "
                        + e.getCode() + "): " + reason + "; nothing was written.", List.of(new FieldProblem(null, reason)), base, draftText);
            }
        }
    }

    private static StagedOutcome outcome(Status status, String ns, String name, String message, List<FieldProblem> errors,
                                         String stagedVersion, String draftText) {
        return new StagedOutcome(Action.PUSH_STAGED, status, ns, name, message, errors, stagedVersion, null, draftText);
    }
}
