package io.netfence.admin.push;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyList;
import io.netfence.admin.audit.AuditAnnotation;
import io.netfence.admin.audit.AuditEntry;
import io.netfence.admin.audit.AuditTrail;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.composer.DraftAnalysis;
import io.netfence.admin.composer.DraftAnalyzer;
import io.netfence.admin.security.Actor;
import io.netfence.admin.security.WriteAccess;
import io.netfence.engine.manifest.ManifestObject;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The one write path of the console (pages and JSON API): local validation → authorization ({@link WriteAccess}) →
 * API-server dry run ({@code dryRun=All}) → the write → the audit record.
 * <p>
 * Create and update are explicit: a draft without a resourceVersion is created and never replaces an existing policy;
 * a draft with one updates exactly that version. An update starts from the object as stored now and replaces only
 * what the console edits (spec, labels, annotations), so ownerReferences, finalizers and fields the console does not
 * model survive; it carries the resourceVersion the user started from, so a concurrent change is a conflict (409),
 * never overwritten.
 */
@Service
public class PushService {

    private final DraftAnalyzer analyzer;
    private final WriteAccess access;
    private final AuditTrail audit;
    private final Supplier<ClusterSnapshot> snapshots;
    private final BiFunction<String, String, Optional<NetworkPolicy>> cached;
    private final Clock clock;

    @Autowired
    public PushService(DraftAnalyzer analyzer, WriteAccess access, AuditTrail audit, LiveCluster cluster) {
        this(analyzer, access, audit, cluster::snapshot, cluster::networkPolicy, Clock.systemUTC());
    }

    /**
     * @param cached the policy as the console's informers hold it (for what pages show before a push; pushes GET it)
     */
    public PushService(DraftAnalyzer analyzer, WriteAccess access, AuditTrail audit, Supplier<ClusterSnapshot> snapshots,
                       BiFunction<String, String, Optional<NetworkPolicy>> cached, Clock clock) {
        this.analyzer = analyzer;
        this.access = access;
        this.audit = audit;
        this.snapshots = snapshots;
        this.cached = cached;
        this.clock = clock;
    }

    /** What a push of this draft would do, from the console's cache, for the preview page (nothing is sent). */
    public PushPlan plan(String draftText, PolicyRef startedFrom) {
        DraftAnalysis a = analyzer.analyze(draftText, snapshots.get());
        if (!a.readable() || a.networkPolicy().getMetadata() == null) {
            return PushPlan.UNREADABLE;
        }
        NetworkPolicy draft = a.networkPolicy();
        String ns = draft.getMetadata().getNamespace();
        String name = draft.getMetadata().getName();
        if (ns == null || name == null) {
            return PushPlan.UNREADABLE;
        }
        String base = baseVersion(draft, startedFrom);
        String now = cached.apply(ns, name).map(np -> np.getMetadata().getResourceVersion()).orElse(null);
        return new PushPlan(ns, name, base, now);
    }

    /**
     * Creates or updates the NetworkPolicy of {@code draftText} (YAML or JSON).
     *
     * @param startedFrom the policy the session's draft was opened from (its resourceVersion applies when the text has
     *                    none and names the same policy); null for none
     * @param dryRunOnly  run everything but the write
     * @throws AccessDeniedException when the actor may not write it
     */
    public PushOutcome push(Actor actor, String draftText, PolicyRef startedFrom, boolean dryRunOnly) {
        Prepared p = prepare(actor, draftText, startedFrom);
        if (p.refused() != null) {
            return p.refused();
        }
        PushOutcome dry = dryRun(p);
        return dry.status() != PushOutcome.Status.DRY_RUN_OK || dryRunOnly ? dry : write(p);
    }

    /**
     * A push decided (create or update), authorized and built from the stored object, not sent yet; or why it cannot
     * be sent ({@code refused}: invalid, name taken, changed since, gone).
     */
    record Prepared(PushOutcome refused, Actor actor, AuditEntry.Verb verb, String namespace, String name, String base,
                    String draftText, NetworkPolicy current, NetworkPolicy toSend) {

        static Prepared refusedWith(PushOutcome o) {
            return new Prepared(o, null, o.verb(), o.namespace(), o.name(), null, o.draftYaml(), o.current(), null);
        }
    }

