package io.netfence.agent.apply;

import io.netfence.agent.kernel.IpsetState;
import io.netfence.agent.kernel.IptablesTable;
import io.netfence.agent.kernel.KernelState;
import io.netfence.engine.compile.IpFamily;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The kernel state a successful apply of a {@link DesiredDataplane} leaves: its chains, its hooks first in their
 * built-in chains, its sets with their members. The compiler writes rules and set members in the form
 * {@code iptables-save} and {@code ipset save} print them, so this stands in for a read of the kernel after an apply
 * and can be compared with a real read (the drift check).
 */
public final class ExpectedKernel {

    private ExpectedKernel() {
    }

    public static KernelState of(DesiredDataplane d) {
        Map<IpFamily, IptablesTable> tables = new EnumMap<>(IpFamily.class);
        for (IpFamily f : IpFamily.values()) {
            if (!d.family(f).isEmpty()) {
                tables.put(f, table(d.family(f)));
            }
        }
        Map<String, IpsetState.SetState> sets = new LinkedHashMap<>();
        for (DesiredSet s : d.sets()) {
            sets.put(s.name(), new IpsetState.SetState(s.name(), s.type(), s.family(), new TreeSet<>(s.entries())));
        }
        return new KernelState(tables, new IpsetState(sets));
    }

    /**
     * What the planner needs of the kernel after applying {@code d}: chains and hooks, and the names of the sets
     * (members are compared with what was applied, not with the kernel). {@code tables} reuses the tables of
     * families whose chains did not change.
     */
    public static KernelState outline(DesiredDataplane d, Map<String, IptablesTable> tablesByChainsHash) {
        Map<IpFamily, IptablesTable> tables = new EnumMap<>(IpFamily.class);
        for (IpFamily f : IpFamily.values()) {
            DesiredFamily fam = d.family(f);
            if (!fam.isEmpty()) {
                tables.put(f, tablesByChainsHash.computeIfAbsent(f + "/" + fam.chainsHash(), k -> table(fam)));
            }
        }
        Map<String, IpsetState.SetState> sets = new LinkedHashMap<>();
        for (DesiredSet s : d.sets()) {
            sets.put(s.name(), new IpsetState.SetState(s.name(), s.type(), s.family(), java.util.Set.of()));
        }
        return new KernelState(tables, new IpsetState(sets));
    }

    private static IptablesTable table(DesiredFamily fam) {
        Map<String, List<IptablesTable.Rule>> chains = new LinkedHashMap<>();
        for (DesiredChain c : fam.chains()) {
            List<IptablesTable.Rule> rules = new ArrayList<>(c.rules().size());
            c.rules().forEach(r -> rules.add(new IptablesTable.Rule(r, 0, 0)));
            chains.put(c.name(), rules);
        }
        Map<String, List<IptablesTable.Hook>> hooks = new LinkedHashMap<>();
        for (DesiredHook h : fam.hooks()) {
            List<IptablesTable.Hook> in = hooks.computeIfAbsent(h.builtinChain(), k -> new ArrayList<>());
            in.add(new IptablesTable.Hook(h.builtinChain(), in.size(), h.body()));
        }
        return new IptablesTable(chains, hooks);
    }

    /**
     * Whether a read of the kernel ({@code kernel}, without counters) shows exactly the {@code expected} netfence
     * objects: the same chains with the same rules, the hooks first in their built-in chains and nothing else of
     * netfence's there, the same sets with the same members.
     */
    public static boolean matches(KernelState kernel, KernelState expected, DesiredDataplane desired) {
        for (IpFamily f : IpFamily.values()) {
            if (!Objects.equals(kernel.table(f).ruleText(), expected.table(f).ruleText())) {
                return false;
            }
            if (!ApplyPlanner.hooksInPlace(desired.family(f), kernel.table(f))) {
                return false;
            }
        }
        Map<String, IpsetState.SetState> have = kernel.ipsets().sets();
        Map<String, IpsetState.SetState> want = expected.ipsets().sets();
        if (!have.keySet().equals(want.keySet())) {
            return false;
        }
        for (Map.Entry<String, IpsetState.SetState> e : want.entrySet()) {
            IpsetState.SetState h = have.get(e.getKey());
            if (!Objects.equals(h.type(), e.getValue().type()) || !Objects.equals(h.entries(), e.getValue().entries())) {
                return false;
            }
        }
        return true;
    }
}
