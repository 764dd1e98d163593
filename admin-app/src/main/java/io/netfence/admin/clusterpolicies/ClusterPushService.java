package io.netfence.admin.clusterpolicies;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.netfence.admin.audit.AuditAnnotation;
import io.netfence.admin.audit.AuditEntry;
import io.netfence.admin.audit.AuditTrail;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.push.FieldProblem;
import io.netfence.admin.push.PushOutcome.Status;
import io.netfence.admin.security.Actor;
import io.netfence.admin.security.WriteAccess;
import io.netfence.engine.manifest.ManifestObject;
import io.netfence.engine.manifest.ManifestParser;
import io.netfence.engine.snapshot.ClusterNetworkPolicyConverter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The write path for ClusterNetworkPolicies, with the NetworkPolicy push's safety: local validation (the upstream CRD's
 * rules) → authorization ({@link WriteAccess}: the editor role, or Kubernetes RBAC for tokens) → API-server dry run
 * ({@code dryRun=All}) → the write → the audit record. A draft without a resourceVersion is created and never
 * replaces an existing policy; one with a resourceVersion updates exactly that version (a concurrent change is a
 * conflict, never overwritten). An update starts from the object as stored now and replaces only what the composer
 * edits — the spec's fields of v1alpha2, labels and annotations — so status, finalizers, owner references and fields
 * of a newer CRD survive.
 */
@Service
public class ClusterPushService {

    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("policy.networking.k8s.io").withVersion("v1alpha2").withKind(ClusterNetworkPolicyConverter.KIND)
            .withPlural("clusternetworkpolicies").withNamespaced(false).build();

    /** The spec fields of v1alpha2 the composer edits; other spec fields of the stored object are kept. */
    static final Set<String> EDITED_SPEC_FIELDS = Set.of("tier", "priority", "subject", "ingress", "egress");

    private final ClusterDraftAnalyzer analyzer;
    private final WriteAccess access;
    private final AuditTrail audit;
    private final LiveCluster cluster;
    private final Clock clock;

    @Autowired
    public ClusterPushService(ClusterDraftAnalyzer analyzer, WriteAccess access, AuditTrail audit, LiveCluster cluster) {
        this(analyzer, access, audit, cluster, Clock.systemUTC());
    }

    public ClusterPushService(ClusterDraftAnalyzer analyzer, WriteAccess access, AuditTrail audit, LiveCluster cluster, Clock clock) {
        this.analyzer = analyzer;
        this.access = access;
        this.audit = audit;
        this.cluster = cluster;
        this.clock = clock;
    }

    /** What a push of this draft would do, from the console's cache (nothing is sent). */
    public ClusterPushPlan plan(String draftText, ClusterDraftSession.StartedFrom startedFrom) {
        ClusterDraftAnalysis a = analyzer.analyze(draftText, cluster.snapshot());
        String name = a.name();
        if (name == null || name.isBlank()) {
            return ClusterPushPlan.UNREADABLE;
        }
        String now = cluster.clusterNetworkPolicy(name).map(o -> o.getMetadata().getResourceVersion()).orElse(null);
        return new ClusterPushPlan(name, baseVersion(a.object(), startedFrom), now);
    }

