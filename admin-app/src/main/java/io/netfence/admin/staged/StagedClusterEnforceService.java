package io.netfence.admin.staged;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netfence.admin.audit.AuditEntry;
import io.netfence.admin.audit.AuditTrail;
import io.netfence.admin.clusterpolicies.ClusterPushOutcome;
import io.netfence.admin.clusterpolicies.ClusterPushService;
import io.netfence.admin.push.FieldProblem;
import io.netfence.admin.push.PushOutcome;
import io.netfence.admin.security.Actor;
import io.netfence.admin.security.WriteAccess;
import io.netfence.admin.staged.StagedOutcome.Action;
import io.netfence.admin.staged.StagedOutcome.Status;
import io.netfence.engine.snapshot.StagedClusterNetworkPolicyConverter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.List;

/**
 * Enforce for a StagedClusterNetworkPolicy: promotes it to the ClusterNetworkPolicy it stages through the cluster push
 * pipeline ({@link ClusterPushService}: the CRD validator, authorization, "never replaces an existing policy", the API
 * server's dry run, the create, the audit record), then deletes the staged object with a precondition on the
 * resourceVersion the user saw — the same steps, order and half-done handling as {@link StagedEnforceService}. Outcomes
 * carry no namespace; {@link Status#NETWORK_POLICY_EXISTS} means a ClusterNetworkPolicy of that name exists.
 */
@Service
public class StagedClusterEnforceService {

    private final ClusterPushService push;
    private final WriteAccess access;
    private final AuditTrail audit;
    private final Clock clock = Clock.systemUTC();

    public StagedClusterEnforceService(ClusterPushService push, WriteAccess access, AuditTrail audit) {
        this.push = push;
        this.access = access;
        this.audit = audit;
    }

    /**
     * @param resourceVersion the staged object's version the user decided on
     * @throws AccessDeniedException when the actor may not delete the staged object or create the ClusterNetworkPolicy
     */
    public StagedOutcome enforce(Actor actor, String name, String resourceVersion, boolean dryRunOnly) {
        if (resourceVersion == null || resourceVersion.isBlank()) {
            return outcome(Action.ENFORCE, Status.INVALID, name, "Nothing was written: say which version of the staged policy to enforce.",
                    List.of(new FieldProblem("resourceVersion", "resourceVersion: Required value: the resourceVersion of "
                            + "StagedClusterNetworkPolicy " + name + " you mean to enforce (GET /api/v1/stagedclusternetworkpolicies/"
                            + name + " shows it)")), resourceVersion, null);
        }
        access.authorizeStagedClusterPolicy(actor, "delete", name);
        KubernetesClient client = access.clientFor(actor);
        GenericKubernetesResource staged = StagedClusterObjects.all(client).withName(name).get();
        if (staged == null) {
            return StagedRefusals.notFound(Action.ENFORCE, target(name), "nothing was written.");
        }
        if (!resourceVersion.equals(staged.getMetadata().getResourceVersion())) {
            return StagedRefusals.changed(Action.ENFORCE, target(name), resourceVersion, staged, "nothing was written.");
        }
        String cnp = StagedClusterObjects.asClusterNetworkPolicyYaml(staged);
        ClusterPushOutcome dry = push.push(actor, cnp, null, true);
        if (dry.status() != PushOutcome.Status.DRY_RUN_OK) {
            return refusedCreate(dry, name, resourceVersion);
        }
        try {
            StagedClusterObjects.locked(client, name, resourceVersion).dryRun().delete();
        } catch (KubernetesClientException e) {
            return StagedRefusals.refusedDelete(e, Action.ENFORCE, "dry run of the delete", target(name), resourceVersion,
                    () -> StagedClusterObjects.all(client).withName(name).get(), "nothing was written.");
        }
        if (dryRunOnly) {
            return outcome(Action.ENFORCE, Status.DRY_RUN_OK, name, "Dry run: the API server accepts the creation of ClusterNetworkPolicy "
                    + name + " and the deletion of StagedClusterNetworkPolicy " + name + " at resourceVersion " + resourceVersion
                    + "; nothing was written.", List.of(), resourceVersion, null);
        }
        ClusterPushOutcome created = push.push(actor, cnp, null, false);
        if (created.status() != PushOutcome.Status.CREATED) {
            return refusedCreate(created, name, resourceVersion);
        }
        String cnpVersion = created.currentResourceVersion();
        StagedOutcome deleted = delete(actor, client, name, resourceVersion, staged);
        if (deleted.status() != Status.DELETED) {
            return outcome(Action.ENFORCE, Status.CREATED_NOT_DELETED, name, "Half done: ClusterNetworkPolicy " + name
                    + " was created (resourceVersion " + cnpVersion + ") and is enforced now, but StagedClusterNetworkPolicy " + name
                    + " was not deleted: " + deleted.message() + " The staged policy still exists and keeps counting (it never "
                    + "enforces anything). Retry the delete, or delete it later.", deleted.errors(), deleted.stagedResourceVersion(), cnpVersion);
        }
        return outcome(Action.ENFORCE, Status.ENFORCED, name, "Enforced: created ClusterNetworkPolicy " + name + " (resourceVersion "
                + cnpVersion + ") with the staged spec, then deleted StagedClusterNetworkPolicy " + name + " (was resourceVersion "
                + resourceVersion + ").", List.of(), resourceVersion, cnpVersion);
    }

