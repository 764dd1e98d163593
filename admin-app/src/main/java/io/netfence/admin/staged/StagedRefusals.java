package io.netfence.admin.staged;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netfence.admin.push.FieldProblem;
import io.netfence.admin.push.PushOutcome;
import io.netfence.admin.staged.StagedOutcome.Action;
import io.netfence.admin.staged.StagedOutcome.Status;
import org.springframework.security.access.AccessDeniedException;

import java.util.List;
import java.util.function.Supplier;

/**
 * The outcomes of a staged object (StagedNetworkPolicy or StagedClusterNetworkPolicy) that is missing, changed since the
 * version the user started from, or whose delete the API server refused, and the status of a refused push of the policy
 * that would enforce it. Nothing was written in any of them.
 */
final class StagedRefusals {

    /** @param namespace null for a cluster-scoped kind */
    record Target(String kind, String namespace, String name) {

        String key() {
            return namespace == null ? name : namespace + "/" + name;
        }
    }

    private StagedRefusals() {
    }

    /**
     * @param step    what was refused ("delete", "dry run of the delete")
     * @param current the stored object now (read on a 409 to tell a changed object from a vanished one)
     * @param nothing what was not done, ending the message
     */
    static StagedOutcome refusedDelete(KubernetesClientException e, Action action, String step, Target t, String resourceVersion,
                                       Supplier<GenericKubernetesResource> current, String nothing) {
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        if (e.getCode() == 403) {
            throw new AccessDeniedException("the API server refused the " + step + " of " + t.kind() + " " + t.key() + ": " + reason);
        }
        if (e.getCode() == 409) {
            GenericKubernetesResource now = current.get();
            if (now != null) {
                return changed(action, t, resourceVersion, now, nothing);
            }
        }
        if (e.getCode() == 404) {
            return notFound(action, t, nothing);
        }
        return outcome(action, Status.FAILED, t, "The API server refused the " + step + " of " + t.kind() + " " + t.key()
                + " (HTTP " + e.getCode() + "): " + reason + "; " + nothing, List.of(new FieldProblem(null, reason)), resourceVersion);
    }

    static StagedOutcome changed(Action action, Target t, String base, GenericKubernetesResource now, String nothing) {
        String rv = now.getMetadata().getResourceVersion();
        return outcome(action, Status.CONFLICT, t, t.kind() + " " + t.key() + " was changed since you loaded it "
                + "(you started from resourceVersion " + base + ", it is now " + rv + "); " + nothing + " Look at the current version first.",
                List.of(new FieldProblem("metadata.resourceVersion", "resourceVersion " + base + " is not the current version of " + t.key()
                        + ": it is now " + rv)), rv);
    }

    /** The status of an Enforce whose push of the enforcing policy was refused (dry run or write). */
    static Status ofRefusedPush(PushOutcome.Status push) {
        return switch (push) {
            case INVALID -> Status.INVALID;
            case NOT_FOUND -> Status.NOT_FOUND;
            default -> Status.FAILED;
        };
    }

    static StagedOutcome notFound(Action action, Target t, String nothing) {
        return outcome(action, Status.NOT_FOUND, t, t.kind() + " " + t.key() + " does not exist (any more); " + nothing,
                List.of(new FieldProblem("metadata.name", "no " + t.kind() + " " + t.key() + " in the cluster")), null);
    }

    private static StagedOutcome outcome(Action action, Status status, Target t, String message, List<FieldProblem> errors,
                                         String stagedVersion) {
        return new StagedOutcome(action, status, t.namespace(), t.name(), message, errors, stagedVersion, null, null);
    }
}
