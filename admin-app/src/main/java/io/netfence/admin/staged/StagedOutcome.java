package io.netfence.admin.staged;

import io.netfence.admin.push.FieldProblem;

import java.io.Serializable;
import java.util.List;

/**
 * How an Enforce (promotion), a retried delete or a push as staged ended.
 *
 * @param stagedResourceVersion the staged object's version: the one the user started from, the one that won a conflict,
 *                              or the one written
 * @param networkPolicyResourceVersion the NetworkPolicy created by a promotion, or the one that already exists
 * @param draftYaml             a push as staged: the draft as pushed (the composer still holds it)
 */
public record StagedOutcome(Action action, Status status, String namespace, String name, String message,
                            List<FieldProblem> errors, String stagedResourceVersion, String networkPolicyResourceVersion,
                            String draftYaml) implements Serializable {

    public enum Action { ENFORCE, DELETE_STAGED, PUSH_STAGED }

    public enum Status {
        /** Enforce: the NetworkPolicy was created and the staged object deleted. */
        ENFORCED,
        /** Enforce: the NetworkPolicy was created, but deleting the staged object failed: half done, said so, retry offered. */
        CREATED_NOT_DELETED,
        /** The retried delete of the staged object. */
        DELETED,
        CREATED, UPDATED, DRY_RUN_OK,
        /** Enforce: a NetworkPolicy of that name exists; nothing was written. */
        NETWORK_POLICY_EXISTS,
        /** The staged object changed since the user loaded it (or, for a new staged draft, its name is taken). */
        CONFLICT,
        INVALID, NOT_FOUND, FAILED
    }

    public StagedOutcome {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public String key() {
        return namespace + "/" + name;
    }

    public boolean ok() {
        return status == Status.ENFORCED || status == Status.DELETED || status == Status.CREATED || status == Status.UPDATED
                || status == Status.DRY_RUN_OK;
    }

    /** Something was written (for a partial promotion: the NetworkPolicy). */
    public boolean written() {
        return ok() && status != Status.DRY_RUN_OK || status == Status.CREATED_NOT_DELETED;
    }

    /** HTTP status for the JSON API. */
    public int httpStatus() {
        return switch (status) {
            case ENFORCED, DELETED, UPDATED, DRY_RUN_OK -> 200;
            case CREATED -> 201;
            case NETWORK_POLICY_EXISTS, CONFLICT -> 409;
            case INVALID -> 422;
            case NOT_FOUND -> 404;
            case CREATED_NOT_DELETED, FAILED -> 502;
        };
    }
}
