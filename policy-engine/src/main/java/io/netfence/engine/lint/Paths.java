package io.netfence.engine.lint;

import io.netfence.engine.model.Direction;

/** Field paths of the NetworkPolicy a {@link io.netfence.engine.model.Policy} came from (order is preserved). */
final class Paths {

    private Paths() {
    }

    static String rules(Direction d) {
        return d == Direction.INGRESS ? "spec.ingress" : "spec.egress";
    }

    static String rule(Direction d, int i) {
        return rules(d) + "[" + i + "]";
    }

    static String peers(Direction d, int rule) {
        return rule(d, rule) + (d == Direction.INGRESS ? ".from" : ".to");
    }

    static String peer(Direction d, int rule, int peer) {
        return peers(d, rule) + "[" + peer + "]";
    }

    static String port(Direction d, int rule, int port) {
        return rule(d, rule) + ".ports[" + port + "]";
    }
}
