package io.netfence.admin.traffic;

import java.time.Instant;
import java.util.List;

/**
 * What a {@link FlowSource} read: the flows, and for each node whose agent could not be read, why. A failing node never
 * hides the others' flows.
 *
 * @param enabled false when flow observation is off (nothing to read)
 */
public record FlowReadout(boolean enabled, List<ObservedFlow> flows, List<NodeError> errors, Instant readAt) {

    public record NodeError(String node, String message) {
    }

    public FlowReadout {
        flows = List.copyOf(flows);
        errors = List.copyOf(errors);
    }

    public static FlowReadout disabled(Instant now) {
        return new FlowReadout(false, List.of(), List.of(), now);
    }
}
