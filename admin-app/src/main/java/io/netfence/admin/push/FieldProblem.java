package io.netfence.admin.push;

import java.io.Serializable;

/**
 * What is wrong with a field, as the JSON API reports it ({@code {"errors":[{"path":..., "message":...}]}}).
 *
 * @param path the field ({@code spec.ingress[0].ports[0].port}), null when the problem is not one field's
 */
public record FieldProblem(String path, String message) implements Serializable {
}
