package io.netfence.admin.traffic;

/**
 * One side of an observed connection: its address and, when it was a pod the agent knew, the pod and its workload
 * ({@code io.netfence.engine.workload.Workloads}); the pod fields are null for other addresses.
 */
public record FlowEndpoint(String ip, String namespace, String pod, String workloadKind, String workloadName) {

    public static FlowEndpoint address(String ip) {
        return new FlowEndpoint(ip, null, null, null, null);
    }

    public boolean isPod() {
        return namespace != null && pod != null;
    }

    /** The workload as {@code namespace/Kind/name}, or the bare address. */
    public String workloadLabel() {
        if (!isPod()) {
            return ip;
        }
        return workloadName == null ? namespace + "/Pod/" + pod : namespace + "/" + workloadKind + "/" + workloadName;
    }

    /** The namespace, or the bare address for a non-pod address. */
    public String namespaceLabel() {
        return isPod() ? namespace : ip;
    }

    public String podLabel() {
        return isPod() ? namespace + "/" + pod : ip;
    }
}
