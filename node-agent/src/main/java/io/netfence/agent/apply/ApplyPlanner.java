package io.netfence.agent.apply;

import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.compile.SetMemberChanges;
import io.netfence.agent.kernel.IptablesTable;
import io.netfence.agent.kernel.KernelState;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides the smallest safe change from what is applied to what is desired and writes its scripts.
 * <ul>
 * <li>Chains unchanged (same chains hash in every family) and no repair: only sets whose members changed are
 *     refilled — no iptables-restore at all.</li>
 * <li>Otherwise: new/changed sets first, then per family one {@code iptables-restore --noflush} that redeclares
 *     (flushes and refills) the netfence chains that are new or changed since the last apply — every chain after a
 *     failure, on the first sync and for a repair — and fixes the hooks in the same transaction, then stale chains
 *     and sets are removed. Chains of other software are never named, so they survive. An unchanged chain is not
 *     touched: at 500 chains a new policy restores its own chain and the pods' it selects, not all 500.</li>
 * </ul>
 */
public final class ApplyPlanner {

    /** As the compiler's rendered scripts create sets, so both can be applied over each other ({@code create -exist}). */
    private static final String SET_SIZING = " hashsize 1024 maxelem 1048576";

    /** As {@link #plan(DesiredDataplane, DesiredDataplane, KernelState, boolean, SetMemberChanges)}, comparing set members. */
    public ApplyPlan plan(DesiredDataplane desired, DesiredDataplane applied, KernelState kernel, boolean repair) {
        return plan(desired, applied, kernel, repair, null);
    }

    /**
     * @param applied  what the last successful sync applied (null after start or a failure)
     * @param kernel   the kernel's netfence objects now
     * @param repair   rewrite every set and chain even if they look unchanged (drift repair, retry, first sync)
     * @param changes  the compiler's member changes of its sets, used only when they lead from the ruleset {@code applied}
     *                 was built from to {@code desired}'s: a set they know is not compared member by member (at 10,000
     *                 pods a peer set a new pod joins has thousands); other sets, and all of them without it, are
     *                 compared (both ways give the same plan)
     */
    public ApplyPlan plan(DesiredDataplane desired, DesiredDataplane applied, KernelState kernel, boolean repair,
                          SetMemberChanges changes) {
        boolean chainsSame = applied != null && !repair && desired.sameChainsAs(applied)
                && hooksInPlace(desired, kernel) && chainsPresent(desired, kernel) && noStaleChains(desired, kernel);
        SetsPlan sets = planSets(desired, applied, kernel, repair, changes);
        if (chainsSame) {
            return sets.alone();
        }
        Map<IpFamily, String> iptables = new EnumMap<>(IpFamily.class);
        Map<IpFamily, String> cleanup = new EnumMap<>(IpFamily.class);
        for (IpFamily f : IpFamily.values()) {
            DesiredFamily want = desired.family(f);
            IptablesTable have = kernel.table(f);
            if (want.isEmpty() && have.chains().isEmpty() && have.hooks().isEmpty()) {
                continue;
            }
            DesiredFamily previous = applied == null || repair ? null : applied.family(f);
            String script = iptablesScript(want, have, previous);
            if (script != null) {
                iptables.put(f, script);
            }
            String c = chainCleanupScript(want, have);
            if (c != null) {
                cleanup.put(f, c);
            }
        }
        return new ApplyPlan(SyncKind.FULL, sets.update(), iptables, cleanup, sets.cleanup(), sets.changed());
    }

    /**
     * The plan when the kernel holds exactly {@code applied}'s chains and hooks and {@code desired} has the same ones
     * (equal chains hashes): only sets can differ. For a caller that knows it (the programmer, from its trusted memory of
     * the last apply), this skips checking every chain of the kernel's view one by one.
     */
    public ApplyPlan planSetsOnly(DesiredDataplane desired, DesiredDataplane applied, KernelState kernel, SetMemberChanges changes) {
        if (!desired.sameChainsAs(applied)) {
            throw new IllegalArgumentException("the chains changed: plan(...) decides what to restore");
        }
        return planSets(desired, applied, kernel, false, changes).alone();
    }

    /** The ipset part of a plan: the update and cleanup scripts (null: none) and how many sets are refilled. */
    private record SetsPlan(String update, String cleanup, int changed) {

