package io.netfence.agent.apply;

import java.util.List;

/** A netfence chain and its rule bodies (as after {@code -A NAME }). */
public record DesiredChain(String name, List<String> rules) {
    public DesiredChain {
        rules = List.copyOf(rules);
    }
}