    /**
     * Creates or updates the ClusterNetworkPolicy of {@code draftText}.
     *
     * @param startedFrom the stored version the session's draft was opened from (applies when the text states no
     *                    resourceVersion and names the same policy); null for none
     * @throws AccessDeniedException when the actor may not write it
     */
    public ClusterPushOutcome push(Actor actor, String draftText, ClusterDraftSession.StartedFrom startedFrom, boolean dryRunOnly) {
        ClusterDraftAnalysis a = analyzer.analyze(draftText, cluster.snapshot());
        String name = a.name();
        if (!a.valid()) {
            List<FieldProblem> problems = a.errors().stream().map(p -> new FieldProblem(p.path(), p.message())).toList();
            return new ClusterPushOutcome(Status.INVALID, null, name, "The draft is not a valid ClusterNetworkPolicy; nothing was written.",
                    problems, draftText, null, null);
        }
        GenericKubernetesResource draft = a.object();
        String base = baseVersion(draft, startedFrom);
        AuditEntry.Verb verb = base == null ? AuditEntry.Verb.CREATE : AuditEntry.Verb.UPDATE;
        access.authorizeClusterPolicy(actor, verb == AuditEntry.Verb.CREATE ? "create" : "update", name);
        var policies = policies(access.clientFor(actor));
        GenericKubernetesResource current = policies.withName(name).get();
        GenericKubernetesResource toSend;
        if (verb == AuditEntry.Verb.CREATE) {
            if (current != null) {
                return exists(name, draftText, current);
            }
            toSend = new GenericKubernetesResourceBuilder().withApiVersion(ClusterNetworkPolicyConverter.API_VERSION)
                    .withKind(ClusterNetworkPolicyConverter.KIND).withMetadata(new ObjectMetaBuilder().withName(name)
                            .withLabels(draft.getMetadata().getLabels()).withAnnotations(draft.getMetadata().getAnnotations()).build())
                    .build();
            toSend.setAdditionalProperty("spec", ClusterNetworkPolicyConverter.spec(draft));
        } else {
            if (current == null) {
                return new ClusterPushOutcome(Status.NOT_FOUND, verb, name, "ClusterNetworkPolicy " + name
                        + " does not exist (any more): it was deleted since resourceVersion " + base
                        + ". Nothing was written; to create it again, remove metadata.resourceVersion from the draft.",
                        List.of(new FieldProblem("metadata.name", "no ClusterNetworkPolicy " + name + " in the cluster")), draftText, null, null);
            }
            if (!base.equals(current.getMetadata().getResourceVersion())) {
                return changedSince(verb, name, base, draftText, current);
            }
            toSend = onTopOf(current, draftText, draft, base);
        }
        // who wrote it travels in the write itself: a second write would bump the resourceVersion and race other writers
        toSend = AuditAnnotation.stamp(toSend, actor, clock.instant());
        try {
            GenericKubernetesResource wouldBe = verb == AuditEntry.Verb.CREATE ? policies.resource(toSend).dryRun().create()
                    : policies.resource(toSend).dryRun().update();
            if (dryRunOnly) {
                return new ClusterPushOutcome(Status.DRY_RUN_OK, verb, name, "Dry run: the API server accepts the "
                        + (verb == AuditEntry.Verb.CREATE ? "creation" : "update") + " of ClusterNetworkPolicy " + name + "; nothing was written.",
                        List.of(), draftText, current, wouldBe == null ? toSend : wouldBe);
            }
        } catch (KubernetesClientException e) {
            return refused(e, "dry run", verb, name, base, draftText, policies);
        }
        GenericKubernetesResource written;
        try {
            written = verb == AuditEntry.Verb.CREATE ? policies.resource(toSend).create() : policies.resource(toSend).update();
        } catch (KubernetesClientException e) {
            return refused(e, "write", verb, name, base, draftText, policies);
        }
        audit.record(new AuditEntry(clock.instant(), actor, verb, null, name, current, written));
        String rv = written.getMetadata().getResourceVersion();
        return verb == AuditEntry.Verb.CREATE
                ? new ClusterPushOutcome(Status.CREATED, verb, name, "Created ClusterNetworkPolicy " + name + " (resourceVersion " + rv + ").",
                List.of(), draftText, null, written)
                : new ClusterPushOutcome(Status.UPDATED, verb, name, "Updated ClusterNetworkPolicy " + name + " from resourceVersion " + base
                + " to " + rv + ".", List.of(), draftText, current, written);
    }

