package io.netfence.agent.apply;

import io.netfence.agent.kernel.IpsetState;
import io.netfence.agent.kernel.IptablesTable;
import io.netfence.agent.kernel.KernelState;
import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.compile.SetMemberChanges;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApplyPlannerTest {

    private final ApplyPlanner planner = new ApplyPlanner();

    private static DesiredDataplane dataplane(String chainsHash, List<String> forwardRules, DesiredSet... sets) {
        DesiredFamily v4 = new DesiredFamily(List.of(new DesiredChain("NETFENCE-FORWARD", forwardRules)),
                List.of(new DesiredHook("FORWARD", "-j NETFENCE-FORWARD")), chainsHash);
        return new DesiredDataplane("h-" + chainsHash + sets.length, List.of(sets), Map.of(IpFamily.IPV4, v4));
    }

    private static KernelState kernelWith(DesiredDataplane d, String... extraSets) {
        Map<String, List<IptablesTable.Rule>> chains = new java.util.LinkedHashMap<>();
        for (DesiredChain c : d.family(IpFamily.IPV4).chains()) {
            chains.put(c.name(), c.rules().stream().map(r -> new IptablesTable.Rule(r, 0, 0)).toList());
        }
        IptablesTable t = new IptablesTable(chains, Map.of("FORWARD", List.of(new IptablesTable.Hook("FORWARD", 0, "-j NETFENCE-FORWARD"))));
        Map<String, IpsetState.SetState> sets = new java.util.LinkedHashMap<>();
        for (DesiredSet s : d.sets()) {
            sets.put(s.name(), new IpsetState.SetState(s.name(), s.type(), s.family(), Set.copyOf(s.entries())));
        }
        for (String e : extraSets) {
            sets.put(e, new IpsetState.SetState(e, "hash:ip", "inet", Set.of()));
        }
        return new KernelState(Map.of(IpFamily.IPV4, t), new IpsetState(sets));
    }

    @Test
    void aFewChangedSetMembersGiveAnIpsetOnlyPlanThatAddsAndDeletesJustThoseMembers() {
        DesiredSet a = new DesiredSet("nfA", "hash:ip", "inet", List.of("10.0.0.1"));
        DesiredSet b = new DesiredSet("nfB", "hash:ip", "inet", List.of("10.0.0.2", "10.0.0.4"));
        DesiredDataplane applied = dataplane("c1", List.of("-j RETURN"), a, b);
        DesiredSet b2 = new DesiredSet("nfB", "hash:ip", "inet", List.of("10.0.0.2", "10.0.0.3"));
        DesiredDataplane desired = dataplane("c1", List.of("-j RETURN"), a, b2);

        ApplyPlan plan = planner.plan(desired, applied, kernelWith(applied), false);

        assertThat(plan.kind()).isEqualTo(SyncKind.IPSET_ONLY);
        assertThat(plan.iptables()).isEmpty();
        assertThat(plan.changedSets()).isEqualTo(1);
        assertThat(plan.ipsetUpdate()).isEqualTo("add -exist nfB 10.0.0.3\ndel -exist nfB 10.0.0.4\n");
    }

    @Test
    void theCompilersMemberChangesAreUsedOnlyWhenTheyLeadFromTheAppliedRulesetToTheDesiredOne() {
        DesiredSet a = new DesiredSet("nfA", "hash:ip", "inet", List.of("10.0.0.1"));
        DesiredSet b = new DesiredSet("nfB", "hash:ip", "inet", List.of("10.0.0.2", "10.0.0.4"));
        DesiredDataplane applied = dataplane("c1", List.of("-j RETURN"), a, b);
        DesiredSet b2 = new DesiredSet("nfB", "hash:ip", "inet", List.of("10.0.0.2", "10.0.0.3"));
        DesiredDataplane desired = new DesiredDataplane("h2", List.of(a, b2), applied.families());
        // deliberately not the members' difference, to see which source the plan used (consistent in size)
        SetMemberChanges told = new SetMemberChanges(applied.rulesetHash(), "h2", Map.of(
                "nfA", SetMemberChanges.Change.NONE,
                "nfB", new SetMemberChanges.Change(List.of("10.0.0.9"), List.of("10.0.0.8"))));

        assertThat(planner.plan(desired, applied, kernelWith(applied), false, told).ipsetUpdate())
                .isEqualTo("add -exist nfB 10.0.0.9\ndel -exist nfB 10.0.0.8\n");
        String compared = "add -exist nfB 10.0.0.3\ndel -exist nfB 10.0.0.4\n";
        SetMemberChanges fromElsewhere = new SetMemberChanges("h0", "h2", told.bySet());
        assertThat(planner.plan(desired, applied, kernelWith(applied), false, fromElsewhere).ipsetUpdate())
                .as("changes from another ruleset than the applied one").isEqualTo(compared);
        SetMemberChanges wrongSize = new SetMemberChanges(applied.rulesetHash(), "h2", Map.of(
                "nfB", new SetMemberChanges.Change(List.of("10.0.0.3"), List.of())));
        assertThat(planner.plan(desired, applied, kernelWith(applied), false, wrongSize).ipsetUpdate())
                .as("changes that do not fit the sizes").isEqualTo(compared);
        SetMemberChanges unknown = new SetMemberChanges(applied.rulesetHash(), "h2", Map.of());
        assertThat(planner.plan(desired, applied, kernelWith(applied), false, unknown).ipsetUpdate()).isEqualTo(compared);
        assertThat(planner.plan(desired, applied, kernelWith(applied), true, told).ipsetUpdate())
                .as("a repair refills every set").contains("swap ").doesNotContain("10.0.0.9");
    }

    @Test
    void knownChangesWithOptionsOrTooManyMembersRefillTheSetAsTheComparisonWould() {
        List<String> many = new java.util.ArrayList<>();
        for (int i = 10; i < 40; i++) {
            many.add("10.0.1." + i);
        }
        DesiredSet a = new DesiredSet("nfA", "hash:net", "inet", List.of("10.0.0.0/8", "10.1.0.0/16 nomatch"));
        DesiredSet b = new DesiredSet("nfB", "hash:ip", "inet", List.of("10.0.0.2"));
        DesiredDataplane applied = dataplane("c1", List.of("-j RETURN"), a, b);
        DesiredSet a2 = new DesiredSet("nfA", "hash:net", "inet", List.of("10.0.0.0/8", "10.2.0.0/16 nomatch"));
        List<String> b2Entries = new java.util.ArrayList<>(List.of("10.0.0.2"));
        b2Entries.addAll(many);
        DesiredSet b2 = new DesiredSet("nfB", "hash:ip", "inet", b2Entries.stream().sorted().toList());
        DesiredDataplane desired = new DesiredDataplane("h2", List.of(a2, b2), applied.families());
        SetMemberChanges told = new SetMemberChanges(applied.rulesetHash(), "h2", Map.of(
                "nfA", new SetMemberChanges.Change(List.of("10.2.0.0/16 nomatch"), List.of("10.1.0.0/16 nomatch")),
                "nfB", new SetMemberChanges.Change(many.stream().sorted().toList(), List.of())));

        ApplyPlan withChanges = planner.plan(desired, applied, kernelWith(applied), false, told);

        assertThat(withChanges).isEqualTo(planner.plan(desired, applied, kernelWith(applied), false));
        assertThat(withChanges.ipsetUpdate()).contains("swap " + NetfenceNames.tempSet("nfA") + " nfA\n",
                "swap " + NetfenceNames.tempSet("nfB") + " nfB\n").doesNotContain("-exist");
    }

    @Test
    void anUnchangedEntryWithOptionsDoesNotStopAnInPlaceUpdateOfOtherMembers() {
        DesiredSet a = new DesiredSet("nfA", "hash:net", "inet", List.of("10.0.0.0/8", "10.1.0.0/16 nomatch", "10.3.0.0/16"));
        DesiredSet a2 = new DesiredSet("nfA", "hash:net", "inet", List.of("10.0.0.0/8", "10.1.0.0/16 nomatch", "10.4.0.0/16"));
        DesiredSet a3 = new DesiredSet("nfA", "hash:net", "inet", List.of("10.0.0.0/9", "10.1.0.0/16 nomatch", "10.4.0.0/16"));

        assertThat(ApplyPlanner.Delta.of(a, a2)).isEqualTo(new ApplyPlanner.Delta(List.of("10.4.0.0/16"), List.of("10.3.0.0/16")));
        assertThat(ApplyPlanner.Delta.of(a, a3)).as("the nomatch entry lies between the changes, unchanged")
                .isEqualTo(new ApplyPlanner.Delta(List.of("10.0.0.0/9", "10.4.0.0/16"), List.of("10.0.0.0/8", "10.3.0.0/16")));
    }

    @Test
    void theDeltaOfTwoSortedMemberListsOrNoneWhenTheyAreNotSortedOrChangeTooMuch() {
        DesiredSet old = new DesiredSet("nfA", "hash:ip", "inet", List.of("10.0.0.1", "10.0.0.2", "10.0.0.4"));
        DesiredSet now = new DesiredSet("nfA", "hash:ip", "inet", List.of("10.0.0.0", "10.0.0.2", "10.0.0.3", "10.0.0.5"));

        ApplyPlanner.Delta d = ApplyPlanner.Delta.of(old, now);

        assertThat(d.added()).containsExactly("10.0.0.0", "10.0.0.3", "10.0.0.5");
        assertThat(d.removed()).containsExactly("10.0.0.1", "10.0.0.4");
        assertThat(ApplyPlanner.Delta.of(old, new DesiredSet("nfA", "hash:ip", "inet", List.of("10.0.0.3", "10.0.0.2")))).isNull();
        assertThat(ApplyPlanner.Delta.of(old, new DesiredSet("nfA", "hash:ip", "inet", List.of("10.0.0.2", "10.0.0.2")))).isNull();
        assertThat(ApplyPlanner.Delta.of(old, new DesiredSet("nfA", "hash:net", "inet", old.entries()))).isNull();
    }

    @Test
    void aSetThatChangedALotOrCarriesOptionsIsRefilledAndSwappedAfterAllFills() {
        List<String> many = new java.util.ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            many.add("10.0.1." + i);
        }
        DesiredSet a = new DesiredSet("nfA", "hash:net", "inet", List.of("10.0.0.0/8", "10.1.0.0/16 nomatch"));
        DesiredSet b = new DesiredSet("nfB", "hash:ip", "inet", List.of("10.0.0.2"));
        DesiredDataplane applied = dataplane("c1", List.of("-j RETURN"), a, b);
        DesiredSet a2 = new DesiredSet("nfA", "hash:net", "inet", List.of("10.0.0.0/8", "10.2.0.0/16 nomatch"));
        DesiredSet b2 = new DesiredSet("nfB", "hash:ip", "inet", many);
        DesiredDataplane desired = dataplane("c1", List.of("-j RETURN"), a2, b2);

        ApplyPlan plan = planner.plan(desired, applied, kernelWith(applied), false);

        String tmpA = NetfenceNames.tempSet("nfA");
        String tmpB = NetfenceNames.tempSet("nfB");
        assertThat(plan.changedSets()).isEqualTo(2);
        assertThat(plan.ipsetUpdate()).contains("add " + tmpA + " 10.2.0.0/16 nomatch\n", "add " + tmpB + " 10.0.1.40\n",
                "swap " + tmpA + " nfA\n", "swap " + tmpB + " nfB\n", "destroy " + tmpB + "\n").doesNotContain("-exist");
        // all fills come before the first swap, so a bad entry fails before anything live changed
        assertThat(plan.ipsetUpdate().indexOf("add " + tmpB + " 10.0.1.40")).isLessThan(plan.ipsetUpdate().indexOf("swap "));
    }

    @Test
    void changedChainsGiveOneNoflushRestoreOfNetfenceChainsOnlyAndRemoveStaleOnesAfterwards() {
        DesiredDataplane applied = dataplane("c1", List.of("-j RETURN"));
        DesiredDataplane desired = dataplane("c2", List.of("-s 10.0.0.1/32 -j RETURN"));
        KernelState kernel = kernelWith(applied, "nfOld");
        Map<String, List<IptablesTable.Rule>> chains = new java.util.LinkedHashMap<>(kernel.table(IpFamily.IPV4).chains());
        chains.put("NETFENCE-STALE", List.of());
        kernel = new KernelState(Map.of(IpFamily.IPV4, new IptablesTable(chains, kernel.table(IpFamily.IPV4).hooks())), kernel.ipsets());

        ApplyPlan plan = planner.plan(desired, applied, kernel, false);

        assertThat(plan.kind()).isEqualTo(SyncKind.FULL);
        assertThat(plan.iptables().get(IpFamily.IPV4)).isEqualTo("""
                *filter
                :NETFENCE-FORWARD - [0:0]
                -A NETFENCE-FORWARD -s 10.0.0.1/32 -j RETURN
                COMMIT
                """);
        assertThat(plan.iptablesCleanup().get(IpFamily.IPV4)).isEqualTo("*filter\n-F NETFENCE-STALE\n-X NETFENCE-STALE\nCOMMIT\n");
        assertThat(plan.ipsetCleanup()).isEqualTo("flush nfOld\ndestroy nfOld\n");
    }

    @Test
    void aMissingHookIsReinsertedFirstInTheSameTransaction() {
        DesiredDataplane d = dataplane("c1", List.of("-j RETURN"));
        KernelState k = kernelWith(d);
        IptablesTable misplaced = new IptablesTable(k.table(IpFamily.IPV4).chains(),
                Map.of("FORWARD", List.of(new IptablesTable.Hook("FORWARD", 3, "-j NETFENCE-FORWARD"))));
        KernelState kernel = new KernelState(Map.of(IpFamily.IPV4, misplaced), k.ipsets());

        ApplyPlan plan = planner.plan(d, d, kernel, false);

        assertThat(plan.kind()).isEqualTo(SyncKind.FULL);
        assertThat(plan.iptables().get(IpFamily.IPV4))
                .contains("-D FORWARD -j NETFENCE-FORWARD\n-I FORWARD 1 -j NETFENCE-FORWARD\nCOMMIT\n");
    }

    @Test
    void nothingChangedIsNothingToDo() {
        DesiredSet a = new DesiredSet("nfA", "hash:ip", "inet", List.of("10.0.0.1"));
        DesiredDataplane d = dataplane("c1", List.of("-j RETURN"), a);
        assertThat(planner.plan(d, d, kernelWith(d), false).kind()).isEqualTo(SyncKind.NONE);
    }

    @Test
    void repairRewritesEverySetAndChainAndDestroysLeftoverTemporarySets() {
        DesiredSet a = new DesiredSet("nfA", "hash:ip", "inet", List.of("10.0.0.1"));
        DesiredDataplane d = dataplane("c1", List.of("-j RETURN"), a);
        ApplyPlan plan = planner.plan(d, d, kernelWith(d, NetfenceNames.tempSet("nfA")), true);
        assertThat(plan.kind()).isEqualTo(SyncKind.FULL);
        assertThat(plan.ipsetUpdate()).startsWith("destroy " + NetfenceNames.tempSet("nfA") + "\n").contains("swap ");
        assertThat(plan.ipsetCleanup()).isNull();
        assertThat(plan.iptables().get(IpFamily.IPV4)).contains(":NETFENCE-FORWARD - [0:0]");
    }

    /** A change touches its own chains: the restore redeclares those, not every netfence chain of the node. */
    @Test
    void aFullSyncRestoresOnlyTheChainsThatChangedUnlessItRepairs() {
        DesiredHook hook = new DesiredHook("FORWARD", "-j NETFENCE-FORWARD");
        DesiredFamily before = new DesiredFamily(List.of(new DesiredChain("NETFENCE-FORWARD", List.of("-j NETFENCE-POD-A")),
                new DesiredChain("NETFENCE-POD-A", List.of("-j RETURN")), new DesiredChain("NETFENCE-POD-B", List.of("-j RETURN"))),
                List.of(hook), "c1");
        DesiredFamily after = new DesiredFamily(List.of(new DesiredChain("NETFENCE-FORWARD", List.of("-j NETFENCE-POD-A")),
                new DesiredChain("NETFENCE-POD-A", List.of("-j RETURN")), new DesiredChain("NETFENCE-POD-B", List.of("-s 10.0.0.9/32 -j RETURN")),
                new DesiredChain("NETFENCE-POL-NEW", List.of("-j ACCEPT"))), List.of(hook), "c2");
        DesiredDataplane applied = new DesiredDataplane("h1", List.of(), Map.of(IpFamily.IPV4, before));
        DesiredDataplane desired = new DesiredDataplane("h2", List.of(), Map.of(IpFamily.IPV4, after));
        KernelState kernel = kernelWith(applied);

        String script = planner.plan(desired, applied, kernel, false).iptables().get(IpFamily.IPV4);
        assertThat(script).isEqualTo("""
                *filter
                :NETFENCE-POD-B - [0:0]
                :NETFENCE-POL-NEW - [0:0]
                -A NETFENCE-POD-B -s 10.0.0.9/32 -j RETURN
                -A NETFENCE-POL-NEW -j ACCEPT
                COMMIT
                """);
        assertThat(planner.plan(desired, applied, kernel, true).iptables().get(IpFamily.IPV4)).as("a repair redeclares every chain")
                .contains(":NETFENCE-FORWARD - [0:0]", ":NETFENCE-POD-A - [0:0]", ":NETFENCE-POD-B - [0:0]", ":NETFENCE-POL-NEW - [0:0]");
        assertThat(planner.plan(desired, null, kernel, false).iptables().get(IpFamily.IPV4)).as("so does the first sync")
                .contains(":NETFENCE-FORWARD - [0:0]", ":NETFENCE-POD-A - [0:0]");

        // an unchanged chain the kernel lost (drift not yet found) is restored too
        Map<String, List<IptablesTable.Rule>> lost = new java.util.LinkedHashMap<>(kernel.table(IpFamily.IPV4).chains());
        lost.remove("NETFENCE-POD-A");
        KernelState withoutA = new KernelState(Map.of(IpFamily.IPV4, new IptablesTable(lost, kernel.table(IpFamily.IPV4).hooks())), kernel.ipsets());
        assertThat(planner.plan(desired, applied, withoutA, false).iptables().get(IpFamily.IPV4)).contains(":NETFENCE-POD-A - [0:0]")
                .doesNotContain(":NETFENCE-FORWARD - [0:0]");
    }
}
