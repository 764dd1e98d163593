package io.netfence.engine.manifest;

import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.List;

/**
 * A snapshot built from a manifest plus the problems found on the way. The snapshot holds only the objects
 * that passed; use {@link #orElseThrow()} when a partial snapshot is not acceptable.
 */
public record SnapshotAssembly(ClusterSnapshot snapshot, List<ManifestError> errors) {

    public SnapshotAssembly {
        errors = List.copyOf(errors);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** The snapshot if every object was usable, else a {@link ManifestException} listing all errors. */
    public ClusterSnapshot orElseThrow() {
        if (!errors.isEmpty()) {
            throw new ManifestException(errors);
        }
        return snapshot;
    }
}
