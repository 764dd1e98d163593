package io.netfence.agent.bench;

import io.netfence.agent.apply.ApplyPlanner;
import io.netfence.agent.apply.DataplaneApplier;
import io.netfence.agent.apply.DataplaneProgrammer;
import io.netfence.agent.apply.DesiredDataplane;
import io.netfence.agent.apply.DesiredDataplaneFactory;
import io.netfence.agent.apply.SyncKind;
import io.netfence.agent.kernel.CommandRunner;
import io.netfence.agent.kernel.KernelStateReader;
import io.netfence.agent.kernel.ProcessCommandRunner;
import io.netfence.agent.kernel.ScratchNetns;
import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.compile.IpSetSpec;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Target 3 of issue 14: a sync's apply against the raw restores of the same changed objects, side by side on two
 * network namespaces holding the same rules. Namespace A is programmed by the agent's {@link DataplaneProgrammer}
 * (plan against what it applied + {@code ipset restore} + {@code iptables-restore --noflush}); every command it ran is
 * then replayed unchanged into namespace B and timed alone. Also timed: compile (the agent's incremental compile of the event, not part of
 * the apply) and the kernel read ({@code iptables-save} + {@code ipset save}) that the agent ran after every full
 * sync before it planned from memory, and the plan alone (the programmer's twin that executes nothing: wall and
 * thread CPU time, the Java cost of an apply). Cases per scale: a new peer pod on another node (ipset-only) and a new policy
 * selecting local pods (full). Opt-in: {@code -Dnetfence.bench=true}; scales {@code -Dnetfence.bench.scales=PODS:POLICIES,...}
 * (default 10000:1000), runs per case {@code -Dnetfence.bench.runs} (default 11) after
 * {@code -Dnetfence.bench.warmup} untimed ones (default 5; a running agent's sync path is JIT-compiled).
 */
@EnabledIfSystemProperty(named = "netfence.bench", matches = "true")
class ApplyBenchmark {

    static final String NODE = SyntheticCluster.nodeName(0);

    @Test
    void applyOnlyWhatChangedAgainstRawRestores() {
        BenchResults out = new BenchResults();
        int runs = Integer.getInteger("netfence.bench.runs", 11);
        for (String scale : System.getProperty("netfence.bench.scales", "10000:1000").split(",")) {
            String[] pp = scale.strip().split(":");
            run(out, Integer.parseInt(pp[0]), Integer.parseInt(pp[1]), runs);
        }
    }

    private record Ran(List<String> argv, String stdin) {
    }

    private void run(BenchResults out, int pods, int policies, int runs) {
        int nodes = Math.max(5, pods / 200);
        ClusterSnapshot snap = SyntheticCluster.generate(new SyntheticCluster.Params(pods, policies, nodes, Math.max(10, pods / 100), 0.0, 42));
        ClusterState state = new ClusterState();
        snap.namespaces().forEach(state::upsertNamespace);
        snap.nodes().forEach(state::upsertNode);
        snap.pods().forEach(state::upsertPod);
        snap.policies().forEach(state::upsertPolicy);
        NodeRulesetCompiler compiler = new NodeRulesetCompiler();
        DesiredDataplaneFactory factory = new DesiredDataplaneFactory(false);
        try (ScratchNetns a = ScratchNetns.create(); ScratchNetns b = ScratchNetns.create()) {
            List<Ran> ran = new ArrayList<>();
            ProcessCommandRunner realA = a.runner();
            CommandRunner recording = (argv, stdin) -> {
                ran.add(new Ran(argv, stdin));
                return realA.run(argv, stdin);
            };
            // the same programmer's twin, executing nothing: it yields the commands of the next sync before A runs them,
            // so the raw replay into B can go first or second (alternating, against order effects on a busy machine)
            List<Ran> planned = new ArrayList<>();
            CommandRunner dry = (argv, stdin) -> {
                planned.add(new Ran(argv, stdin));
                return new io.netfence.agent.kernel.CommandResult(0, "", "");
            };
            DataplaneProgrammer twin = new DataplaneProgrammer(new ApplyPlanner(), new DataplaneApplier(dry), new KernelStateReader(dry, false));
            ProcessCommandRunner rawB = b.runner();
            KernelStateReader readerA = new KernelStateReader(realA, false);
            DataplaneProgrammer programmer = new DataplaneProgrammer(new ApplyPlanner(), new DataplaneApplier(recording),
                    new KernelStateReader(recording, false));

            NodeRuleset first = compiler.compile(state.snapshot(), NODE);
            System.out.printf("[benchmark] apply | %d pods / %d policies / %d nodes | %s ruleset: %s%n", pods, policies, nodes, NODE, first.stats());
            long t0 = System.nanoTime();
            DesiredDataplane firstDesired = desired(factory, first, state);
            programmer.program(firstDesired, false);
            double firstMs = ms(t0);
            twin.program(firstDesired, false);
            ran.forEach(r -> rawB.check(r.argv(), r.stdin()));
            out.add("apply", pods, policies, "first-sync", "apply", "ms", 0, firstMs);
            out.add("apply", pods, policies, "size", "chains", "count", 0, first.stats().chains());
            out.add("apply", pods, policies, "size", "rules", "count", 0, first.stats().rules());
            out.add("apply", pods, policies, "size", "set-entries", "count", 0, first.stats().setEntries());

            // the agent's event path: the changes journaled on the state, fed to the incremental compiler, whose
            // unchanged sets are the very lists of the previous ruleset (what the planner's equality checks meet)
            io.netfence.engine.snapshot.ChangeJournal journal = new io.netfence.engine.snapshot.ChangeJournal();
            state.addListener(journal);
            io.netfence.engine.compile.IncrementalNodeCompiler incremental =
                    new io.netfence.engine.compile.IncrementalNodeCompiler(compiler.options(), NODE);
            incremental.update(state.snapshot());
            assertThat(incremental.ruleset()).isEqualTo(first);
            PodInfo member = aPeerMemberOnAnotherNode(snap, first);
            Policy template = snap.policies().stream().filter(p -> snap.podsOnNode(NODE).stream().anyMatch(p::selects))
                    .findFirst().orElseThrow();
            for (String kase : List.of("ipset-only", "full")) {
                List<Double> apply = new ArrayList<>();
                List<Double> raw = new ArrayList<>();
                int warmup = Integer.getInteger("netfence.bench.warmup", 5);
                for (int i = -warmup; i < runs; i++) {
                    if (kase.equals("ipset-only")) {
                        state.upsertPod(new PodInfo(member.namespace(), member.name() + "-bench-" + i, member.labels(),
                                List.of("10.255." + ((i + warmup) / 250) + "." + ((i + warmup) % 250 + 1)), member.nodeName(), false, "Running", member.ports()));
                    } else {
                        // a new port for the pods an existing policy selects: a new chain and their pod chains change
                        state.upsertPolicy(new Policy(template.namespace(), template.name() + "-bench-" + i, template.podSelector(),
                                java.util.Set.of(io.netfence.engine.model.Direction.INGRESS),
                                List.of(new io.netfence.engine.model.PolicyRule(List.of(), List.of(io.netfence.engine.model.PortSpec.number(
                                        io.netfence.engine.model.Protocol.TCP, 20000 + warmup + i)))), List.of()));
                    }
                    long c0 = System.nanoTime();
                    incremental.apply(state, journal.drain());
                    NodeRuleset r = incremental.ruleset();
                    DesiredDataplane d = factory.build(r, incremental.nodeView()).without(IpFamily.IPV6);
                    io.netfence.engine.compile.SetMemberChanges changes = incremental.memberChanges();
                    double compileMs = ms(c0);
                    planned.clear();
                    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
                    long p0 = System.nanoTime();
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    twin.program(d, changes, false);
                    double planMs = ms(p0);
                    double planCpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
                    ran.clear();
                    double rawMs = 0;
                    if (Math.floorMod(i, 2) == 1) {
                        rawMs = replay(planned, rawB);
                    }
                    long s0 = System.nanoTime();
                    DataplaneProgrammer.Result res = programmer.program(d, changes, false);
                    double applyMs = ms(s0);
                    if (Math.floorMod(i, 2) == 0) {
                        rawMs = replay(planned, rawB);
                    }
                    assertThat(res.kind().label()).isEqualTo(kase);
                    assertThat(ran).noneMatch(x -> x.argv().get(0).contains("-save"));
                    assertThat(ran).isEqualTo(planned);
                    long k0 = System.nanoTime();
                    readerA.read(false);
                    double readMs = ms(k0);
                    int bytes = ran.stream().mapToInt(x -> x.stdin() == null ? 0 : x.stdin().length()).sum();
                    if (i < 0) {
                        continue; // warm-up: an agent that has run for a while has its sync path compiled by the JIT
                    }
                    apply.add(applyMs);
                    raw.add(rawMs);
                    out.add("apply", pods, policies, kase, "apply", "ms", i, applyMs);
                    out.add("apply", pods, policies, kase, "raw-restore", "ms", i, rawMs);
                    out.add("apply", pods, policies, kase, "ratio", "x", i, applyMs / rawMs);
                    out.add("apply", pods, policies, kase, "compile", "ms", i, compileMs);
                    out.add("apply", pods, policies, kase, "plan-only", "ms", i, planMs);
                    out.add("apply", pods, policies, kase, "plan-only-cpu", "ms", i, planCpuMs);
                    out.add("apply", pods, policies, kase, "kernel-read", "ms", i, readMs);
                    out.add("apply", pods, policies, kase, "script", "bytes", i, bytes);
                    System.out.printf("[benchmark] apply | %d/%d | %s #%d | apply %.1f ms | raw %.1f ms | ratio %.2f | plan only %.2f ms (cpu %.2f) | compile %.1f ms"
                                    + " | kernel read %.1f ms | %d commands, %d script bytes%n", pods, policies, kase, i, applyMs,
                            rawMs, applyMs / rawMs, planMs, planCpuMs, compileMs, readMs, ran.size(), bytes);
                }
                System.out.printf("[benchmark] apply | %d/%d | %s | median apply %.1f ms (%.1f–%.1f) | median raw %.1f ms (%.1f–%.1f) | ratio of medians %.2f%n",
                        pods, policies, kase, median(apply), min(apply), max(apply), median(raw), min(raw), max(raw), median(apply) / median(raw));
            }
            // the namespaces hold the same rules: the replay is the same change
            assertThat(a.sh("iptables-save -t filter | grep -v '^#' | sed 's/\\[[0-9:]*\\]//'"))
                    .isEqualTo(b.sh("iptables-save -t filter | grep -v '^#' | sed 's/\\[[0-9:]*\\]//'"));
        }
    }

    private static double replay(List<Ran> commands, ProcessCommandRunner runner) {
        long r0 = System.nanoTime();
        commands.forEach(x -> runner.check(x.argv(), x.stdin()));
        return ms(r0);
    }

    private static DesiredDataplane desired(DesiredDataplaneFactory factory, NodeRuleset r, ClusterState state) {
        return factory.build(r, state.snapshot()).without(IpFamily.IPV6);
    }

    static PodInfo aPeerMemberOnAnotherNode(ClusterSnapshot snap, NodeRuleset r) {
        for (IpSetSpec set : r.ipsets()) {
            if (!set.type().equals("hash:ip") || set.name().startsWith("nfh")) {
                continue;
            }
            for (String ip : set.entries()) {
                for (PodInfo p : snap.pods()) {
                    if (p.ips().contains(ip) && !NODE.equals(p.nodeName()) && !p.hostNetwork()) {
                        return p;
                    }
                }
            }
        }
        throw new IllegalStateException("no peer set member found");
    }

    static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
