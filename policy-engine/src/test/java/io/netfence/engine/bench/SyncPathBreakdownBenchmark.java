package io.netfence.engine.bench;

import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.compile.IpsetRestoreRenderer;
import io.netfence.engine.compile.IptablesRestoreRenderer;
import io.netfence.engine.compile.IpSetSpec;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

/**
 * Where the time of the agent's compile step goes at 10,000 pods / 1,000 policies / 50 nodes (node-00), before
 * incremental compile: {@link ClusterState#snapshot()} (what every sync did first), the whole
 * {@link NodeRulesetCompiler#compile} (which includes rendering and hashing), and, separately, rendering the three
 * scripts and hashing them as {@link NodeRuleset} does. Compile proper = compile − render − hash.
 * Run with the command in docs/benchmarks.md ("Incremental compile").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class SyncPathBreakdownBenchmark {

    @Param({"10000"})
    public int pods;

    @Param({"1000"})
    public int policies;

    @Param({"50"})
    public int nodes;

    private ClusterState state;
    private ClusterSnapshot snapshot;
    private NodeRulesetCompiler compiler;
    private NodeRuleset ruleset;
    private String ipset;
    private String iptables;
    private String ip6tables;
    private final String node = SyntheticCluster.nodeName(0);

    @Setup(Level.Trial)
    public void setUp() {
        snapshot = SyntheticCluster.generate(new SyntheticCluster.Params(pods, policies, nodes, 100, 0.0, 42));
        state = new ClusterState();
        snapshot.namespaces().forEach(state::upsertNamespace);
        snapshot.nodes().forEach(state::upsertNode);
        snapshot.pods().forEach(state::upsertPod);
        snapshot.policies().forEach(state::upsertPolicy);
        compiler = new NodeRulesetCompiler();
        ruleset = compiler.compile(snapshot, node);
        ipset = ruleset.ipsetRestore();
        iptables = ruleset.iptablesRestore();
        ip6tables = ruleset.ip6tablesRestore();
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long cpuNanos;
    private long ops;

    @Benchmark
    public ClusterSnapshot snapshotFromState() {
        long cpu = threads.getCurrentThreadCpuTime();
        ClusterSnapshot s = state.snapshot();
        cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
        ops++;
        return s;
    }

    @Benchmark
    public NodeRuleset compileWithRenderAndHash() {
        long cpu = threads.getCurrentThreadCpuTime();
        NodeRuleset r = compiler.compile(snapshot, node);
        cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
        ops++;
        return r;
    }

    @Benchmark
    public int renderScripts() {
        long cpu = threads.getCurrentThreadCpuTime();
        int n = IpsetRestoreRenderer.render(ruleset.ipsets()).length();
        for (IpFamily f : IpFamily.values()) {
            n += IptablesRestoreRenderer.render(ruleset.chains(f), ruleset.hooks(f)).length();
        }
        cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
        ops++;
        return n;
    }

    /** The ruleset hash over the three scripts plus both chains hashes (script + set declarations). */
    @Benchmark
    public byte[] hashScripts() throws Exception {
        long cpu = threads.getCurrentThreadCpuTime();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(ipset.getBytes(StandardCharsets.UTF_8));
        md.update(iptables.getBytes(StandardCharsets.UTF_8));
        md.update(ip6tables.getBytes(StandardCharsets.UTF_8));
        byte[] d = md.digest();
        for (IpFamily f : IpFamily.values()) {
            StringBuilder sets = new StringBuilder();
            for (IpSetSpec s : ruleset.ipsets(f)) {
                sets.append(s.declaration()).append('\n');
            }
            md.update(ruleset.restore(f).getBytes(StandardCharsets.UTF_8));
            md.update(sets.toString().getBytes(StandardCharsets.UTF_8));
            d = md.digest();
        }
        cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
        ops++;
        return d;
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