    /** Local validation, authorization and the decision create/update against the object as stored now. */
    Prepared prepare(Actor actor, String draftText, PolicyRef startedFrom) {
        DraftAnalysis a = analyzer.analyze(draftText, snapshots.get());
        NetworkPolicy draft = a.networkPolicy();
        String ns = draft == null || draft.getMetadata() == null ? null : draft.getMetadata().getNamespace();
        String name = draft == null || draft.getMetadata() == null ? null : draft.getMetadata().getName();
        if (!a.valid()) {
            List<FieldProblem> problems = a.errors().stream().map(p -> new FieldProblem(p.path(), p.message())).toList();
            return Prepared.refusedWith(new PushOutcome(PushOutcome.Status.INVALID, null, ns, name,
                    "The draft is not a valid NetworkPolicy; nothing was written.", problems, draftText, null, null));
        }
        String base = baseVersion(draft, startedFrom);
        AuditEntry.Verb verb = base == null ? AuditEntry.Verb.CREATE : AuditEntry.Verb.UPDATE;
        access.authorize(actor, verb == AuditEntry.Verb.CREATE ? "create" : "update", ns, name);
        String key = ns + "/" + name;
        NetworkPolicy current = policies(access.clientFor(actor), ns).withName(name).get();
        NetworkPolicy toSend;
        if (verb == AuditEntry.Verb.CREATE) {
            if (current != null) {
                return Prepared.refusedWith(exists(ns, name, draftText, current));
            }
            toSend = new NetworkPolicyBuilder().withNewMetadata().withNamespace(ns).withName(name)
                    .withLabels(draft.getMetadata().getLabels()).withAnnotations(draft.getMetadata().getAnnotations()).endMetadata()
                    .withSpec(draft.getSpec()).build();
        } else {
            if (current == null) {
                return Prepared.refusedWith(new PushOutcome(PushOutcome.Status.NOT_FOUND, verb, ns, name, "NetworkPolicy " + key
                        + " does not exist (any more): it was deleted since resourceVersion " + base
                        + ". Nothing was written; to create it again, remove metadata.resourceVersion from the draft.",
                        List.of(new FieldProblem("metadata.name", "no NetworkPolicy " + key + " in the cluster")), draftText, null, null));
            }
            if (!base.equals(current.getMetadata().getResourceVersion())) {
                return Prepared.refusedWith(changedSince(verb, ns, name, base, draftText, current));
            }
            toSend = onTopOf(current, draftText, draft, base);
        }
        // who wrote it travels in the write itself: a second write would bump the resourceVersion and race other writers
        toSend = AuditAnnotation.stamp(toSend, actor, clock.instant());
        return new Prepared(null, actor, verb, ns, name, base, draftText, current, toSend);
    }

    /** The API server's dry run ({@code dryRun=All}): DRY_RUN_OK with what it would store, or why it refuses. */
    PushOutcome dryRun(Prepared p) {
        var policies = policies(access.clientFor(p.actor()), p.namespace());
        try {
            NetworkPolicy wouldBe = p.verb() == AuditEntry.Verb.CREATE ? policies.resource(p.toSend()).dryRun().create()
                    : policies.resource(p.toSend()).dryRun().update();
            return new PushOutcome(PushOutcome.Status.DRY_RUN_OK, p.verb(), p.namespace(), p.name(), "Dry run: the API server accepts the "
                    + (p.verb() == AuditEntry.Verb.CREATE ? "creation of " : "update of ") + p.namespace() + "/" + p.name()
                    + "; nothing was written.", List.of(), p.draftText(), p.current(), wouldBe == null ? p.toSend() : wouldBe);
        } catch (KubernetesClientException e) {
            return refused(e, "dry run", p.verb(), p.namespace(), p.name(), p.base(), p.draftText(), policies);
        }
    }

    /** The write, then its audit record. */
    PushOutcome write(Prepared p) {
        var policies = policies(access.clientFor(p.actor()), p.namespace());
        String key = p.namespace() + "/" + p.name();
        NetworkPolicy written;
        try {
            written = p.verb() == AuditEntry.Verb.CREATE ? policies.resource(p.toSend()).create() : policies.resource(p.toSend()).update();
        } catch (KubernetesClientException e) {
            return refused(e, "write", p.verb(), p.namespace(), p.name(), p.base(), p.draftText(), policies);
        }
        audit.record(new AuditEntry(clock.instant(), p.actor(), p.verb(), p.namespace(), p.name(), p.current(), written));
        return p.verb() == AuditEntry.Verb.CREATE
                ? new PushOutcome(PushOutcome.Status.CREATED, p.verb(), p.namespace(), p.name(), "Created NetworkPolicy " + key
                + " (resourceVersion " + written.getMetadata().getResourceVersion() + ").", List.of(), p.draftText(), null, written)
                : new PushOutcome(PushOutcome.Status.UPDATED, p.verb(), p.namespace(), p.name(), "Updated NetworkPolicy " + key
                + " from resourceVersion " + p.base() + " to " + written.getMetadata().getResourceVersion() + ".", List.of(),
                p.draftText(), p.current(), written);
    }

