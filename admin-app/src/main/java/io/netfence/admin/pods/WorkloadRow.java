package io.netfence.admin.pods;

import io.netfence.engine.workload.WorkloadRef;

import java.util.List;
import java.util.Map;

/**
 * One workload as the pods page shows it, counting only its pods that match the page's filters.
 *
 * @param labels          the labels all those pods share (without {@code pod-template-hash})
 * @param ingressIsolated how many of its pods some policy isolates for ingress
 * @param policies        the policies selecting any of its pods
 * @param drops           packets rejected for its pods (null when no agent reports for any of their nodes)
 */
public record WorkloadRow(WorkloadRef workload, String key, Map<String, String> labels, int pods, int selectable,
                          int ingressIsolated, int egressIsolated, List<String> policies, int nodes, Long drops) {

    public boolean mixed() {
        return (ingressIsolated > 0 || egressIsolated > 0) && Math.max(ingressIsolated, egressIsolated) < selectable;
    }

    public int isolated() {
        return Math.max(ingressIsolated, egressIsolated);
    }
}
