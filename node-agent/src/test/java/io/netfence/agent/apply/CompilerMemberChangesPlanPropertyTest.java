package io.netfence.agent.apply;

import io.netfence.engine.compile.IncrementalNodeCompiler;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.compile.SetMemberChanges;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ChangeJournal;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.synthetic.RandomPolicies;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The plan made with the incremental compiler's member changes == the plan made by comparing set members, after every
 * event of random event sequences (pods added, removed, relabelled, re-addressed and moved; policies added, edited and
 * removed; namespaces relabelled), fed through a {@link ClusterState} and a {@link ChangeJournal} as the agent does,
 * with and without the agent's guard set, and sometimes with a sync skipped (the changes then start from a ruleset
 * that was not applied and must not be used). Each sequence is seeded; a failure names the seed and the events.
 */
class CompilerMemberChangesPlanPropertyTest {

    private static final int SEQUENCES = Integer.getInteger("netfence.incremental.sequences", 20);
    private static final int EVENTS = 80;
    private static final String NODE = SyntheticCluster.nodeName(0);

    @Test
    void planFromTheCompilersChangesEqualsThePlanFromComparingMembers() {
        int used = 0;
        for (long seed = 1; seed <= SEQUENCES; seed++) {
            used += new Sequence(seed).run();
        }
        // not vacuous: most syncs of these sequences took some set's delta from the compiler
        assertThat(used).as("plans that updated a set in place from the compiler's changes").isGreaterThan(SEQUENCES * EVENTS / 4);
    }

    private static final class Sequence {
        private final long seed;
        private final Random r;
        private final ClusterState state = new ClusterState();
        private final ChangeJournal journal = new ChangeJournal();
        private final List<String> events = new ArrayList<>();
        private final ApplyPlanner planner = new ApplyPlanner();
        private int next;

        Sequence(long seed) {
            this.seed = seed;
            this.r = new Random(seed);
        }

        /** @return how many plans used a known, non-empty change of a set the previous apply had */
        int run() {
            ClusterSnapshot base = SyntheticCluster.generate(new SyntheticCluster.Params(300, 30, 5, 6, 0.2, seed));
            base.namespaces().forEach(state::upsertNamespace);
            base.nodes().forEach(state::upsertNode);
            base.pods().forEach(state::upsertPod);
            base.policies().forEach(state::upsertPolicy);
            state.addListener(journal);
            DesiredDataplaneFactory factory = new DesiredDataplaneFactory(seed % 2 == 0);
            IncrementalNodeCompiler compiler = new IncrementalNodeCompiler(new NodeRulesetCompiler().options(), NODE);
            compiler.update(state.snapshot());
            DesiredDataplane applied = factory.build(compiler.ruleset(), compiler.nodeView());
            DesiredDataplane built = applied;
            Map<String, io.netfence.agent.kernel.IptablesTable> tables = new HashMap<>();
            int used = 0;
            for (int i = 0; i < EVENTS; i++) {
                events.add(event());
                compiler.apply(state, journal.drain());
                NodeRuleset ruleset = compiler.ruleset();
                SetMemberChanges changes = compiler.memberChanges();
                DesiredDataplane desired = factory.build(ruleset, compiler.nodeView());
                for (var f : io.netfence.engine.compile.IpFamily.values()) {
                    if (desired.family(f).chainsHash().equals(built.family(f).chainsHash())) {
                        assertThat(desired.family(f)).as("unchanged chains: the factory hands out the same family")
                                .isSameAs(built.family(f));
                    }
                }
                built = desired;
                var kernel = ExpectedKernel.outline(applied, tables);
                ApplyPlan compared = planner.plan(desired, applied, kernel, false);
                ApplyPlan told = planner.plan(desired, applied, kernel, false, changes);
                if (!told.equals(compared)) {
                    fail("plan from the compiler's changes != plan from comparing members, seed " + seed + ", events:\n  "
                            + String.join("\n  ", events) + "\nfrom changes: " + told + "\ncompared: " + compared);
                }
                if (desired.sameChainsAs(applied)) {
                    // the programmer's path with trusted memory of the kernel: sets only, no check of every chain
                    ApplyPlan setsOnly = planner.planSetsOnly(desired, applied, kernel, changes);
                    if (!setsOnly.equals(compared)) {
                        fail("sets-only plan != full plan, seed " + seed + ", events:\n  " + String.join("\n  ", events)
                                + "\nsets only: " + setsOnly + "\nfull: " + compared);
                    }
                }
                if (changes.leads(applied.rulesetHash(), desired.rulesetHash()) && told.ipsetUpdate() != null
                        && told.ipsetUpdate().contains("-exist")) {
                    used++;
                }
                if (r.nextInt(6) > 0) {
                    applied = desired; // else a sync was skipped: the next changes start from a ruleset never applied
                }
            }
            return used;
        }

        private String event() {
            ClusterSnapshot now = state.snapshot();
            List<PodInfo> pods = now.pods();
            PodInfo pod = pods.get(r.nextInt(pods.size()));
            int kind = r.nextInt(100);
            if (kind < 30) {
                PodInfo p = new PodInfo(pod.namespace(), "new-" + next++, pick(pods).labels(), List.of(ip()),
                        SyntheticCluster.nodeName(r.nextInt(5)), false, "Running", pod.ports());
                state.upsertPod(p);
                return "add pod " + p;
            }
            if (kind < 50) {
                state.removePod(pod.namespace(), pod.name());
                return "remove pod " + pod.key();
            }
            if (kind < 62) {
                PodInfo p = pod.withLabels(pick(pods).labels());
                state.upsertPod(p);
                return "relabel pod " + p.key() + " " + p.labels();
            }
            if (kind < 72) {
                PodInfo p = new PodInfo(pod.namespace(), pod.name(), pod.labels(), r.nextInt(5) == 0 ? pick(pods).ips() : List.of(ip()),
                        r.nextBoolean() ? pod.nodeName() : SyntheticCluster.nodeName(r.nextInt(5)), pod.hostNetwork(),
                        r.nextInt(8) == 0 ? "Succeeded" : pod.phase(), pod.ports());
                state.upsertPod(p);
                return "re-address/move pod " + p;
            }
            List<Policy> policies = now.policies();
            if (kind < 80 || policies.isEmpty()) {
                Policy p = RandomPolicies.policy(pod.namespace(), "rp" + next++, r.nextLong());
                state.upsertPolicy(p);
                return "add policy " + p;
            }
            Policy policy = pick(policies);
            if (kind < 88) {
                Policy p = RandomPolicies.policy(policy.namespace(), policy.name(), r.nextLong());
                state.upsertPolicy(p);
                return "edit policy " + p;
            }
            if (kind < 94) {
                state.removePolicy(policy.namespace(), policy.name());
                return "remove policy " + policy.key();
            }
            List<NamespaceInfo> namespaces = List.copyOf(now.namespaces());
            NamespaceInfo ns = pick(namespaces);
            NamespaceInfo relabelled = new NamespaceInfo(ns.name(), pick(namespaces).labels());
            state.upsertNamespace(relabelled);
            return "namespace " + relabelled;
        }

        private String ip() {
            return "10.250." + r.nextInt(4) + "." + (1 + r.nextInt(250));
        }

        private <T> T pick(List<T> l) {
            return l.get(r.nextInt(l.size()));
        }
    }
}