    /**
     * Deletes the staged object at {@code resourceVersion} only (the retry of a promotion's second step, or a delete).
     *
     * @throws AccessDeniedException when the actor may not delete it
     */
    public StagedOutcome deleteStaged(Actor actor, String name, String resourceVersion) {
        if (resourceVersion == null || resourceVersion.isBlank()) {
            return outcome(Action.DELETE_STAGED, Status.INVALID, name, "Nothing was deleted: say which version to delete.",
                    List.of(new FieldProblem("resourceVersion", "resourceVersion: Required value: the resourceVersion of "
                            + "StagedClusterNetworkPolicy " + name + " you mean to delete")), null, null);
        }
        access.authorizeStagedClusterPolicy(actor, "delete", name);
        KubernetesClient client = access.clientFor(actor);
        GenericKubernetesResource staged = StagedClusterObjects.all(client).withName(name).get();
        if (staged == null) {
            return StagedRefusals.notFound(Action.DELETE_STAGED, target(name), "nothing was deleted (it is gone already).");
        }
        if (!resourceVersion.equals(staged.getMetadata().getResourceVersion())) {
            return StagedRefusals.changed(Action.DELETE_STAGED, target(name), resourceVersion, staged, "nothing was deleted.");
        }
        try {
            StagedClusterObjects.locked(client, name, resourceVersion).dryRun().delete();
        } catch (KubernetesClientException e) {
            return StagedRefusals.refusedDelete(e, Action.DELETE_STAGED, "dry run of the delete", target(name), resourceVersion,
                    () -> StagedClusterObjects.all(client).withName(name).get(), "nothing was deleted.");
        }
        return delete(actor, client, name, resourceVersion, staged);
    }

    private StagedOutcome delete(Actor actor, KubernetesClient client, String name, String resourceVersion, GenericKubernetesResource staged) {
        try {
            StagedClusterObjects.locked(client, name, resourceVersion).delete();
        } catch (KubernetesClientException e) {
            return StagedRefusals.refusedDelete(e, Action.DELETE_STAGED, "delete", target(name), resourceVersion,
                    () -> StagedClusterObjects.all(client).withName(name).get(), "it was not deleted.");
        }
        audit.record(new AuditEntry(clock.instant(), actor, AuditEntry.Verb.DELETE, null, name, staged, null));
        return outcome(Action.DELETE_STAGED, Status.DELETED, name, "Deleted StagedClusterNetworkPolicy " + name
                + " (was resourceVersion " + resourceVersion + ").", List.of(), resourceVersion, null);
    }

    private static StagedOutcome refusedCreate(ClusterPushOutcome o, String name, String stagedVersion) {
        if (o.status() == PushOutcome.Status.CONFLICT && o.current() != null) {
            String rv = o.current().getMetadata().getResourceVersion();
            return outcome(Action.ENFORCE, Status.NETWORK_POLICY_EXISTS, name, "A ClusterNetworkPolicy " + name + " already exists "
                    + "(resourceVersion " + rv + "): enforcing the staged policy would replace it, so nothing was written and the "
                    + "staged policy stays. Compare the two; to enforce the staged spec, edit the existing ClusterNetworkPolicy in "
                    + "the composer, or give the staged policy another name.",
                    List.of(new FieldProblem("metadata.name", "ClusterNetworkPolicy " + name + " already exists (resourceVersion " + rv + ")")),
                    stagedVersion, rv);
        }
        Status status = StagedRefusals.ofRefusedPush(o.status());
        String why = o.status() == PushOutcome.Status.INVALID && o.verb() == null
                ? "The staged spec is not a valid ClusterNetworkPolicy, so it cannot be enforced; nothing was written."
                : o.message() + " (the ClusterNetworkPolicy " + name + " that would enforce the staged policy; the staged policy stays)";
        return outcome(Action.ENFORCE, status, name, why, o.errors(), stagedVersion, null);
    }

    private static StagedRefusals.Target target(String name) {
        return new StagedRefusals.Target(StagedClusterNetworkPolicyConverter.KIND, null, name);
    }

    static StagedOutcome outcome(Action action, Status status, String name, String message, List<FieldProblem> errors,
                                 String stagedVersion, String cnpVersion) {
        return new StagedOutcome(action, status, null, name, message, errors, stagedVersion, cnpVersion, null);
    }
}
