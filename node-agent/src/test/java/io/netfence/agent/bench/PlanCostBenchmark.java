package io.netfence.agent.bench;

import io.netfence.agent.apply.ApplyPlan;
import io.netfence.agent.apply.ApplyPlanner;
import io.netfence.agent.apply.DesiredDataplane;
import io.netfence.agent.apply.DesiredDataplaneFactory;
import io.netfence.agent.apply.ExpectedKernel;
import io.netfence.agent.apply.SyncKind;
import io.netfence.agent.kernel.KernelState;
import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The apply's Java cost alone: thread CPU time of {@link ApplyPlanner#plan} for one ipset-only change (a new peer pod
 * elsewhere) against the planner's view of the kernel after the previous apply, warm (200 calls, then 5 × 200 timed),
 * at {@code -Dnetfence.bench.scales} (default 10000:1000,10000:5000). Opt-in: {@code -Dnetfence.bench=true}.
 */
@EnabledIfSystemProperty(named = "netfence.bench", matches = "true")
class PlanCostBenchmark {

    @Test
    void planCpuTimeOfAnIpsetOnlyChange() {
        BenchResults out = new BenchResults();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String scale : System.getProperty("netfence.bench.scales", "10000:1000,10000:5000").split(",")) {
            String[] pp = scale.strip().split(":");
            int pods = Integer.parseInt(pp[0]);
            int policies = Integer.parseInt(pp[1]);
            ClusterSnapshot snap = SyntheticCluster.generate(new SyntheticCluster.Params(pods, policies, Math.max(5, pods / 200),
                    Math.max(10, pods / 100), 0.0, 42));
            ClusterState state = new ClusterState();
            snap.namespaces().forEach(state::upsertNamespace);
            snap.nodes().forEach(state::upsertNode);
            snap.pods().forEach(state::upsertPod);
            snap.policies().forEach(state::upsertPolicy);
            DesiredDataplaneFactory factory = new DesiredDataplaneFactory(false);
            NodeRuleset before = new NodeRulesetCompiler().compile(state.snapshot(), ApplyBenchmark.NODE);
            DesiredDataplane applied = factory.build(before, state.snapshot()).without(IpFamily.IPV6);
            PodInfo member = ApplyBenchmark.aPeerMemberOnAnotherNode(snap, before);
            state.upsertPod(new PodInfo(member.namespace(), member.name() + "-plan", member.labels(), List.of("10.255.0.1"),
                    member.nodeName(), false, "Running", member.ports()));
            DesiredDataplane desired = factory.build(new NodeRulesetCompiler().compile(state.snapshot(), ApplyBenchmark.NODE),
                    state.snapshot()).without(IpFamily.IPV6);
            KernelState outline = ExpectedKernel.outline(applied, new HashMap<>());
            ApplyPlanner planner = new ApplyPlanner();
            ApplyPlan plan = planner.plan(desired, applied, outline, false);
            assertThat(plan.kind()).isEqualTo(SyncKind.IPSET_ONLY);
            for (int i = 0; i < 200; i++) {
                planner.plan(desired, applied, outline, false);
            }
            for (int run = 0; run < 5; run++) {
                long c0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < 200; i++) {
                    planner.plan(desired, applied, outline, false);
                }
                double ms = (threads.getCurrentThreadCpuTime() - c0) / 200 / 1e6;
                out.add("apply", pods, policies, "ipset-only", "plan-warm-cpu", "ms", run, ms);
                System.out.printf("[benchmark] plan | %d/%d | ipset-only plan, warm: %.3f ms CPU per plan (%s)%n", pods, policies, ms,
                        plan.ipsetUpdate().strip());
            }
        }
    }
}
