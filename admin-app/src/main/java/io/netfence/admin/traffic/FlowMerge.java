package io.netfence.admin.traffic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One flow per connection out of the agents' reports. A connection between pods of two nodes is seen by both agents:
 * the source's agent logs it when its egress allows it, the destination's when its ingress allows or denies it. Both
 * count the same connections, so they are merged, not added: denied wins (the packet was dropped somewhere), the
 * count is the larger one, first/last seen the earliest/latest, pod identity from whichever report knew the pod.
 */
final class FlowMerge {

    private FlowMerge() {
    }

    static List<ObservedFlow> merge(Collection<ObservedFlow> reports) {
        Map<String, ObservedFlow> byConnection = new LinkedHashMap<>();
        for (ObservedFlow f : reports) {
            // a would-deny report is the staged policy's, not the connection's verdict: kept apart, one per staged chain
            String key = f.wouldDeny() ? f.connectionKey() + "\u0000" + f.verdict() + "\u0000" + f.chainOrigin() : f.connectionKey();
            byConnection.merge(key, f, FlowMerge::combine);
        }
        return new ArrayList<>(byConnection.values());
    }

    private static ObservedFlow combine(ObservedFlow a, ObservedFlow b) {
        String verdict = a.denied() || b.denied() ? ObservedFlow.DENIED : ObservedFlow.ALLOWED;
        // the denied report counts the connections that were denied; an allowing report of the same pair is the other end
        long count = a.denied() != b.denied() ? (a.denied() ? a.count() : b.count()) : Math.max(a.count(), b.count());
        TreeSet<String> nodes = new TreeSet<>(a.nodes());
        nodes.addAll(b.nodes());
        return new ObservedFlow(known(a.source(), b.source()), known(a.destination(), b.destination()), a.port(), a.protocol(),
                a.wouldDeny() ? a.verdict() : verdict, count, a.firstSeen().isBefore(b.firstSeen()) ? a.firstSeen() : b.firstSeen(),
                a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen(), List.copyOf(nodes), a.chainOrigin());
    }

    private static FlowEndpoint known(FlowEndpoint a, FlowEndpoint b) {
        return a.isPod() ? a : b;
    }
}
