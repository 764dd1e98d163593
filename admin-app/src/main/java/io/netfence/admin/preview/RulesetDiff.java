package io.netfence.admin.preview;

import io.netfence.engine.compile.ChainSpec;
import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.compile.IpSetSpec;
import io.netfence.engine.compile.NodeRuleset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changes on one node between two rulesets: chains and their rules, sets and their members, and a legend: what
 * every chain and set named in the change holds (the compiler records an origin for each), so a reader of
 * {@code --match-set nfs-3f2a… src} knows it means "peer: pods app=api in backend".
 */
public record RulesetDiff(List<ChainChange> chains, List<SetChange> sets, Map<String, String> legend) {

    public enum Change { ADDED, REMOVED, CHANGED }

    /** A chain whose rules differ; {@code reordered} when the same rules come in another order. */
    public record ChainChange(String family, String chain, Change change, List<String> addedRules, List<String> removedRules,
                              boolean reordered) {
    }

    public record SetChange(String set, String type, Change change, List<String> addedMembers, List<String> removedMembers) {
    }

    public boolean empty() {
        return chains.isEmpty() && sets.isEmpty();
    }

    public static RulesetDiff between(NodeRuleset before, NodeRuleset after) {
        List<ChainChange> chains = new ArrayList<>();
        for (IpFamily family : IpFamily.values()) {
            Map<String, List<String>> old = chains(before, family);
            Map<String, List<String>> now = chains(after, family);
            String fam = family == IpFamily.IPV4 ? "IPv4" : "IPv6";
            for (var e : now.entrySet()) {
                List<String> was = old.get(e.getKey());
                if (was == null) {
                    chains.add(new ChainChange(fam, e.getKey(), Change.ADDED, e.getValue(), List.of(), false));
                } else if (!was.equals(e.getValue())) {
                    List<String> added = minus(e.getValue(), was);
                    List<String> removed = minus(was, e.getValue());
                    chains.add(new ChainChange(fam, e.getKey(), Change.CHANGED, added, removed, added.isEmpty() && removed.isEmpty()));
                }
            }
            for (var e : old.entrySet()) {
                if (!now.containsKey(e.getKey())) {
                    chains.add(new ChainChange(fam, e.getKey(), Change.REMOVED, List.of(), e.getValue(), false));
                }
            }
        }
        Map<String, IpSetSpec> oldSets = sets(before);
        Map<String, IpSetSpec> newSets = sets(after);
        List<SetChange> sets = new ArrayList<>();
        for (IpSetSpec s : newSets.values()) {
            IpSetSpec was = oldSets.get(s.name());
            if (was == null) {
                sets.add(new SetChange(s.name(), s.type(), Change.ADDED, s.entries(), List.of()));
            } else if (!was.entries().equals(s.entries()) || !was.type().equals(s.type())) {
                sets.add(new SetChange(s.name(), s.type(), Change.CHANGED, minus(s.entries(), was.entries()), minus(was.entries(), s.entries())));
            }
        }
        for (IpSetSpec s : oldSets.values()) {
            if (!newSets.containsKey(s.name())) {
                sets.add(new SetChange(s.name(), s.type(), Change.REMOVED, List.of(), s.entries()));
            }
        }
        return new RulesetDiff(chains, sets, legend(before, after, chains, sets));
    }

    /** Every chain or set name the changes mention (as the changed object or inside a changed rule), with its origin. */
    private static Map<String, String> legend(NodeRuleset before, NodeRuleset after, List<ChainChange> chains, List<SetChange> sets) {
        Map<String, String> legend = new java.util.TreeMap<>();
        java.util.function.Consumer<String> name = token -> after.origin(token).or(() -> before.origin(token))
                .ifPresent(origin -> legend.put(token, origin));
        for (ChainChange c : chains) {
            name.accept(c.chain());
            for (List<String> rules : List.of(c.addedRules(), c.removedRules())) {
                rules.forEach(rule -> java.util.Arrays.stream(rule.split("\\s+")).forEach(name));
            }
        }
        sets.forEach(s -> name.accept(s.set()));
        return legend;
    }

    private static Map<String, List<String>> chains(NodeRuleset r, IpFamily family) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (ChainSpec c : r.chains(family)) {
            m.put(c.name(), c.rules());
        }
        return m;
    }

    private static Map<String, IpSetSpec> sets(NodeRuleset r) {
        Map<String, IpSetSpec> m = new LinkedHashMap<>();
        r.ipsets().forEach(s -> m.put(s.name(), s));
        return m;
    }

    /** Multiset difference, keeping the order of {@code a}. */
    private static List<String> minus(List<String> a, List<String> b) {
        Map<String, Integer> count = new HashMap<>();
        b.forEach(x -> count.merge(x, 1, Integer::sum));
        List<String> out = new ArrayList<>();
        for (String x : a) {
            Integer c = count.get(x);
            if (c == null || c == 0) {
                out.add(x);
            } else {
                count.put(x, c - 1);
            }
        }
        return out;
    }
}
