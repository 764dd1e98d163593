package io.netfence.agent.kernel;

import io.netfence.engine.compile.IpFamily;

import java.util.EnumMap;
import java.util.Map;

/** netfence's objects in the kernel now: its chains and hooks per family and its ipsets. */
public record KernelState(Map<IpFamily, IptablesTable> tables, IpsetState ipsets) {

    public static final KernelState EMPTY = new KernelState(Map.of(), IpsetState.EMPTY);

    public KernelState {
        tables = Map.copyOf(tables);
    }

    public IptablesTable table(IpFamily f) {
        return tables.getOrDefault(f, IptablesTable.EMPTY);
    }

    /** The same state without rule counters, for drift comparison. */
    public Map<IpFamily, Map<String, java.util.List<String>>> ruleText() {
        Map<IpFamily, Map<String, java.util.List<String>>> m = new EnumMap<>(IpFamily.class);
        tables.forEach((f, t) -> m.put(f, t.ruleText()));
        return m;
    }
}
