package io.netfence.admin.traffic;

import java.time.Instant;
import java.util.List;

/**
 * What a change would do to the connections observed recently: each observed flow judged by the engine on the cluster
 * as it is and on the cluster with the change.
 *
 * @param enabled             false when flow observation is off (then everything else is empty)
 * @param since               flows last seen at or after this instant are counted
 * @param observedFlows       M: observed flows in the window
 * @param observedConnections their connection counts added up
 * @param wouldDeny           allowed now, denied with the change
 * @param wouldAllow          denied now, allowed with the change
 * @param errors              nodes whose flows could not be read (their connections are missing from M)
 */
public record TrafficImpact(boolean enabled, Instant since, int observedFlows, long observedConnections,
                            List<ObservedFlow> wouldDeny, long wouldDenyConnections,
                            List<ObservedFlow> wouldAllow, long wouldAllowConnections,
                            List<FlowReadout.NodeError> errors) {

    public TrafficImpact {
        wouldDeny = List.copyOf(wouldDeny);
        wouldAllow = List.copyOf(wouldAllow);
        errors = List.copyOf(errors);
    }
}
