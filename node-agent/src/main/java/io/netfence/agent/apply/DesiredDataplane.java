package io.netfence.agent.apply;

import io.netfence.engine.compile.IpFamily;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the agent must have in the kernel for its node: the compiled ruleset (plus the agent's own
 * guard, when enabled), in the shape the applier works with.
 *
 * @param rulesetHash the compiled ruleset's hash as reported in the status (the console computes the same)
 */
public record DesiredDataplane(String rulesetHash, List<DesiredSet> sets, Map<IpFamily, DesiredFamily> families) {

    public DesiredDataplane {
        sets = List.copyOf(sets);
        Map<IpFamily, DesiredFamily> f = new EnumMap<>(IpFamily.class);
        for (IpFamily fam : IpFamily.values()) {
            f.put(fam, families.getOrDefault(fam, DesiredFamily.NONE));
        }
        families = java.util.Collections.unmodifiableMap(f);
    }

    /**
     * Cheapest first: the ruleset hash tells most dataplanes apart at once (a record's generated equals would compare
     * every chain and then every set member before it).
     */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof DesiredDataplane d && rulesetHash.equals(d.rulesetHash) && families.equals(d.families)
                && sets.equals(d.sets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rulesetHash, sets, families);
    }

    public DesiredFamily family(IpFamily f) {
        return families.get(f);
    }

    /** True when {@code other} has the same chains and hooks in every family, so only set members may differ. */
    public boolean sameChainsAs(DesiredDataplane other) {
        for (IpFamily f : IpFamily.values()) {
            if (!Objects.equals(family(f).chainsHash(), other.family(f).chainsHash())) {
                return false;
            }
        }
        return true;
    }

    /** The same without one family's chains, hooks and sets (a node where that family cannot be programmed). */
    public DesiredDataplane without(IpFamily f) {
        Map<IpFamily, DesiredFamily> fams = new EnumMap<>(families);
        fams.put(f, DesiredFamily.NONE);
        return new DesiredDataplane(rulesetHash, sets.stream().filter(s -> !s.family().equals(f.ipsetFamily())).toList(), fams);
    }

    public java.util.Optional<DesiredSet> set(String name) {
        return sets.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
