package io.netfence.engine.compile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changes on a node between two rulesets (e.g. the one it enforces and a preview with an edited policy):
 * chains added, removed or changed (rule by rule, in order) and set members added or removed. {@link #ipsetOnly()}
 * says whether swapping set members is the whole update.
 *
 * @param nodeName the node
 * @param chains   changed chains of both families, in the order of the after-ruleset (removed ones last)
 * @param sets     changed sets, by name
 */
public record RulesetDiff(String nodeName, List<ChainChange> chains, List<SetChange> sets) {

    public enum Kind { ADDED, REMOVED, CHANGED }

    /** One line of a chain diff: {@code +}, {@code -} or unchanged context ({@code ' '}). */
    public record Line(char op, String rule) {
    }

    /** @param origin what the chain is for (see {@link NodeRuleset#origin}) */
    public record ChainChange(IpFamily family, String chain, Kind kind, String origin, List<Line> lines) {
    }

    public record SetChange(String set, IpFamily family, Kind kind, String origin, List<String> added, List<String> removed) {
    }

    public RulesetDiff {
        chains = List.copyOf(chains);
        sets = List.copyOf(sets);
    }

    public static RulesetDiff between(NodeRuleset before, NodeRuleset after) {
        List<ChainChange> chains = new ArrayList<>();
        for (IpFamily f : IpFamily.values()) {
            Map<String, ChainSpec> old = index(before.chains(f));
            Map<String, ChainSpec> now = index(after.chains(f));
            for (ChainSpec c : now.values()) {
                ChainSpec o = old.get(c.name());
                String origin = after.origin(c.name()).orElse("");
                if (o == null) {
                    chains.add(new ChainChange(f, c.name(), Kind.ADDED, origin, c.rules().stream().map(r -> new Line('+', r)).toList()));
                } else if (!o.rules().equals(c.rules())) {
                    chains.add(new ChainChange(f, c.name(), Kind.CHANGED, origin, lineDiff(o.rules(), c.rules())));
                }
            }
            for (ChainSpec o : old.values()) {
                if (!now.containsKey(o.name())) {
                    chains.add(new ChainChange(f, o.name(), Kind.REMOVED, before.origin(o.name()).orElse(""),
                            o.rules().stream().map(r -> new Line('-', r)).toList()));
                }
            }
        }
        Map<String, IpSetSpec> oldSets = new LinkedHashMap<>();
        before.ipsets().forEach(s -> oldSets.put(s.name(), s));
        Map<String, IpSetSpec> newSets = new LinkedHashMap<>();
        after.ipsets().forEach(s -> newSets.put(s.name(), s));
        TreeSet<String> names = new TreeSet<>(oldSets.keySet());
        names.addAll(newSets.keySet());
        List<SetChange> sets = new ArrayList<>();
        for (String n : names) {
            IpSetSpec o = oldSets.get(n);
            IpSetSpec a = newSets.get(n);
            String origin = (a != null ? after : before).origin(n).orElse("");
            if (o == null) {
                sets.add(new SetChange(n, a.family(), Kind.ADDED, origin, a.entries(), List.of()));
            } else if (a == null) {
                sets.add(new SetChange(n, o.family(), Kind.REMOVED, origin, List.of(), o.entries()));
            } else if (!o.entries().equals(a.entries())) {
                TreeSet<String> added = new TreeSet<>(a.entries());
                added.removeAll(o.entries());
                TreeSet<String> removed = new TreeSet<>(o.entries());
                removed.removeAll(a.entries());
                sets.add(new SetChange(n, a.family(), Kind.CHANGED, origin, List.copyOf(added), List.copyOf(removed)));
            }
        }
        return new RulesetDiff(after.nodeName(), chains, sets);
    }

    public boolean isEmpty() {
        return chains.isEmpty() && sets.isEmpty();
    }

    /** True when only members of existing sets change: an {@code ipset} swap is the complete update. */
    public boolean ipsetOnly() {
        return chains.isEmpty() && !sets.isEmpty() && sets.stream().allMatch(s -> s.kind() == Kind.CHANGED);
    }

    /** A readable, deterministic summary: {@code +}/{@code -} rules per chain and members per set. */
    public String render() {
        StringBuilder sb = new StringBuilder("node ").append(nodeName).append(": ");
        if (isEmpty()) {
            return sb.append("no change\n").toString();
        }
        sb.append(chains.size()).append(" chain(s), ").append(sets.size()).append(" set(s) change")
                .append(ipsetOnly() ? " (set members only: ipset swap, no iptables change)" : "").append('\n');
        for (ChainChange c : chains) {
            sb.append(symbol(c.kind())).append(" chain ").append(c.chain()).append(family(c.family()));
            appendOrigin(sb, c.origin());
            for (Line l : c.lines()) {
                if (l.op() != ' ') {
                    sb.append("    ").append(l.op()).append(' ').append(l.rule()).append('\n');
                }
            }
        }
        for (SetChange s : sets) {
            sb.append(symbol(s.kind())).append(" set ").append(s.set()).append(family(s.family()));
            appendOrigin(sb, s.origin());
            s.added().forEach(e -> sb.append("    + ").append(e).append('\n'));
            s.removed().forEach(e -> sb.append("    - ").append(e).append('\n'));
        }
        return sb.toString();
    }

    private static void appendOrigin(StringBuilder sb, String origin) {
        if (!origin.isEmpty()) {
            sb.append(" (").append(origin).append(')');
        }
        sb.append('\n');
    }

    private static String family(IpFamily f) {
        return f == IpFamily.IPV6 ? " [IPv6]" : "";
    }

    private static char symbol(Kind k) {
        return switch (k) {
            case ADDED -> '+';
            case REMOVED -> '-';
            case CHANGED -> '~';
        };
    }

    private static Map<String, ChainSpec> index(List<ChainSpec> chains) {
        Map<String, ChainSpec> m = new LinkedHashMap<>();
        chains.forEach(c -> m.put(c.name(), c));
        return m;
    }

    /** An ordered line diff (longest common subsequence): rules keep their order inside a chain. */
    static List<Line> lineDiff(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Line> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (a.get(i).equals(b.get(j))) {
                out.add(new Line(' ', a.get(i)));
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add(new Line('-', a.get(i++)));
            } else {
                out.add(new Line('+', b.get(j++)));
            }
        }
        while (i < n) {
            out.add(new Line('-', a.get(i++)));
        }
        while (j < m) {
            out.add(new Line('+', b.get(j++)));
        }
        return out;
    }
}
