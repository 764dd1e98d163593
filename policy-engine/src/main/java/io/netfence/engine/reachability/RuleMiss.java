package io.netfence.engine.reachability;

import io.netfence.engine.model.Direction;

/**
 * A rule of an isolating policy that did not allow the connection, and what it lacked: the peer, the port, or
 * both. Shown under a denied side so that a reader sees which rule came close.
 *
 * @param policy      {@code namespace/name}
 * @param direction   the rule list it belongs to
 * @param ruleIndex   index in {@code spec.ingress} / {@code spec.egress}
 * @param peerMatched whether the other endpoint is among the rule's peers (always true for a rule without peers)
 * @param portMatched whether the port is among the rule's ports (always true for a rule without ports)
 * @param peers       the rule's peers as text, e.g. {@code pods app=web in the policy's namespace; ipBlock 10.0.0.0/8}
 * @param ports       the rule's ports as text; a named port says what it resolves to on the destination
 */
public record RuleMiss(String policy, Direction direction, int ruleIndex, boolean peerMatched, boolean portMatched,
                       String peers, String ports) {

    /** e.g. {@code x/allow-80 spec.ingress[0] matches the peer but not the port (ports: TCP/80)}. */
    public String describe() {
        String rule = policy + " spec." + (direction == Direction.INGRESS ? "ingress" : "egress") + "[" + ruleIndex + "]";
        String peerField = direction == Direction.INGRESS ? "from" : "to";
        if (peerMatched) {
            return rule + " matches the peer but not the port (ports: " + ports + ")";
        }
        if (portMatched) {
            return rule + " covers the port but not the peer (" + peerField + ": " + peers + ")";
        }
        return rule + " matches neither the peer (" + peerField + ": " + peers + ") nor the port (ports: " + ports + ")";
    }
}
