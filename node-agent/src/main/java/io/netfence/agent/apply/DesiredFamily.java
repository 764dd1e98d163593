package io.netfence.agent.apply;

import java.util.List;

/**
 * The iptables part of a ruleset for one family. {@code chainsHash} covers chains and hooks: equal hashes
 * mean only ipset members can differ.
 */
public record DesiredFamily(List<DesiredChain> chains, List<DesiredHook> hooks, String chainsHash) {

    public static final DesiredFamily NONE = new DesiredFamily(List.of(), List.of(), "");

    public DesiredFamily {
        chains = List.copyOf(chains);
        hooks = List.copyOf(hooks);
    }

    public boolean isEmpty() {
        return chains.isEmpty() && hooks.isEmpty();
    }
}
