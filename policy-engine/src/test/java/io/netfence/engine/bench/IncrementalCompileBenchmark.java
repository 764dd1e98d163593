package io.netfence.engine.bench;

import io.netfence.engine.compile.CompilerOptions;
import io.netfence.engine.compile.IncrementalNodeCompiler;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.snapshot.ChangeJournal;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One event → node-00's new ruleset (rendered scripts and hashes included), at 10,000 pods / 1,000 policies / 50
 * nodes, the way the agent does it: the event goes into {@link ClusterState}, the sync drains the {@link ChangeJournal}
 * into the {@link IncrementalNodeCompiler} and asks for the ruleset. Beside it, what every sync did before: snapshot
 * the state and compile the node from scratch. Each op alternates the object between two versions, so every op is a
 * real change. Run with the command in docs/benchmarks.md ("Incremental compile").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class IncrementalCompileBenchmark {

    @Param({"10000"})
    public int pods;

    @Param({"1000"})
    public int policies;

    @Param({"50"})
    public int nodes;

    private final String node = SyntheticCluster.nodeName(0);
    private ClusterState state;
    private ChangeJournal journal;
    private IncrementalNodeCompiler incremental;
    private NodeRulesetCompiler compiler;
    private PodInfo[] remotePod;
    private PodInfo[] localPod;
    private Policy[] policy;
    private long flips;

    @Setup(Level.Trial)
    public void setUp() {
        ClusterSnapshot snapshot = SyntheticCluster.generate(new SyntheticCluster.Params(pods, policies, nodes, 100, 0.0, 42));
        state = new ClusterState();
        journal = new ChangeJournal();
        state.addListener(journal);
        snapshot.namespaces().forEach(state::upsertNamespace);
        snapshot.nodes().forEach(state::upsertNode);
        snapshot.pods().forEach(state::upsertPod);
        snapshot.policies().forEach(state::upsertPolicy);
        compiler = new NodeRulesetCompiler();
        incremental = new IncrementalNodeCompiler(CompilerOptions.DEFAULTS, node);
        journal.drain();
        incremental.update(state.snapshot());
        NodeRuleset before = incremental.ruleset();

        // A pod on another node whose tier label many peer sets select, flipped between two tiers.
        PodInfo remote = snapshot.pods().stream().filter(p -> !node.equals(p.nodeName()) && p.selectable()
                && "api".equals(p.labels().get("tier"))).findFirst().orElseThrow();
        remotePod = new PodInfo[]{remote, remote.withLabels(with(remote.labels(), "tier", "web"))};
        PodInfo local = snapshot.pods().stream().filter(p -> node.equals(p.nodeName()) && p.selectable()
                && "api".equals(p.labels().get("tier"))).findFirst().orElseThrow();
        localPod = new PodInfo[]{local, local.withLabels(with(local.labels(), "tier", "web"))};
        // A policy isolating pods of this node, edited by one more ingress port.
        Policy p = snapshot.policies().stream().filter(pol -> !pol.ingress().isEmpty()
                && incremental.localPods().stream().anyMatch(pol::selects)).findFirst().orElseThrow();
        List<PolicyRule> ingress = new ArrayList<>(p.ingress());
        PolicyRule first = ingress.get(0);
        List<PortSpec> ports = new ArrayList<>(first.ports());
        ports.add(PortSpec.number(Protocol.TCP, 12345));
        ingress.set(0, new PolicyRule(first.peers(), ports));
        policy = new Policy[]{p, new Policy(p.namespace(), p.name(), p.podSelector(), p.policyTypes(), ingress, p.egress())};

        state.upsertPod(remotePod[1]);
        incremental.apply(state, journal.drain());
        NodeRuleset after = incremental.ruleset();
        state.upsertPod(remotePod[0]);
        incremental.apply(state, journal.drain());
        System.out.printf("%n[incremental] %s: %s; remote pod %s tier api→web changes %d set(s); policy %s edited%n", node,
                before.stats(), remote.key(), changedSets(before, after), p.key());
    }

    private static Map<String, String> with(Map<String, String> labels, String k, String v) {
        Map<String, String> m = new TreeMap<>(labels);
        m.put(k, v);
        return m;
    }

    private static long changedSets(NodeRuleset a, NodeRuleset b) {
        return b.ipsets().stream().filter(s -> !a.ipsets().contains(s)).count();
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long cpuNanos;
    private long ops;

    private NodeRuleset timed(Runnable event) {
        long cpu = threads.getCurrentThreadCpuTime();
        event.run();
        NodeRuleset r = incremental.ruleset();
        r.hash();
        cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
        ops++;
        return r;
    }

    private int next() {
        return (int) (++flips & 1);
    }

    @Benchmark
    public NodeRuleset remotePodLabelEvent() {
        PodInfo p = remotePod[next()];
        return timed(() -> {
            state.upsertPod(p);
            incremental.apply(state, journal.drain());
        });
    }

    @Benchmark
    public NodeRuleset localPodLabelEvent() {
        PodInfo p = localPod[next()];
        return timed(() -> {
            state.upsertPod(p);
            incremental.apply(state, journal.drain());
        });
    }

    @Benchmark
    public NodeRuleset policyEditEvent() {
        Policy p = policy[next()];
        return timed(() -> {
            state.upsertPolicy(p);
            incremental.apply(state, journal.drain());
        });
    }

    /** What every sync did before: the same pod event, then a new snapshot and a compile of the node from scratch. */
    @Benchmark
    public NodeRuleset remotePodLabelEventFullCompile() {
        PodInfo p = remotePod[next()];
        long cpu = threads.getCurrentThreadCpuTime();
        state.upsertPod(p);
        journal.drain();
        NodeRuleset r = compiler.compile(state.snapshot(), node);
        cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
        ops++;
        return r;
    }

    @TearDown(Level.Iteration)
    public void reportCpuTime() {
        if (ops > 0) {
            System.out.printf(" [cpu %.3f ms/op]", cpuNanos / 1e6 / ops);
        }
        cpuNanos = 0;
        ops = 0;
    }
}
