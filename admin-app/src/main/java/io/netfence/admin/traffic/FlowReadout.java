package io.netfence.admin.traffic;

import java.time.Instant;
import java.util.List;

/**
 * What a {@link FlowSource} read: the flows, and for each node whose agent could not be read, why. A failing node never
 * hides the others' flows.
 *
 * @param enabled false when flow observation is off (nothing to read)
 * @param wouldDeny the agents' would-deny reports (verdict {@code would-deny}, with the staged chain's origin); kept out of
 *                  {@code flows}, where the same connections are counted once as allowed
 */
public record FlowReadout(boolean enabled, List<ObservedFlow> flows, List<NodeError> errors, Instant readAt,
                          List<ObservedFlow> wouldDeny) {

    public record NodeError(String node, String message) {
    }

    public FlowReadout {
        flows = List.copyOf(flows);
        errors = List.copyOf(errors);
        wouldDeny = wouldDeny == null ? List.of() : List.copyOf(wouldDeny);
    }

    public FlowReadout(boolean enabled, List<ObservedFlow> flows, List<NodeError> errors, Instant readAt) {
        this(enabled, flows, errors, readAt, List.of());
    }

    public static FlowReadout disabled(Instant now) {
        return new FlowReadout(false, List.of(), List.of(), now);
    }
}
