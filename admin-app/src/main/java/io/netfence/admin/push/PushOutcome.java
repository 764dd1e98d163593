package io.netfence.admin.push;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.admin.audit.AuditEntry;

import java.io.Serializable;
import java.util.List;

/**
 * How one push (create, update or delete of a NetworkPolicy) ended.
 *
 * @param draftYaml the user's draft as pushed (null for a delete)
 * @param current   the object as stored when the push was decided (for a conflict: the version that won); null when none
 * @param result    what was written, or what would be written after a dry run; null when nothing was
 */
public record PushOutcome(Status status, AuditEntry.Verb verb, String namespace, String name, String message,
                          List<FieldProblem> errors, @JsonIgnore String draftYaml, @JsonIgnore NetworkPolicy current,
                          NetworkPolicy result) implements Serializable {

    public enum Status { CREATED, UPDATED, DELETED, DRY_RUN_OK, INVALID, CONFLICT, NOT_FOUND, FAILED }

    public PushOutcome {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public boolean written() {
        return status == Status.CREATED || status == Status.UPDATED || status == Status.DELETED;
    }

    public boolean ok() {
        return written() || status == Status.DRY_RUN_OK;
    }

    public String key() {
        return namespace + "/" + name;
    }

    /** The resourceVersion stored now (after the write, or of the version that caused a conflict). */
    public String currentResourceVersion() {
        NetworkPolicy np = result != null && status != Status.DRY_RUN_OK ? result : current;
        return np == null || np.getMetadata() == null ? null : np.getMetadata().getResourceVersion();
    }
}
