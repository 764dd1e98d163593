package io.netfence.engine.reachability;

import io.netfence.engine.model.Direction;

/**
 * The policy rule (and the peer and port entry inside it) that allowed one side of a connection.
 *
 * @param policy    {@code namespace/name} of the policy
 * @param direction the rule list it belongs to
 * @param ruleIndex index in {@code spec.ingress} / {@code spec.egress}
 * @param peerIndex index in the rule's {@code from} / {@code to}, or -1 when the rule has no peers (all peers)
 * @param peer      human-readable peer, e.g. {@code pods pod=a in namespaces ns=x}
 * @param portIndex index in the rule's {@code ports}, or -1 when the rule has no ports (all ports)
 * @param port      human-readable port, e.g. {@code TCP/80} or {@code TCP/serve-80-tcp (= 80 on x/a)}
 */
public record RuleMatch(String policy, Direction direction, int ruleIndex, int peerIndex, String peer,
                        int portIndex, String port) {

    /** The API field path of the rule, e.g. {@code spec.ingress[0]}. */
    public String rulePath() {
        return "spec." + (direction == Direction.INGRESS ? "ingress" : "egress") + "[" + ruleIndex + "]";
    }

    /** e.g. {@code x/allow-a spec.ingress[0].from[1] (pods pod=a in the policy's namespace), ports[0] (TCP/80)}. */
    public String describe() {
        String peerField = direction == Direction.INGRESS ? "from" : "to";
        String peerText = peerIndex < 0 ? " (no " + peerField + ": all peers)" : "." + peerField + "[" + peerIndex + "] (" + peer + ")";
        String portText = portIndex < 0 ? ", no ports: all ports" : ", ports[" + portIndex + "] (" + port + ")";
        return policy + " " + rulePath() + peerText + portText;
    }
}