    /**
     * Deletes the ClusterNetworkPolicy only at {@code resourceVersion} (the version the user saw).
     *
     * @throws AccessDeniedException when the actor may not delete it
     */
    public ClusterPushOutcome delete(Actor actor, String name, String resourceVersion, boolean dryRunOnly) {
        AuditEntry.Verb verb = AuditEntry.Verb.DELETE;
        if (resourceVersion == null || resourceVersion.isBlank()) {
            return new ClusterPushOutcome(Status.INVALID, verb, name, "Nothing was deleted: say which version to delete.",
                    List.of(new FieldProblem("resourceVersion", "resourceVersion: Required value: the resourceVersion of ClusterNetworkPolicy "
                            + name + " you mean to delete")), null, null, null);
        }
        access.authorizeClusterPolicy(actor, "delete", name);
        var policies = policies(access.clientFor(actor));
        GenericKubernetesResource current = policies.withName(name).get();
        if (current == null) {
            return new ClusterPushOutcome(Status.NOT_FOUND, verb, name, "ClusterNetworkPolicy " + name + " does not exist (any more); nothing was deleted.",
                    List.of(new FieldProblem("metadata.name", "no ClusterNetworkPolicy " + name + " in the cluster")), null, null, null);
        }
        if (!resourceVersion.equals(current.getMetadata().getResourceVersion())) {
            return changedSince(verb, name, resourceVersion, null, current);
        }
        try {
            locked(policies, name, resourceVersion).dryRun().delete();
            if (dryRunOnly) {
                return new ClusterPushOutcome(Status.DRY_RUN_OK, verb, name, "Dry run: the API server accepts the deletion of ClusterNetworkPolicy "
                        + name + "; nothing was deleted.", List.of(), null, current, null);
            }
        } catch (KubernetesClientException e) {
            return refused(e, "dry run", verb, name, resourceVersion, null, policies);
        }
        try {
            locked(policies, name, resourceVersion).delete();
        } catch (KubernetesClientException e) {
            return refused(e, "delete", verb, name, resourceVersion, null, policies);
        }
        audit.record(new AuditEntry(clock.instant(), actor, verb, null, name, current, null));
        return new ClusterPushOutcome(Status.DELETED, verb, name, "Deleted ClusterNetworkPolicy " + name + " (was resourceVersion "
                + resourceVersion + ").", List.of(), null, current, null);
    }

    /**
     * {@code current} with the user's spec (the v1alpha2 fields; other spec fields stay as stored), labels and
     * annotations and the resourceVersion the user started from; everything else (status, finalizers, owner references,
     * unknown top-level fields) is kept. Labels or annotations the draft text does not state at all are kept; stated
     * ones, even {@code labels: {}}, replace the stored ones.
     */
    @SuppressWarnings("unchecked")
    public static GenericKubernetesResource onTopOf(GenericKubernetesResource current, String draftText, GenericKubernetesResource draft,
                                                    String resourceVersion) {
        GenericKubernetesResource out = new GenericKubernetesResourceBuilder(current).build();
        Map<String, Object> spec = new LinkedHashMap<>();
        if (ClusterNetworkPolicyConverter.spec(current) instanceof Map<?, ?> stored) {
            ((Map<String, Object>) stored).forEach((k, v) -> {
                if (!EDITED_SPEC_FIELDS.contains(k)) {
                    spec.put(k, v);
                }
            });
        }
        if (ClusterNetworkPolicyConverter.spec(draft) instanceof Map<?, ?> mine) {
            spec.putAll((Map<String, Object>) mine);
        }
        Map<String, Object> top = new LinkedHashMap<>(current.getAdditionalProperties());
        top.put("spec", spec);
        out.setAdditionalProperties(top);
        ObjectMetaBuilder meta = new ObjectMetaBuilder(current.getMetadata()).withResourceVersion(resourceVersion);
        ManifestObject stated = statedFields(draftText);
        if (stated == null || stated.hasField("metadata.labels")) {
            meta.withLabels(draft.getMetadata().getLabels() == null ? Map.of() : new HashMap<>(draft.getMetadata().getLabels()));
        }
        if (stated == null || stated.hasField("metadata.annotations")) {
            meta.withAnnotations(draft.getMetadata().getAnnotations() == null ? Map.of() : new HashMap<>(draft.getMetadata().getAnnotations()));
        }
        out.setMetadata(meta.build());
        return out;
    }

