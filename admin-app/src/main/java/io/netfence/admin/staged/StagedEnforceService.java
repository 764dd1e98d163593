package io.netfence.admin.staged;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netfence.admin.audit.AuditEntry;
import io.netfence.admin.audit.AuditTrail;
import io.netfence.admin.push.FieldProblem;
import io.netfence.admin.push.PushOutcome;
import io.netfence.admin.push.PushService;
import io.netfence.admin.security.Actor;
import io.netfence.admin.security.WriteAccess;
import io.netfence.admin.staged.StagedOutcome.Action;
import io.netfence.admin.staged.StagedOutcome.Status;
import io.netfence.engine.snapshot.StagedPolicyConverter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.List;

/**
 * Enforce: promotes a StagedNetworkPolicy to the NetworkPolicy it stages, through the push pipeline. The NetworkPolicy
 * (same namespace and name, the staged object's labels, annotations and spec) goes through {@link PushService} — local
 * validation, authorization, the "never replaces an existing policy" rule, the API server's dry run, the create, the
 * audit record — and the staged object is deleted with a precondition on the resourceVersion the user saw (dry run
 * first, then the delete, then its audit record). The order keeps the pods covered: the NetworkPolicy exists before its
 * staged twin (which only counts) goes. A create that worked followed by a delete that failed is reported as exactly
 * that, with the delete to retry.
 */
@Service
public class StagedEnforceService {

    private final PushService push;
    private final WriteAccess access;
    private final AuditTrail audit;
    private final Clock clock;

    public StagedEnforceService(PushService push, WriteAccess access, AuditTrail audit) {
        this.push = push;
        this.access = access;
        this.audit = audit;
        this.clock = Clock.systemUTC();
    }

    /**
     * @param resourceVersion the staged object's version the user decided on
     * @throws AccessDeniedException when the actor may not delete the staged object or create the NetworkPolicy
     */
    public StagedOutcome enforce(Actor actor, String namespace, String name, String resourceVersion, boolean dryRunOnly) {
        String key = namespace + "/" + name;
        if (resourceVersion == null || resourceVersion.isBlank()) {
            return outcome(Action.ENFORCE, Status.INVALID, namespace, name, "Nothing was written: say which version of the staged policy to enforce.",
                    List.of(new FieldProblem("resourceVersion", "resourceVersion: Required value: the resourceVersion of StagedNetworkPolicy "
                            + key + " you mean to enforce (GET /api/v1/stagednetworkpolicies/" + key + " shows it)")), resourceVersion, null);
        }
        access.authorizeStagedPolicy(actor, "delete", namespace, name);
        KubernetesClient client = access.clientFor(actor);
        GenericKubernetesResource staged = StagedObjects.in(client, namespace).withName(name).get();
        if (staged == null) {
            return StagedRefusals.notFound(Action.ENFORCE, target(namespace, name), "nothing was written.");
        }
        if (!resourceVersion.equals(staged.getMetadata().getResourceVersion())) {
            return StagedRefusals.changed(Action.ENFORCE, target(namespace, name), resourceVersion, staged, "nothing was written.");
        }
        String networkPolicy = StagedObjects.asNetworkPolicyYaml(staged);
        PushOutcome dry = push.push(actor, networkPolicy, null, true);
        if (dry.status() != PushOutcome.Status.DRY_RUN_OK) {
            return refusedCreate(dry, namespace, name, resourceVersion);
        }
        try {
            StagedObjects.locked(client, namespace, name, resourceVersion).dryRun().delete();
        } catch (KubernetesClientException e) {
            return StagedRefusals.refusedDelete(e, Action.ENFORCE, "dry run of the delete", target(namespace, name), resourceVersion,
                    () -> StagedObjects.in(client, namespace).withName(name).get(), "nothing was written.");
        }
        if (dryRunOnly) {
            return outcome(Action.ENFORCE, Status.DRY_RUN_OK, namespace, name, "Dry run: the API server accepts the creation of NetworkPolicy "
                    + key + " and the deletion of StagedNetworkPolicy " + key + " at resourceVersion " + resourceVersion
                    + "; nothing was written.", List.of(), resourceVersion, null);
        }
        PushOutcome created = push.push(actor, networkPolicy, null, false);
        if (created.status() != PushOutcome.Status.CREATED) {
            return refusedCreate(created, namespace, name, resourceVersion);
        }
        String npVersion = created.currentResourceVersion();
        StagedOutcome deleted = deleteStaged(actor, client, namespace, name, resourceVersion, staged);
        if (deleted.status() != Status.DELETED) {
            return outcome(Action.ENFORCE, Status.CREATED_NOT_DELETED, namespace, name, "Half done: NetworkPolicy " + key
                    + " was created (resourceVersion " + npVersion + ") and is enforced now, but StagedNetworkPolicy " + key
                    + " was not deleted: " + deleted.message() + " The staged policy still exists and keeps counting (it never "
                    + "enforces anything). Retry the delete, or delete it later.", deleted.errors(), deleted.stagedResourceVersion(), npVersion);
        }
        return outcome(Action.ENFORCE, Status.ENFORCED, namespace, name, "Enforced: created NetworkPolicy " + key + " (resourceVersion "
                + npVersion + ") with the staged spec, then deleted StagedNetworkPolicy " + key + " (was resourceVersion "
                + resourceVersion + ").", List.of(), resourceVersion, npVersion);
    }

