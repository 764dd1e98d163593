package io.netfence.admin.staged;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netfence.admin.audit.AuditAnnotation;
import io.netfence.admin.audit.AuditEntry;
import io.netfence.admin.audit.AuditTrail;
import io.netfence.admin.cluster.LiveCluster;
import io.netfence.admin.clusterpolicies.ClusterDraftAnalysis;
import io.netfence.admin.clusterpolicies.ClusterDraftAnalyzer;
import io.netfence.admin.clusterpolicies.ClusterPushService;
import io.netfence.admin.push.FieldProblem;
import io.netfence.admin.security.Actor;
import io.netfence.admin.security.WriteAccess;
import io.netfence.admin.staged.StagedOutcome.Action;
import io.netfence.admin.staged.StagedOutcome.Status;
import io.netfence.engine.snapshot.ClusterNetworkPolicyConverter;
import io.netfence.engine.snapshot.StagedClusterNetworkPolicyConverter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.List;

/**
 * A ClusterNetworkPolicy draft pushed as a StagedClusterNetworkPolicy: validated exactly as the cluster composer validates
 * it ({@link ClusterDraftAnalyzer}: the upstream CRD's rules), then created after a dry run, or — from a given
 * resourceVersion — the stored staged object updated with only the spec's v1alpha2 fields, labels and annotations
 * replaced (other fields kept; a changed object is a conflict, nothing written). Editor role (or a SubjectAccessReview
 * on {@code stagedclusternetworkpolicies}), audited like every push.
 */
@Service
public class StagedClusterPushService {

    private final ClusterDraftAnalyzer analyzer;
    private final WriteAccess access;
    private final AuditTrail audit;
    private final LiveCluster cluster;
    private final Clock clock = Clock.systemUTC();

    public StagedClusterPushService(ClusterDraftAnalyzer analyzer, WriteAccess access, AuditTrail audit, LiveCluster cluster) {
        this.analyzer = analyzer;
        this.access = access;
        this.audit = audit;
        this.cluster = cluster;
    }

    /** A StagedClusterNetworkPolicy manifest read as the ClusterNetworkPolicy draft it stages (other text unchanged). */
    public static String asClusterNetworkPolicyText(String text) {
        return text.replaceFirst("(?m)^kind:\\s*" + StagedClusterNetworkPolicyConverter.KIND + "\\s*$", "kind: " + ClusterNetworkPolicyConverter.KIND)
                .replaceFirst("(?m)^apiVersion:\\s*" + java.util.regex.Pattern.quote(StagedClusterObjects.API_VERSION) + "\\s*$",
                        "apiVersion: " + ClusterNetworkPolicyConverter.API_VERSION)
                .replaceFirst("\"kind\"\\s*:\\s*\"" + StagedClusterNetworkPolicyConverter.KIND + "\"", "\"kind\":\"" + ClusterNetworkPolicyConverter.KIND + "\"")
                .replaceFirst("\"apiVersion\"\\s*:\\s*\"" + java.util.regex.Pattern.quote(StagedClusterObjects.API_VERSION) + "\"",
                        "\"apiVersion\":\"" + ClusterNetworkPolicyConverter.API_VERSION + "\"");
    }

    /** The draft's name, or null when it cannot be read. */
    public String nameOf(String draftText) {
        return analyzer.analyze(draftText, cluster.snapshot()).name();
    }

