package io.netfence.admin.push;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What is wrong with a field, as the JSON API reports it ({@code {"errors":[{"path":..., "message":...}]}}).
 *
 * @param path the field ({@code spec.ingress[0].ports[0].port}), null when the problem is not one field's
 */
public record FieldProblem(String path, String message) implements Serializable {

    /**
     * The fields an API server's rejection (422/400) names in its Status causes, each with its message; {@code reason}
     * alone when it names none.
     */
    public static List<FieldProblem> ofRejection(KubernetesClientException e, String reason) {
        List<FieldProblem> problems = new ArrayList<>();
        if (e.getStatus() != null && e.getStatus().getDetails() != null && e.getStatus().getDetails().getCauses() != null) {
            for (StatusCause c : e.getStatus().getDetails().getCauses()) {
                problems.add(new FieldProblem(c.getField(), (c.getField() == null ? "" : c.getField() + ": ") + c.getMessage()));
            }
        }
        if (problems.isEmpty()) {
            problems.add(new FieldProblem(null, reason));
        }
        return problems;
    }
}
