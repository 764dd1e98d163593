package io.netfence.agent.apply;

import java.util.List;

/** An ipset the node needs: name, type ({@code hash:net}), family ({@code inet}/{@code inet6}), sorted entries. */
public record DesiredSet(String name, String type, String family, List<String> entries) {
    public DesiredSet {
        entries = List.copyOf(entries);
    }
}
