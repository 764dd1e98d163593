package io.netfence.engine.bench;

import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.ConnectivityMatrix;
import io.netfence.engine.reachability.Endpoint;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.synthetic.SyntheticCluster;
import io.netfence.engine.synthetic.SyntheticClusterPolicies;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The 1,000 × 1,000 pod connectivity matrix on one port (TCP 8080, the web tier's port, so named-port and
 * numeric rules both take part) in the seeded synthetic cluster. {@code perPairAnalyzer} is the naive reference
 * (one explained verdict per pair) on the first 100 sources only, i.e. a tenth of the matrix. Run with the
 * command in docs/benchmarks.md ("Connectivity matrix").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ConnectivityMatrixBenchmark {

    @Param({"1000"})
    public int pods;

    @Param({"100", "1000"})
    public int policies;

    /** ClusterNetworkPolicies on top ({@link SyntheticClusterPolicies}): 0 = NetworkPolicy only. */
    @Param({"0", "100"})
    public int clusterPolicies;

    @Param({"42"})
    public long seed;

    private ClusterSnapshot snapshot;
    private List<Endpoint> endpoints;
    private ReachabilityAnalyzer analyzer;

    @Setup(Level.Trial)
    public void setUp() {
        snapshot = SyntheticClusterPolicies.withClusterPolicies(
                SyntheticCluster.generate(new SyntheticCluster.Params(pods, policies, 10, 20, 0.0, seed)), clusterPolicies, seed);
        endpoints = ConnectivityMatrix.podEndpoints(snapshot);
        analyzer = new ReachabilityAnalyzer(snapshot);
        ConnectivityMatrix m = ConnectivityMatrix.compute(snapshot, endpoints, 8080, Protocol.TCP);
        System.out.printf("%n[matrix] %d × %d endpoints, %d policies, %d cluster policies: %d of %d pairs allowed on TCP/8080%n",
                endpoints.size(), endpoints.size(), snapshot.policies().size(), snapshot.clusterNetworkPolicies().size(), m.allowedCount(),
                (long) endpoints.size() * endpoints.size());
    }

    @Benchmark
    public ConnectivityMatrix matrix() {
        return ConnectivityMatrix.compute(snapshot, endpoints, 8080, Protocol.TCP);
    }

    @Benchmark
    public int perPairAnalyzer() {
        int allowed = 0;
        for (int i = 0; i < endpoints.size() / 10; i++) {
            for (Endpoint d : endpoints) {
                if (analyzer.allowed(endpoints.get(i), d, 8080, Protocol.TCP)) {
                    allowed++;
                }
            }
        }
        return allowed;
    }
}
