package io.netfence.engine.bench;

import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.compile.RulesetStats;
import io.netfence.engine.snapshot.ClusterSnapshot;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compile time of one node's ruleset (compile + render of all scripts + hashes) in the synthetic cluster of
 * 10,000 pods, 1,000 policies and 50 nodes (with {@code -p clusterPolicies=100}: plus 100 ClusterNetworkPolicies). The setup prints the ruleset size of the measured node. Run with
 * the command in docs/benchmarks.md ("Per-node compile").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class NodeCompileBenchmark {

    @Param({"10000"})
    public int pods;

    @Param({"1000"})
    public int policies;

    @Param({"50"})
    public int nodes;

    @Param({"42"})
    public long seed;

    /** ClusterNetworkPolicies seeded by {@code SyntheticClusterPolicies} (0: NetworkPolicies only). */
    @Param({"0"})
    public int clusterPolicies;

    private ClusterSnapshot snapshot;
    private NodeRulesetCompiler compiler;
    private String node;

    @Setup(Level.Trial)
    public void setUp() {
        snapshot = SyntheticCluster.generate(new SyntheticCluster.Params(pods, policies, nodes, 100, 0.0, seed));
        if (clusterPolicies > 0) {
            snapshot = io.netfence.engine.synthetic.SyntheticClusterPolicies.withClusterPolicies(snapshot, clusterPolicies, seed);
        }
        compiler = new NodeRulesetCompiler();
        node = SyntheticCluster.nodeName(0);
        NodeRuleset r = compiler.compile(snapshot, node);
        RulesetStats s = r.stats();
        System.out.printf("%n[ruleset] node %s of %d pods / %d policies / %d cluster policies / %d nodes: %d local pods, %d isolated, %d chains, "
                        + "%d rules, %d sets, %d set entries, iptables script %d bytes, ipset script %d bytes%n",
                node, snapshot.pods().size(), snapshot.policies().size(), snapshot.clusterNetworkPolicies().size(),
                snapshot.nodes().size(), s.localPods(), s.isolatedPods(),
                s.chains(), s.rules(), s.sets(), s.setEntries(), r.iptablesRestore().length(), r.ipsetRestore().length());
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long cpuNanos;
    private long ops;

    @Benchmark
    public NodeRuleset compileOneNode() {
        long cpu = threads.getCurrentThreadCpuTime();
        NodeRuleset r = compiler.compile(snapshot, node);
        r.hash();
        cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
        ops++;
        return r;
    }

    /** Every node of the cluster in one call (what a console preview of the whole cluster does). */
    @Benchmark
    public Map<String, NodeRuleset> compileAllNodes() {
        long cpu = threads.getCurrentThreadCpuTime();
        Map<String, NodeRuleset> all = compiler.compileAll(snapshot);
        cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
        ops++;
        return all;
    }

    /**
     * CPU time of the benchmark thread per compile: on a shared, oversubscribed machine the wall-clock score also
     * counts the time the thread waited for a core; this is the compiler's own cost.
     */
    @TearDown(Level.Iteration)
    public void reportCpuTime() {
        if (ops > 0) {
            System.out.printf(" [cpu %.2f ms/op]", cpuNanos / 1e6 / ops);
        }
        cpuNanos = 0;
        ops = 0;
    }
}