    /**
     * @param base the stored staged object's resourceVersion to update; null to create
     * @throws AccessDeniedException when the actor may not write it
     */
    public StagedOutcome push(Actor actor, String draftText, String base, boolean dryRunOnly) {
        ClusterDraftAnalysis a = analyzer.analyze(draftText, cluster.snapshot());
        String name = a.name();
        if (!a.valid()) {
            List<FieldProblem> problems = a.errors().stream().map(p -> new FieldProblem(p.path(), p.message())).toList();
            return outcome(Status.INVALID, name, "The draft is not a valid ClusterNetworkPolicy; nothing was written.", problems, null, draftText);
        }
        GenericKubernetesResource draft = a.object();
        boolean create = base == null;
        access.authorizeStagedClusterPolicy(actor, create ? "create" : "update", name);
        var staged = StagedClusterObjects.all(access.clientFor(actor));
        GenericKubernetesResource current = staged.withName(name).get();
        GenericKubernetesResource toSend;
        if (create) {
            if (current != null) {
                String rv = current.getMetadata().getResourceVersion();
                return outcome(Status.CONFLICT, name, "A StagedClusterNetworkPolicy " + name + " exists already (resourceVersion " + rv
                        + "); nothing was written. To replace its spec, push with its resourceVersion.",
                        List.of(new FieldProblem("metadata.name", "StagedClusterNetworkPolicy " + name + " already exists (resourceVersion "
                                + rv + ")")), rv, draftText);
            }
            toSend = new GenericKubernetesResourceBuilder().withApiVersion(StagedClusterObjects.API_VERSION)
                    .withKind(StagedClusterNetworkPolicyConverter.KIND).withMetadata(new ObjectMetaBuilder().withName(name)
                            .withLabels(draft.getMetadata().getLabels()).withAnnotations(draft.getMetadata().getAnnotations()).build())
                    .build();
            toSend.setAdditionalProperty("spec", ClusterNetworkPolicyConverter.spec(draft));
        } else {
            if (current == null) {
                return outcome(Status.NOT_FOUND, name, "StagedClusterNetworkPolicy " + name + " does not exist (any more); nothing was written.",
                        List.of(new FieldProblem("metadata.name", "no StagedClusterNetworkPolicy " + name + " in the cluster")), null, draftText);
            }
            if (!base.equals(current.getMetadata().getResourceVersion())) {
                String rv = current.getMetadata().getResourceVersion();
                return outcome(Status.CONFLICT, name, "StagedClusterNetworkPolicy " + name + " was changed since resourceVersion " + base
                        + " (it is now " + rv + "); nothing was written.", List.of(new FieldProblem("metadata.resourceVersion",
                        "resourceVersion " + base + " is not the current version of " + name + ": it is now " + rv)), rv, draftText);
            }
            toSend = ClusterPushService.onTopOf(current, draftText, draft, base);
        }
        toSend = AuditAnnotation.stamp(toSend, actor, clock.instant());
        String verb = create ? "creation" : "update";
        try {
            if (create) {
                staged.resource(toSend).dryRun().create();
            } else {
                staged.resource(toSend).dryRun().update();
            }
        } catch (KubernetesClientException e) {
            return refused(e, "dry run of the " + verb, name, base, draftText);
        }
        if (dryRunOnly) {
            return outcome(Status.DRY_RUN_OK, name, "Dry run: the API server accepts the " + verb + " of StagedClusterNetworkPolicy "
                    + name + "; nothing was written.", List.of(), base, draftText);
        }
        GenericKubernetesResource written;
        try {
            written = create ? staged.resource(toSend).create() : staged.resource(toSend).update();
        } catch (KubernetesClientException e) {
            return refused(e, verb, name, base, draftText);
        }
        audit.record(new AuditEntry(clock.instant(), actor, create ? AuditEntry.Verb.CREATE : AuditEntry.Verb.UPDATE, null, name,
                current, written));
        String rv = written.getMetadata().getResourceVersion();
        return create
                ? outcome(Status.CREATED, name, "Created StagedClusterNetworkPolicy " + name + " (resourceVersion " + rv
                        + "): the agents count what it would deny, nothing is enforced.", List.of(), rv, draftText)
                : outcome(Status.UPDATED, name, "Updated StagedClusterNetworkPolicy " + name + " from resourceVersion " + base + " to "
                        + rv + ".", List.of(), rv, draftText);
    }

    private StagedOutcome refused(KubernetesClientException e, String step, String name, String base, String draftText) {
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        if (e.getCode() == 403) {
            throw new AccessDeniedException("the API server refused the " + step + " of StagedClusterNetworkPolicy " + name + ": " + reason);
        }
        Status status = switch (e.getCode()) {
            case 409 -> Status.CONFLICT;
            case 404 -> Status.NOT_FOUND;
            case 422, 400 -> Status.INVALID;
            default -> Status.FAILED;
        };
        return outcome(status, name, "The API server refused the " + step + " of StagedClusterNetworkPolicy " + name + " (HTTP "
                + e.getCode() + "): " + reason + "; nothing was written.", List.of(new FieldProblem(null, reason)), base, draftText);
    }

    private static StagedOutcome outcome(Status status, String name, String message, List<FieldProblem> errors, String rv, String draft) {
        return new StagedOutcome(Action.PUSH_STAGED, status, null, name, message, errors, rv, null, draft);
    }
}