    /**
     * Deletes the NetworkPolicy only at {@code resourceVersion} (the version the user saw): a changed policy is a conflict.
     *
     * @throws AccessDeniedException when the actor may not delete it
     */
    public PushOutcome delete(Actor actor, String ns, String name, String resourceVersion, boolean dryRunOnly) {
        AuditEntry.Verb verb = AuditEntry.Verb.DELETE;
        String key = ns + "/" + name;
        if (resourceVersion == null || resourceVersion.isBlank()) {
            return new PushOutcome(PushOutcome.Status.INVALID, verb, ns, name, "Nothing was deleted: say which version to delete.",
                    List.of(new FieldProblem("resourceVersion", "resourceVersion: Required value: the resourceVersion of " + key
                            + " you mean to delete (GET /api/v1/policies/" + key + " shows it)")), null, null, null);
        }
        access.authorize(actor, "delete", ns, name);
        var policies = policies(access.clientFor(actor), ns);
        NetworkPolicy current = policies.withName(name).get();
        if (current == null) {
            return new PushOutcome(PushOutcome.Status.NOT_FOUND, verb, ns, name, "NetworkPolicy " + key + " does not exist (any more); nothing was deleted.",
                    List.of(new FieldProblem("metadata.name", "no NetworkPolicy " + key + " in the cluster")), null, null, null);
        }
        if (!resourceVersion.equals(current.getMetadata().getResourceVersion())) {
            return changedSince(verb, ns, name, resourceVersion, null, current);
        }
        try {
            locked(policies, name, resourceVersion).dryRun().delete();
            if (dryRunOnly) {
                return new PushOutcome(PushOutcome.Status.DRY_RUN_OK, verb, ns, name, "Dry run: the API server accepts the deletion of "
                        + key + "; nothing was deleted.", List.of(), null, current, null);
            }
        } catch (KubernetesClientException e) {
            return refused(e, "dry run", verb, ns, name, resourceVersion, null, policies);
        }
        try {
            locked(policies, name, resourceVersion).delete();
        } catch (KubernetesClientException e) {
            return refused(e, "delete", verb, ns, name, resourceVersion, null, policies);
        }
        audit.record(new AuditEntry(clock.instant(), actor, verb, ns, name, current, null));
        return new PushOutcome(PushOutcome.Status.DELETED, verb, ns, name, "Deleted NetworkPolicy " + key + " (was resourceVersion "
                + resourceVersion + ").", List.of(), null, current, null);
    }

    /**
     * {@code current} with the user's spec, labels and annotations and the resourceVersion the user started from;
     * everything else of the stored object is kept as it is. Labels or annotations the draft text does not state at
     * all are kept (a draft pasted from elsewhere); stated ones, even {@code labels: {}}, replace the stored ones.
     */
    public static NetworkPolicy onTopOf(NetworkPolicy current, String draftText, NetworkPolicy draft, String resourceVersion) {
        NetworkPolicySpec spec = new NetworkPolicyBuilder().withSpec(draft.getSpec()).build().getSpec();
        if (current.getSpec() != null && spec != null) {
            // spec fields this console's model does not know (newer API versions) stay as stored unless the draft has them
            Map<String, Object> unknown = new HashMap<>(current.getSpec().getAdditionalProperties());
            unknown.putAll(spec.getAdditionalProperties());
            unknown.forEach(spec::setAdditionalProperty);
        }
        var b = new NetworkPolicyBuilder(current).withSpec(spec).editMetadata().withResourceVersion(resourceVersion);
        ManifestObject stated = statedFields(draftText);
        if (stated == null || stated.hasField("metadata.labels")) {
            b.withLabels(draft.getMetadata().getLabels() == null ? Map.of() : new HashMap<>(draft.getMetadata().getLabels()));
        }
        if (stated == null || stated.hasField("metadata.annotations")) {
            b.withAnnotations(draft.getMetadata().getAnnotations() == null ? Map.of() : new HashMap<>(draft.getMetadata().getAnnotations()));
        }
        return b.endMetadata().build();
    }