    /**
     * Deletes the staged object at {@code resourceVersion} only (the retry of a promotion's second step, or a delete).
     *
     * @throws AccessDeniedException when the actor may not delete it
     */
    public StagedOutcome deleteStaged(Actor actor, String namespace, String name, String resourceVersion) {
        if (resourceVersion == null || resourceVersion.isBlank()) {
            return outcome(Action.DELETE_STAGED, Status.INVALID, namespace, name, "Nothing was deleted: say which version to delete.",
                    List.of(new FieldProblem("resourceVersion", "resourceVersion: Required value: the resourceVersion of StagedNetworkPolicy "
                            + namespace + "/" + name + " you mean to delete")), null, null);
        }
        access.authorizeStagedPolicy(actor, "delete", namespace, name);
        KubernetesClient client = access.clientFor(actor);
        GenericKubernetesResource staged = StagedObjects.in(client, namespace).withName(name).get();
        if (staged == null) {
            return StagedRefusals.notFound(Action.DELETE_STAGED, target(namespace, name), "nothing was deleted (it is gone already).");
        }
        if (!resourceVersion.equals(staged.getMetadata().getResourceVersion())) {
            return StagedRefusals.changed(Action.DELETE_STAGED, target(namespace, name), resourceVersion, staged, "nothing was deleted.");
        }
        try {
            StagedObjects.locked(client, namespace, name, resourceVersion).dryRun().delete();
        } catch (KubernetesClientException e) {
            return StagedRefusals.refusedDelete(e, Action.DELETE_STAGED, "dry run of the delete", target(namespace, name), resourceVersion,
                    () -> StagedObjects.in(client, namespace).withName(name).get(), "nothing was deleted.");
        }
        return deleteStaged(actor, client, namespace, name, resourceVersion, staged);
    }

    private StagedOutcome deleteStaged(Actor actor, KubernetesClient client, String namespace, String name, String resourceVersion,
                                       GenericKubernetesResource staged) {
        try {
            StagedObjects.locked(client, namespace, name, resourceVersion).delete();
        } catch (KubernetesClientException e) {
            return StagedRefusals.refusedDelete(e, Action.DELETE_STAGED, "delete", target(namespace, name), resourceVersion,
                    () -> StagedObjects.in(client, namespace).withName(name).get(), "it was not deleted.");
        }
        audit.record(new AuditEntry(clock.instant(), actor, AuditEntry.Verb.DELETE, namespace, name, staged, null));
        return outcome(Action.DELETE_STAGED, Status.DELETED, namespace, name, "Deleted StagedNetworkPolicy " + namespace + "/" + name
                + " (was resourceVersion " + resourceVersion + ").", List.of(), resourceVersion, null);
    }

    /** The NetworkPolicy's push was refused (dry run or write): nothing was written. */
    private static StagedOutcome refusedCreate(PushOutcome o, String namespace, String name, String stagedVersion) {
        String key = namespace + "/" + name;
        if (o.status() == PushOutcome.Status.CONFLICT && o.current() != null) {
            String rv = o.current().getMetadata().getResourceVersion();
            return outcome(Action.ENFORCE, Status.NETWORK_POLICY_EXISTS, namespace, name, "A NetworkPolicy " + key + " already exists "
                    + "(resourceVersion " + rv + "): enforcing the staged policy would replace it, so nothing was written and the "
                    + "staged policy stays. Compare the two; to enforce the staged spec, open the staged policy in the composer and "
                    + "edit the existing NetworkPolicy, or give the staged policy another name.",
                    List.of(new FieldProblem("metadata.name", "NetworkPolicy " + key + " already exists (resourceVersion " + rv + ")")),
                    stagedVersion, rv);
        }
        Status status = StagedRefusals.ofRefusedPush(o.status());
        String why = o.status() == PushOutcome.Status.INVALID && o.verb() == null
                ? "The staged spec is not a valid NetworkPolicy, so it cannot be enforced; nothing was written. Fix the staged policy (open it in the composer)."
                : o.message() + " (the NetworkPolicy " + key + " that would enforce the staged policy; the staged policy stays)";
        return outcome(Action.ENFORCE, status, namespace, name, why, o.errors(), stagedVersion, null);
    }

    private static StagedRefusals.Target target(String namespace, String name) {
        return new StagedRefusals.Target(StagedPolicyConverter.KIND, namespace, name);
    }

    private static StagedOutcome outcome(Action action, Status status, String namespace, String name, String message,
                                         List<FieldProblem> errors, String stagedVersion, String npVersion) {
        return new StagedOutcome(action, status, namespace, name, message, errors, stagedVersion, npVersion, null);
    }
}