        ApplyPlan alone() {
            return update == null && cleanup == null ? ApplyPlan.none()
                    : new ApplyPlan(SyncKind.IPSET_ONLY, update, Map.of(), Map.of(), cleanup, changed);
        }
    }

    private SetsPlan planSets(DesiredDataplane desired, DesiredDataplane applied, KernelState kernel, boolean repair,
                              SetMemberChanges changes) {
        SetMemberChanges known = changes != null && applied != null && !repair
                && changes.leads(applied.rulesetHash(), desired.rulesetHash()) ? changes : null;
        List<DesiredSet> toFill = new ArrayList<>();
        Map<String, DesiredSet> before = new java.util.HashMap<>();
        if (applied != null) {
            applied.sets().forEach(s -> before.put(s.name(), s));
        }
        Map<String, io.netfence.agent.kernel.IpsetState.SetState> inKernel = kernel.ipsets().sets();
        Set<String> desiredSetNames = new java.util.HashSet<>();
        for (DesiredSet s : desired.sets()) {
            desiredSetNames.add(s.name());
            DesiredSet old = before.get(s.name());
            boolean unchanged = !repair && old != null && sameMembers(old, s, change(known, old, s)) && inKernel.containsKey(s.name());
            if (!unchanged) {
                toFill.add(s);
            }
        }
        List<String> staleSets = new ArrayList<>();
        List<String> leftoverTemps = new ArrayList<>();
        for (String n : inKernel.keySet()) {
            if (NetfenceNames.isTempSet(n)) {
                leftoverTemps.add(n);
            } else if (!desiredSetNames.contains(n)) {
                staleSets.add(n);
            }
        }
        String update = ipsetUpdateScript(toFill, repair ? Map.of() : before, kernel, leftoverTemps, known);
        return new SetsPlan(update, staleSets.isEmpty() ? null : destroyScript(staleSets), toFill.size());
    }

    /** The compiler's change of set {@code now} since {@code old}, when known and consistent with the two sizes; else null. */
    private static SetMemberChanges.Change change(SetMemberChanges known, DesiredSet old, DesiredSet now) {
        if (known == null) {
            return null;
        }
        SetMemberChanges.Change c = known.bySet().get(now.name());
        return c != null && old.type().equals(now.type()) && old.family().equals(now.family())
                && old.entries().size() + c.added().size() - c.removed().size() == now.entries().size() ? c : null;
    }

    private static boolean sameMembers(DesiredSet old, DesiredSet now, SetMemberChanges.Change known) {
        return known != null ? known.isEmpty() : old.equals(now);
    }

