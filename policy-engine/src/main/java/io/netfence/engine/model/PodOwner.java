package io.netfence.engine.model;

/**
 * The owner reference of a pod that names what created it: the one with {@code controller: true}, else the first one.
 * Only kind and name: the workload is resolved from these (see {@code io.netfence.engine.workload.Workloads}).
 */
public record PodOwner(String kind, String name) {

    public PodOwner {
        if (kind == null || kind.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("an owner reference needs a kind and a name");
        }
    }
}
