package io.netfence.engine.reachability;

import io.netfence.engine.model.Protocol;

import java.util.List;

/**
 * The verdict on one connection {@code source → destination:port/protocol}: allowed iff the source's egress
 * side and the destination's ingress side both allow it, with each side's explanation.
 */
public record ReachabilityVerdict(Endpoint source, Endpoint destination, int port, Protocol protocol,
                                  SideExplanation egress, SideExplanation ingress) {

    public boolean allowed() {
        return egress.allows() && ingress.allows();
    }

    /** The headline, e.g. {@code DENIED x/a → y/b TCP/80}. */
    public String headline() {
        return (allowed() ? "ALLOWED " : "DENIED ") + source.describe() + " → " + destination.describe() + " "
                + protocol.name() + "/" + port;
    }

    /** The headline, then each side's lines (a denied side lists the rules that did not match and why). */
    public List<String> lines() {
        List<String> out = new java.util.ArrayList<>();
        out.add(headline());
        egress.lines().forEach(l -> out.add("  " + l));
        ingress.lines().forEach(l -> out.add("  " + l));
        return List.copyOf(out);
    }

    /** {@link #lines()} joined with newlines. */
    public String describe() {
        return String.join("\n", lines());
    }
}