    /** The draft's NetworkPolicy document with the fields it states; null when it cannot be read again. */
    private static ManifestObject statedFields(String draftText) {
        try {
            return ManifestParser.withDefaults().parse(draftText).objects().stream()
                    .filter(o -> o.resource() instanceof NetworkPolicy).findFirst().orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String baseVersion(NetworkPolicy draft, PolicyRef startedFrom) {
        String rv = draft.getMetadata().getResourceVersion();
        if (rv != null && !rv.isBlank()) {
            return rv.strip();
        }
        if (startedFrom != null && startedFrom.names(draft.getMetadata().getNamespace(), draft.getMetadata().getName())) {
            return startedFrom.resourceVersion();
        }
        return null;
    }

    private static NonNamespaceOperation<NetworkPolicy, NetworkPolicyList, Resource<NetworkPolicy>> policies(KubernetesClient client, String ns) {
        return client.network().v1().networkPolicies().inNamespace(ns);
    }

    /**
     * The object with a delete precondition on {@code resourceVersion}. fabric8 types lockResourceVersion() as
     * ReplaceDeletable, but the operation it returns is a whole Resource (ExtensibleResource) whose dryRun() keeps the lock.
     */
    @SuppressWarnings("unchecked")
    private static Resource<NetworkPolicy> locked(NonNamespaceOperation<NetworkPolicy, NetworkPolicyList, Resource<NetworkPolicy>> policies,
                                                  String name, String resourceVersion) {
        return (Resource<NetworkPolicy>) policies.withName(name).lockResourceVersion(resourceVersion);
    }

    private static PushOutcome exists(String ns, String name, String draftText, NetworkPolicy current) {
        String key = ns + "/" + name;
        return new PushOutcome(PushOutcome.Status.CONFLICT, AuditEntry.Verb.CREATE, ns, name, "NetworkPolicy " + key
                + " already exists (resourceVersion " + current.getMetadata().getResourceVersion() + "): a new draft never replaces it; "
                + "nothing was written. Open it in the composer to edit it, or choose another name.",
                List.of(new FieldProblem("metadata.name", "NetworkPolicy " + key + " already exists (resourceVersion "
                        + current.getMetadata().getResourceVersion() + ")")), draftText, current, null);
    }

    private static PushOutcome changedSince(AuditEntry.Verb verb, String ns, String name, String base, String draftText, NetworkPolicy current) {
        String key = ns + "/" + name;
        String now = current.getMetadata().getResourceVersion();
        return new PushOutcome(PushOutcome.Status.CONFLICT, verb, ns, name, "NetworkPolicy " + key + " was changed since you opened it "
                + "(you started from resourceVersion " + base + ", it is now " + now + "); nothing was "
                + (verb == AuditEntry.Verb.DELETE ? "deleted." : "written."),
                List.of(new FieldProblem("metadata.resourceVersion", "resourceVersion " + base + " is not the current version of " + key
                        + ": it is now " + now)), draftText, current, null);
    }

    private static PushOutcome refused(KubernetesClientException e, String step, AuditEntry.Verb verb, String ns, String name, String base,
                                       String draftText, NonNamespaceOperation<NetworkPolicy, NetworkPolicyList, Resource<NetworkPolicy>> policies) {
        String key = ns + "/" + name;
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        String nothing = verb == AuditEntry.Verb.DELETE ? "nothing was deleted." : "nothing was written.";
        switch (e.getCode()) {
            case 409 -> {
                NetworkPolicy current = policies.withName(name).get();
                if (current == null) {
                    return new PushOutcome(PushOutcome.Status.NOT_FOUND, verb, ns, name, "NetworkPolicy " + key
                            + " was deleted meanwhile; " + nothing, List.of(new FieldProblem("metadata.name", reason)), draftText, null, null);
                }
                return verb == AuditEntry.Verb.CREATE ? exists(ns, name, draftText, current) : changedSince(verb, ns, name, base, draftText, current);
            }
            case 422, 400 -> {
                List<FieldProblem> problems = FieldProblem.ofRejection(e, reason);
                return new PushOutcome(PushOutcome.Status.INVALID, verb, ns, name, "The API server rejected " + key + " in the " + step
                        + "; " + nothing, problems, draftText, null, null);
            }
            case 404 -> {
                return new PushOutcome(PushOutcome.Status.NOT_FOUND, verb, ns, name, "The API server does not find " + key + " (" + reason
                        + "); " + nothing, List.of(new FieldProblem("metadata.name", reason)), draftText, null, null);
            }
            case 403 -> throw new AccessDeniedException("the API server refused the " + step + " of NetworkPolicy " + key + ": " + reason);
            default -> {
                return new PushOutcome(PushOutcome.Status.FAILED, verb, ns, name, "The API server refused the " + step + " of " + key
                        + " (HTTP " + e.getCode() + "): " + reason + "; " + nothing, List.of(new FieldProblem(null, reason)), draftText, null, null);
            }
        }
    }
}
