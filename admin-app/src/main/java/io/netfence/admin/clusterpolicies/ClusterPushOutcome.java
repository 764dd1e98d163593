package io.netfence.admin.clusterpolicies;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netfence.admin.audit.AuditEntry;
import io.netfence.admin.push.FieldProblem;
import io.netfence.admin.push.PushOutcome.Status;

import java.io.Serializable;
import java.util.List;

/**
 * How one push (create, update or delete) of a ClusterNetworkPolicy ended.
 *
 * @param draftYaml the draft as pushed (null for a delete)
 * @param current   the object as stored when the push was decided (for a conflict: the version that won); null when none
 * @param result    what was written; null when nothing was
 */
public record ClusterPushOutcome(Status status, AuditEntry.Verb verb, String name, String message, List<FieldProblem> errors,
                                 @JsonIgnore String draftYaml, @JsonIgnore GenericKubernetesResource current,
                                 GenericKubernetesResource result) implements Serializable {

    public ClusterPushOutcome {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public boolean written() {
        return status == Status.CREATED || status == Status.UPDATED || status == Status.DELETED;
    }

    public boolean ok() {
        return written() || status == Status.DRY_RUN_OK;
    }

    public String currentResourceVersion() {
        GenericKubernetesResource o = result != null && status != Status.DRY_RUN_OK ? result : current;
        return o == null || o.getMetadata() == null ? null : o.getMetadata().getResourceVersion();
    }
}