    private static ManifestObject statedFields(String draftText) {
        try {
            return ManifestParser.withDefaults().parse(draftText).objects().stream()
                    .filter(o -> o.resource() instanceof GenericKubernetesResource).findFirst().orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String baseVersion(GenericKubernetesResource draft, ClusterDraftSession.StartedFrom startedFrom) {
        String rv = draft == null || draft.getMetadata() == null ? null : draft.getMetadata().getResourceVersion();
        if (rv != null && !rv.isBlank()) {
            return rv.strip();
        }
        if (startedFrom != null && draft != null && draft.getMetadata() != null && startedFrom.name().equals(draft.getMetadata().getName())) {
            return startedFrom.resourceVersion();
        }
        return null;
    }

    /** ClusterNetworkPolicies through fabric8's generic-resource client (cluster-scoped). */
    public static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> policies(
            KubernetesClient client) {
        return client.genericKubernetesResources(CONTEXT);
    }

    /** The object with a delete precondition on {@code resourceVersion} (see PushService#locked). */
    @SuppressWarnings("unchecked")
    private static Resource<GenericKubernetesResource> locked(
            NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> policies,
            String name, String resourceVersion) {
        return (Resource<GenericKubernetesResource>) policies.withName(name).lockResourceVersion(resourceVersion);
    }

    private static ClusterPushOutcome exists(String name, String draftText, GenericKubernetesResource current) {
        String rv = current.getMetadata().getResourceVersion();
        return new ClusterPushOutcome(Status.CONFLICT, AuditEntry.Verb.CREATE, name, "ClusterNetworkPolicy " + name
                + " already exists (resourceVersion " + rv + "): a new draft never replaces it; nothing was written. "
                + "Open it in the composer to edit it, or choose another name.",
                List.of(new FieldProblem("metadata.name", "ClusterNetworkPolicy " + name + " already exists (resourceVersion " + rv + ")")),
                draftText, current, null);
    }

    private static ClusterPushOutcome changedSince(AuditEntry.Verb verb, String name, String base, String draftText,
                                                   GenericKubernetesResource current) {
        String now = current.getMetadata().getResourceVersion();
        return new ClusterPushOutcome(Status.CONFLICT, verb, name, "ClusterNetworkPolicy " + name + " was changed since you opened it "
                + "(you started from resourceVersion " + base + ", it is now " + now + "); nothing was "
                + (verb == AuditEntry.Verb.DELETE ? "deleted." : "written.") + " Open the current version in the composer and make your change there.",
                List.of(new FieldProblem("metadata.resourceVersion", "resourceVersion " + base + " is not the current version of "
                        + name + ": it is now " + now)), draftText, current, null);
    }

    private static ClusterPushOutcome refused(KubernetesClientException e, String step, AuditEntry.Verb verb, String name, String base,
                                              String draftText,
                                              NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> policies) {
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        String nothing = verb == AuditEntry.Verb.DELETE ? "nothing was deleted." : "nothing was written.";
        switch (e.getCode()) {
            case 409 -> {
                GenericKubernetesResource current = policies.withName(name).get();
                if (current == null) {
                    return new ClusterPushOutcome(Status.NOT_FOUND, verb, name, "ClusterNetworkPolicy " + name + " was deleted meanwhile; "
                            + nothing, List.of(new FieldProblem("metadata.name", reason)), draftText, null, null);
                }
                return verb == AuditEntry.Verb.CREATE ? exists(name, draftText, current) : changedSince(verb, name, base, draftText, current);
            }
            case 422, 400 -> {
                List<FieldProblem> problems = FieldProblem.ofRejection(e, reason);
                return new ClusterPushOutcome(Status.INVALID, verb, name, "The API server rejected ClusterNetworkPolicy " + name + " in the "
                        + step + "; " + nothing, problems, draftText, null, null);
            }
            case 404 -> {
                return new ClusterPushOutcome(Status.NOT_FOUND, verb, name, "The API server does not find ClusterNetworkPolicy " + name + " ("
                        + reason + "; is the CRD installed?); " + nothing, List.of(new FieldProblem("metadata.name", reason)), draftText, null, null);
            }
            case 403 -> throw new AccessDeniedException("the API server refused the " + step + " of ClusterNetworkPolicy " + name + ": " + reason);
            default -> {
                return new ClusterPushOutcome(Status.FAILED, verb, name, "The API server refused the " + step + " of ClusterNetworkPolicy "
                        + name + " (HTTP " + e.getCode() + "): " + reason + "; " + nothing, List.of(new FieldProblem(null, reason)), draftText, null, null);
            }
        }
    }
}
