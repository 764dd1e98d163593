package io.netfence.engine.workload;

/**
 * What a pod belongs to, in the terms people use: a Deployment, StatefulSet, DaemonSet, Job or CronJob (from the owner
 * reference chain), another owner kind as named (a bare ReplicaSet, a custom controller), {@value #APP} for pods without
 * an owner grouped by their {@code app.kubernetes.io/name} or {@code app} label, or {@value #POD} for a bare pod
 * without such a label (a workload of one).
 */
public record WorkloadRef(String kind, String namespace, String name) implements Comparable<WorkloadRef> {

    /** Pods without an owner, grouped by their app label. */
    public static final String APP = "App";
    /** A pod without an owner and without an app label. */
    public static final String POD = "Pod";

    public WorkloadRef {
        if (kind == null || kind.isBlank() || namespace == null || name == null || name.isBlank()) {
            throw new IllegalArgumentException("a workload needs a kind, a namespace and a name");
        }
    }

    /** {@code namespace/Kind/name}, unique in the cluster; {@link #parse} reads it back. */
    public String key() {
        return namespace + "/" + kind + "/" + name;
    }

    /** {@code Kind/name}, as kubectl names objects. */
    public String display() {
        return kind + "/" + name;
    }

    /** The workload of a {@link #key()}. */
    public static WorkloadRef parse(String key) {
        String[] parts = key == null ? new String[0] : key.split("/", 3);
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw new IllegalArgumentException("\"" + key + "\" is not a workload: write namespace/Kind/name, e.g. shop/Deployment/web");
        }
        return new WorkloadRef(parts[1], parts[0], parts[2]);
    }

    @Override
    public int compareTo(WorkloadRef o) {
        int c = namespace.compareTo(o.namespace);
        if (c == 0) {
            c = name.compareTo(o.name);
        }
        return c != 0 ? c : kind.compareTo(o.kind);
    }
}
