package io.netfence.engine.truthtable;

import io.netfence.engine.model.Protocol;

/** One probe of a truth-table case: every model pod connects to every model pod on {@code port/protocol}. */
public record Probe(int port, Protocol protocol, PodMatrix expected) {

    /** Parses {@code TCP/80}. */
    static Probe parse(String spec, PodMatrix expected) {
        String[] parts = spec.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("probe \"" + spec + "\": write PROTOCOL/PORT, e.g. TCP/80");
        }
        Protocol proto = Protocol.parse(parts[0]).orElseThrow(() -> new IllegalArgumentException("probe \"" + spec + "\": unknown protocol"));
        return new Probe(Integer.parseInt(parts[1]), proto, expected);
    }

    /** {@code TCP/80}. */
    public String name() {
        return protocol.name() + "/" + port;
    }
}
