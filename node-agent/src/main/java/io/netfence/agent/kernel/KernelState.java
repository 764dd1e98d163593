package io.netfence.agent.kernel;

import io.netfence.agent.apply.Family;

import java.util.EnumMap;
import java.util.Map;

/** netfence's objects in the kernel now: its chains and hooks per family and its ipsets. */
public record KernelState(Map<Family, IptablesTable> tables, IpsetState ipsets) {

    public static final KernelState EMPTY = new KernelState(Map.of(), IpsetState.EMPTY);

    public KernelState {
        tables = Map.copyOf(tables);
    }

    public IptablesTable table(Family f) {
        return tables.getOrDefault(f, IptablesTable.EMPTY);
    }

    /** The same state without rule counters, for drift comparison. */
    public Map<Family, Map<String, java.util.List<String>>> ruleText() {
        Map<Family, Map<String, java.util.List<String>>> m = new EnumMap<>(Family.class);
        tables.forEach((f, t) -> m.put(f, t.ruleText()));
        return m;
    }
}