    private static boolean chainsPresent(DesiredDataplane desired, KernelState kernel) {
        for (IpFamily f : IpFamily.values()) {
            for (DesiredChain c : desired.family(f).chains()) {
                if (!kernel.table(f).chains().containsKey(c.name())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** With every desired chain present (checked before), equal counts mean the kernel has no other netfence chain. */
    private static boolean noStaleChains(DesiredDataplane desired, KernelState kernel) {
        for (IpFamily f : IpFamily.values()) {
            if (kernel.table(f).chains().size() != desired.family(f).chains().size()) {
                return false;
            }
        }
        return true;
    }

    private static boolean hooksInPlace(DesiredDataplane desired, KernelState kernel) {
        for (IpFamily f : IpFamily.values()) {
            if (!hooksInPlace(desired.family(f), kernel.table(f))) {
                return false;
            }
        }
        return true;
    }

    /** The desired hooks of each built-in chain are exactly the netfence jumps there, at its top, in order. */
    static boolean hooksInPlace(DesiredFamily want, IptablesTable have) {
        Map<String, List<String>> wanted = new java.util.LinkedHashMap<>();
        want.hooks().forEach(h -> wanted.computeIfAbsent(h.builtinChain(), c -> new ArrayList<>()).add(h.body()));
        Set<String> builtins = new LinkedHashSet<>(wanted.keySet());
        builtins.addAll(have.hooks().keySet());
        for (String chain : builtins) {
            List<String> w = wanted.getOrDefault(chain, List.of());
            List<IptablesTable.Hook> h = have.hooks().getOrDefault(chain, List.of());
            if (w.size() != h.size()) {
                return false;
            }
            for (int i = 0; i < w.size(); i++) {
                if (h.get(i).position() != i || !Objects.equals(normalize(h.get(i).body()), normalize(w.get(i)))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    private static String normalize(String body) {
        return SPACES.matcher(body.strip()).replaceAll(" ");
    }

    /**
     * New sets and sets changed beyond what {@link Delta} allows are filled as temporary sets and swapped in; a set whose
     * few members changed gets just those members added and deleted ({@code add -exist}/{@code del -exist}), so one
     * new pod costs one line, not a refill of every peer. Order: every fill and every add before the first swap or
     * delete, so a bad entry fails the script before any member goes away (a failed sync repairs with swaps next).
     */
    String ipsetUpdateScript(List<DesiredSet> toFill, Map<String, DesiredSet> previous, KernelState kernel, List<String> leftoverTemps,
                             SetMemberChanges known) {
        if (toFill.isEmpty() && leftoverTemps.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String t : leftoverTemps) {
            sb.append("destroy ").append(t).append('\n');
        }
        List<DesiredSet> swapped = new ArrayList<>();
        StringBuilder dels = new StringBuilder();
        for (DesiredSet s : toFill) {
            DesiredSet old = previous.get(s.name());
            Delta delta = old != null && kernel.ipsets().sets().containsKey(s.name()) ? Delta.of(old, s, change(known, old, s)) : null;
            if (delta != null) {
                delta.added().forEach(e -> sb.append("add -exist ").append(s.name()).append(' ').append(e).append('\n'));
                delta.removed().forEach(e -> dels.append("del -exist ").append(s.name()).append(' ').append(e).append('\n'));
                continue;
            }
            swapped.add(s);
            if (!kernel.ipsets().sets().containsKey(s.name())) {
                sb.append(create(s.name(), s)).append('\n');
            }
            String tmp = NetfenceNames.tempSet(s.name());
            sb.append(create(tmp, s)).append('\n');
            for (String e : s.entries()) {
                sb.append("add ").append(tmp).append(' ').append(e).append('\n');
            }
        }
        for (DesiredSet s : swapped) {
            sb.append("swap ").append(NetfenceNames.tempSet(s.name())).append(' ').append(s.name()).append('\n');
        }
        sb.append(dels);
        for (DesiredSet s : swapped) {
            sb.append("destroy ").append(NetfenceNames.tempSet(s.name())).append('\n');
        }
        return sb.toString();
    }

    /**
     * The members to add and delete to turn {@code old} into {@code now} in place, or null when the set must be refilled
     * and swapped: its type or family changed, a changed entry carries options (a {@code nomatch} flag is changed by a
     * refill, not by {@code add -exist}), or more than {@code max(16, size/2)} members change. From the compiler's
     * changes when it knows them, else one merge pass over the sorted entries (the compiler sorts them; unsorted or
     * repeated entries fall back to a refill): both give the same lists, so the same script.
     */
    record Delta(List<String> added, List<String> removed) {

        static Delta of(DesiredSet old, DesiredSet now, SetMemberChanges.Change known) {
            if (known == null) {
                return of(old, now);
            }
            if (!old.type().equals(now.type()) || !old.family().equals(now.family())
                    || known.added().size() + known.removed().size() > limit(now)
                    || hasOptions(known.added()) || hasOptions(known.removed())) {
                return null;
            }
            return new Delta(known.added(), known.removed());
        }

        private static long limit(DesiredSet now) {
            return Math.max(16, now.entries().size() / 2);
        }

        private static boolean hasOptions(List<String> entries) {
            for (String e : entries) {
                if (e.indexOf(' ') >= 0) {
                    return true;
                }
            }
            return false;
        }

        static Delta of(DesiredSet old, DesiredSet now) {
            if (!old.type().equals(now.type()) || !old.family().equals(now.family())) {
                return null;
            }
            List<String> a = old.entries();
            List<String> b = now.entries();
            long limit = limit(now);
            List<String> added = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            // the common head and tail need no ordering, only equality (mostly the same String objects)
            int head = 0;
            while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
                head++;
            }
            int tailA = a.size();
            int tailB = b.size();
            while (tailA > head && tailB > head && a.get(tailA - 1).equals(b.get(tailB - 1))) {
                tailA--;
                tailB--;
            }
            int i = head;
            int j = head;
            String prev = head > 0 ? a.get(head - 1) : null;
            while (i < tailA || j < tailB) {
                String x = i < tailA ? a.get(i) : null;
                String y = j < tailB ? b.get(j) : null;
                int c = x == null ? 1 : y == null ? -1 : x.compareTo(y);
                String next = c <= 0 ? x : y;
                if (prev != null && prev.compareTo(next) >= 0) {
                    return null;
                }
                if (c == 0) {
                    i++;
                    j++;
                } else if (c < 0) {
                    removed.add(x);
                    i++;
                } else {
                    added.add(y);
                    j++;
                }
                prev = next;
                if (added.size() + removed.size() > limit) {
                    return null;
                }
            }
            return hasOptions(added) || hasOptions(removed) ? null : new Delta(added, removed);
        }
    }

    private static String create(String name, DesiredSet s) {
        return "create " + name + " " + s.type() + " family " + s.family() + SET_SIZING;
    }

    private static String destroyScript(List<String> sets) {
        StringBuilder sb = new StringBuilder();
        for (String s : sets) {
            sb.append("flush ").append(s).append('\n');
        }
        for (String s : sets) {
            sb.append("destroy ").append(s).append('\n');
        }
        return sb.toString();
    }

    /** Every desired chain redeclared (first sync, repair). */
    static String iptablesScript(DesiredFamily want, IptablesTable have) {
        return iptablesScript(want, have, null);
    }

    /**
     * One transaction: declare (create or flush) each desired chain that is new or changed since {@code previous}
     * (all of them without it, or when the kernel lacks it), refill it, and put the hooks first in their built-in
     * chains. Declaring a chain in {@code --noflush} mode flushes only that chain. Null when there is nothing to do.
     */
    static String iptablesScript(DesiredFamily want, IptablesTable have, DesiredFamily previous) {
        Map<String, List<String>> before = new java.util.HashMap<>();
        if (previous != null) {
            previous.chains().forEach(c -> before.put(c.name(), c.rules()));
        }
        List<DesiredChain> toRestore = want.chains().stream()
                .filter(c -> previous == null || !c.rules().equals(before.get(c.name())) || !have.chains().containsKey(c.name()))
                .toList();
        boolean hooksOk = hooksInPlace(want, have);
        if (toRestore.isEmpty() && hooksOk) {
            return null;
        }
        StringBuilder sb = new StringBuilder("*filter\n");
        for (DesiredChain c : toRestore) {
            sb.append(':').append(c.name()).append(" - [0:0]\n");
        }
        for (DesiredChain c : toRestore) {
            for (String r : c.rules()) {
                sb.append("-A ").append(c.name()).append(' ').append(r).append('\n');
            }
        }
        if (!hooksOk) {
            for (List<IptablesTable.Hook> hooks : have.hooks().values()) {
                for (IptablesTable.Hook h : hooks) {
                    sb.append("-D ").append(h.builtinChain()).append(' ').append(h.body()).append('\n');
                }
            }
            Map<String, List<String>> byChain = new java.util.LinkedHashMap<>();
            want.hooks().forEach(h -> byChain.computeIfAbsent(h.builtinChain(), k -> new ArrayList<>()).add(h.body()));
            byChain.forEach((chain, bodies) -> {
                for (int i = 0; i < bodies.size(); i++) {
                    sb.append("-I ").append(chain).append(' ').append(i + 1).append(' ').append(bodies.get(i)).append('\n');
                }
            });
        }
        sb.append("COMMIT\n");
        return sb.toString();
    }

    /** Flush then delete chains the kernel has but the ruleset no longer wants (after the new rules are in). */
    static String chainCleanupScript(DesiredFamily want, IptablesTable have) {
        Set<String> wanted = new LinkedHashSet<>();
        want.chains().forEach(c -> wanted.add(c.name()));
        List<String> stale = have.chains().keySet().stream().filter(c -> !wanted.contains(c)).toList();
        if (stale.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder("*filter\n");
        stale.forEach(c -> sb.append("-F ").append(c).append('\n'));
        stale.forEach(c -> sb.append("-X ").append(c).append('\n'));
        sb.append("COMMIT\n");
        return sb.toString();
    }
}
