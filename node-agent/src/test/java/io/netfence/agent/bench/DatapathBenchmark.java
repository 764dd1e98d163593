package io.netfence.agent.bench;

import io.netfence.agent.apply.ApplyPlanner;
import io.netfence.agent.apply.DataplaneApplier;
import io.netfence.agent.apply.DataplaneProgrammer;
import io.netfence.agent.apply.DesiredDataplaneFactory;
import io.netfence.agent.dataplane.NamespaceThread;
import io.netfence.agent.dataplane.NodeNamespace;
import io.netfence.agent.dataplane.PodNamespace;
import io.netfence.agent.dataplane.Shell;
import io.netfence.agent.dataplane.Topology;
import io.netfence.agent.kernel.KernelStateReader;
import io.netfence.agent.kernel.ProcessCommandRunner;
import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.Peer;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.model.Cidr;
import io.netfence.engine.snapshot.ClusterState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Target 5 of issue 14: what netfence's rules cost the packets. Two netns nodes (bridges, veths, br_netfilter, as
 * the e2e tests build them) with a client pod and a server pod on node 0 and a server pod on node 1; the cluster model
 * adds 200 more local pods per node (IPs only: the rules match by IP) isolated for ingress and egress by several
 * policies each. Configurations, compiled by the real compiler and applied to both nodes by the agent's
 * {@link DataplaneProgrammer}: 0, 100 and 1,000 policies (with policies, the measured pods are isolated too and
 * allowed, in the namespace that sorts last, so their new connections walk the whole per-pod dispatch).
 * <p>
 * Per round, every configuration in turn (the order rotates; the 2 cores are shared): {@code iperf3} TCP throughput
 * (server {@code -s -1}, a child process, in the destination pod, client {@code --json} in the source pod) and the new-connection rate
 * of this class's generator (client threads that {@code setns} into the source pod and connect/close with
 * {@code SO_LINGER 0}, so no TIME_WAIT; acceptors in the destination pod), pod → pod on one node and across nodes.
 * Once per round the generator also runs over loopback inside the source pod (no bridge, no netfilter): the rate it
 * reaches there is the ceiling of the generator itself, and its user-space CPU per connection is recorded.
 * <p>
 * Opt-in {@code -Dnetfence.bench=true}; {@code -Dnetfence.bench.datapath.policies=0,100,1000},
 * {@code .rounds} (3), {@code .iperf.seconds} (2), {@code .conn.seconds} (1.5), {@code .conn.threads} (2),
 * {@code .local.pods} (200).
 */
@EnabledIfSystemProperty(named = "netfence.bench", matches = "true")
class DatapathBenchmark {

    static final String NS = "bench";
    static final String MEASURED_NS = "zz-bench";
    static final int CONN_PORT = 9000;
    static final int IPERF_PORT = 5201;

    @Test
    void throughputAndConnectionRateWithPolicies() throws Exception {
        List<Integer> configs = new ArrayList<>();
        for (String p : System.getProperty("netfence.bench.datapath.policies", "0,100,1000").split(",")) {
            configs.add(Integer.parseInt(p.strip()));
        }
        int rounds = Integer.getInteger("netfence.bench.datapath.rounds", 3);
        int iperfSeconds = Integer.getInteger("netfence.bench.datapath.iperf.seconds", 2);
        double connSeconds = Double.parseDouble(System.getProperty("netfence.bench.datapath.conn.seconds", "1.5"));
        int threads = Integer.getInteger("netfence.bench.datapath.conn.threads", 2);
        int localPods = Integer.getInteger("netfence.bench.datapath.local.pods", 200);
        BenchResults out = new BenchResults();

        try (Topology t = Topology.builder().nodes(2).pod("client", 0).pod("server-same", 0).pod("server-cross", 1).build()) {
            PodNamespace client = t.pod("client");
            Map<String, PodNamespace> servers = new LinkedHashMap<>();
            servers.put("same-node", t.pod("server-same"));
            servers.put("cross-node", t.pod("server-cross"));
            List<NodeNamespace> nodes = t.nodes();
            List<DataplaneProgrammer> programmers = new ArrayList<>();
            for (NodeNamespace n : nodes) {
                ProcessCommandRunner r = new ProcessCommandRunner(n.commandPrefix());
                programmers.add(new DataplaneProgrammer(new ApplyPlanner(), new DataplaneApplier(r), new KernelStateReader(r, false)));
            }
            Map<Integer, List<NodeRuleset>> rulesets = new LinkedHashMap<>();
            Map<Integer, ClusterState> states = new LinkedHashMap<>();
            NodeRulesetCompiler compiler = new NodeRulesetCompiler();
            for (int policies : configs) {
                ClusterState state = cluster(t, policies, localPods);
                states.put(policies, state);
                List<NodeRuleset> perNode = new ArrayList<>();
                for (NodeNamespace n : nodes) {
                    perNode.add(compiler.compile(state.snapshot(), n.nodeName()));
                }
                rulesets.put(policies, perNode);
                System.out.printf("[benchmark] datapath | %d policies | %s: %s | %s: %s%n", policies, nodes.get(0).nodeName(),
                        perNode.get(0).stats(), nodes.get(1).nodeName(), perNode.get(1).stats());
                out.add("datapath", localPods, policies, "size", "rules-node-0", "count", 0, perNode.get(0).stats().rules());
            }
            List<Acceptor> acceptors = new ArrayList<>();
            for (PodNamespace s : servers.values()) {
                acceptors.add(Acceptor.start(s.thread(), "0.0.0.0", CONN_PORT));
            }
            Acceptor loopback = Acceptor.start(client.thread(), "127.0.0.1", CONN_PORT);
            List<NamespaceThread> clientThreads = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                clientThreads.add(new NamespaceThread(client.netns()));
            }
            ExecutorService drivers = Executors.newFixedThreadPool(threads);
            DesiredDataplaneFactory factory = new DesiredDataplaneFactory(false);
            try {
                System.out.printf("[benchmark] datapath | load average before: %s%n", loadAverage());
                Map<String, double[]> thisRound = new LinkedHashMap<>();
                for (int round = -1; round < rounds; round++) { // round -1: warm-up, not recorded
                    List<Integer> order = new ArrayList<>(configs);
                    Collections.rotate(order, Math.max(round, 0));
                    for (int policies : order) {
                        for (int i = 0; i < nodes.size(); i++) {
                            programmers.get(i).program(factory.build(rulesets.get(policies).get(i), states.get(policies).snapshot())
                                    .without(IpFamily.IPV6), false);
                            nodes.get(i).flushConntrack();
                        }
                        assertDispatchLoaded(nodes.get(0), rulesets.get(policies).get(0));
                        if (round == -1) {
                            System.out.printf("[benchmark] datapath | %d policies | node-0 NETFENCE-FORWARD: %s%n", policies,
                                    dispatchPositions(rulesets.get(policies).get(0), client, servers.get("same-node")));
                        }
                        for (Map.Entry<String, PodNamespace> s : servers.entrySet()) {
                            Iperf ip = iperf(client, s.getValue(), iperfSeconds);
                            double gbps = ip.bitsPerSecond() / 1e9;
                            ConnRate rate = connRate(clientThreads, drivers, s.getValue().ipv4(), connSeconds);
                            if (rate.failures() > 0) {
                                System.out.printf("[benchmark] datapath | %d failed connections, first: %s%n", rate.failures(), FIRST_FAILURE.getAndSet(null));
                            }
                            System.out.printf("[benchmark] datapath | round %d | %4d policies | %-10s | iperf3 %.2f Gbit/s, %.0f ms CPU/GB | %,.0f conn/s"
                                            + " | generator user %.1f µs/conn, sys %.1f µs/conn | load %s%n", round, policies, s.getKey(), gbps,
                                    ip.cpuMsPerGigabyte(), rate.perSecond(), rate.userMicrosPerConn(), rate.sysMicrosPerConn(), loadAverage());
                            if (round >= 0) {
                                String k = s.getKey();
                                out.add("datapath", localPods, policies, k, "throughput", "Gbit/s", round, gbps);
                                out.add("datapath", localPods, policies, k, "iperf-cpu", "ms/GB", round, ip.cpuMsPerGigabyte());
                                out.add("datapath", localPods, policies, k, "conn-rate", "conn/s", round, rate.perSecond());
                                out.add("datapath", localPods, policies, k, "kernel-cpu", "us/conn", round, rate.sysMicrosPerConn());
                                out.add("datapath", localPods, policies, k, "generator-user", "us/conn", round, rate.userMicrosPerConn());
                                out.add("datapath", localPods, policies, k, "failed-conns", "count", round, rate.failures());
                                thisRound.put(policies + " " + k, new double[]{gbps, rate.perSecond(), rate.sysMicrosPerConn(), ip.cpuMsPerGigabyte()});
                            }
                        }
                    }
                    // paired with the no-policy run of the same round: the machine's load changes slower than a round
                    for (String k : servers.keySet()) {
                        double[] base = thisRound.get(configs.get(0) + " " + k);
                        for (int policies : configs) {
                            double[] v = thisRound.get(policies + " " + k);
                            if (round >= 0 && base != null && v != null) {
                                out.add("datapath", localPods, policies, k, "throughput-ratio", "x", round, v[0] / base[0]);
                                out.add("datapath", localPods, policies, k, "conn-rate-ratio", "x", round, v[1] / base[1]);
                                out.add("datapath", localPods, policies, k, "kernel-cpu-ratio", "x", round, v[2] / base[2]);
                                out.add("datapath", localPods, policies, k, "iperf-cpu-ratio", "x", round, v[3] / base[3]);
                            }
                        }
                    }
                    thisRound.clear();
                    ConnRate lo = connRate(clientThreads, drivers, "127.0.0.1", connSeconds);
                    System.out.printf("[benchmark] datapath | round %d | loopback in the client pod (generator ceiling) | %,.0f conn/s"
                            + " | generator user %.1f µs/conn, sys %.1f µs/conn%n", round, lo.perSecond(), lo.userMicrosPerConn(), lo.sysMicrosPerConn());
                    if (round >= 0) {
                        out.add("datapath", localPods, 0, "loopback", "conn-rate", "conn/s", round, lo.perSecond());
                        out.add("datapath", localPods, 0, "loopback", "generator-user", "us/conn", round, lo.userMicrosPerConn());
                    }
                }
                System.out.printf("[benchmark] datapath | load average after: %s%n", loadAverage());
            } finally {
                drivers.shutdownNow();
                clientThreads.forEach(NamespaceThread::close);
                acceptors.forEach(Acceptor::close);
                loopback.close();
                for (NodeNamespace n : nodes) {
                    n.reset();
                }
            }
        }
    }

    /** The node's kernel holds the compiled per-pod dispatch: as many NETFENCE-FORWARD rules as compiled. */
    private static void assertDispatchLoaded(NodeNamespace node, NodeRuleset r) {
        long compiled = r.chainsRestore(IpFamily.IPV4).lines().filter(l -> l.startsWith("-A NETFENCE-FORWARD ")).count();
        long loaded = node.sh("iptables-save -t filter").lines().filter(l -> l.startsWith("-A NETFENCE-FORWARD ")).count();
        assertThat(loaded).isEqualTo(compiled);
    }

    /** How long NETFENCE-FORWARD is and how many dispatch chains (prefix buckets) the per-pod jumps are spread over. */
    private static String dispatchPositions(NodeRuleset r, PodNamespace client, PodNamespace server) {
        List<String> lines = r.chainsRestore(IpFamily.IPV4).lines().toList();
        long forward = lines.stream().filter(l -> l.startsWith("-A NETFENCE-FORWARD ")).count();
        long buckets = lines.stream().filter(l -> l.matches(":NETFENCE-D[EI]-.*")).count();
        long bucketRules = lines.stream().filter(l -> l.matches("-A NETFENCE-D[EI]-.*")).count();
        return forward + " rules, " + buckets + " dispatch chains holding " + bucketRules + " rules (client "
                + client.ipv4() + ", same-node server " + server.ipv4() + ")";
    }

    /**
     * The cluster model: the topology's nodes and pods, {@code localPods} more pods per real node in namespace
     * {@value NS} (labels {@code app=g0..g39}), and {@code policies} policies: up to 200 select groups of local pods
     * (ingress from and egress to other groups on TCP 8080, egress also to an ipBlock), the rest select pods on 8
     * other nodes (one pod each) and add nothing to the measured nodes' chains but set members. With any policy, two
     * more in {@value MEASURED_NS} isolate the measured pods and allow client → servers on every TCP port.
     */
    static ClusterState cluster(Topology t, int policies, int localPods) {
        ClusterState state = new ClusterState();
        state.upsertNamespace(new NamespaceInfo(NS, Map.of("kubernetes.io/metadata.name", NS)));
        state.upsertNamespace(new NamespaceInfo(MEASURED_NS, Map.of("kubernetes.io/metadata.name", MEASURED_NS)));
        for (NodeNamespace n : t.nodes()) {
            state.upsertNode(n.nodeInfo());
            for (int i = 0; i < localPods; i++) {
                String ip = "10.244." + (n.index() + 1) + "." + (50 + i % 200);
                if (i >= 200) {
                    throw new IllegalArgumentException("at most 200 local pods per node (one /24)");
                }
                state.upsertPod(new PodInfo(NS, "p-" + n.index() + "-" + i, Map.of("app", "g" + (i % 40)), List.of(ip), n.nodeName(), false, "Running", List.of()));
            }
        }
        for (int k = 0; k < 8; k++) {
            state.upsertNode(new NodeInfo("far-" + k, List.of("192.168.78." + (k + 1)), List.of("10.250." + k + ".0/24")));
        }
        state.upsertPod(pod(t.pod("client"), Map.of("app", "bench-client")));
        state.upsertPod(pod(t.pod("server-same"), Map.of("app", "bench-server")));
        state.upsertPod(pod(t.pod("server-cross"), Map.of("app", "bench-server")));
        int local = Math.min(policies, 200);
        Set<Direction> both = Set.of(Direction.INGRESS, Direction.EGRESS);
        for (int j = 0; j < policies; j++) {
            String selected;
            if (j < local) {
                selected = "g" + (j % 40);
            } else {
                int k = j - local;
                selected = "r" + k;
                state.upsertPod(new PodInfo(NS, "far-" + k, Map.of("app", selected), List.of("10.250." + (k % 8) + "." + (k / 8 + 1)),
                        "far-" + (k % 8), false, "Running", List.of()));
            }
            List<Peer> from = List.of(new SelectorPeer(LabelSelector.of(Map.of("app", "g" + ((j + 1) % 40))), null));
            List<Peer> to = List.of(new SelectorPeer(LabelSelector.of(Map.of("app", "g" + ((j + 3) % 40))), null),
                    new IpBlockPeer(Cidr.of("172.16." + (j % 256) + ".0/24"), List.of()));
            List<PortSpec> web = List.of(PortSpec.number(Protocol.TCP, 8080));
            state.upsertPolicy(new Policy(NS, String.format("pol-%04d", j), LabelSelector.of(Map.of("app", selected)), both,
                    List.of(new PolicyRule(from, web)), List.of(new PolicyRule(to, web))));
        }
        if (policies > 0) {
            List<PortSpec> tcp = List.of(PortSpec.allPorts(Protocol.TCP));
            state.upsertPolicy(new Policy(MEASURED_NS, "servers", LabelSelector.of(Map.of("app", "bench-server")), Set.of(Direction.INGRESS),
                    List.of(new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("app", "bench-client")), null)), tcp)), List.of()));
            state.upsertPolicy(new Policy(MEASURED_NS, "client", LabelSelector.of(Map.of("app", "bench-client")), Set.of(Direction.EGRESS),
                    List.of(), List.of(new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("app", "bench-server")), null)), tcp))));
        }
        return state;
    }

    private static PodInfo pod(PodNamespace p, Map<String, String> labels) {
        return new PodInfo(MEASURED_NS, p.label(), labels, List.of(p.ipv4()), p.node().nodeName(), false, "Running", List.of());
    }

    private static final Pattern RECEIVED = Pattern.compile("\"sum_received\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)");
    private static final Pattern CPU = Pattern.compile("\"cpu_utilization_percent\"\\s*:\\s*\\{\\s*\"host_total\"\\s*:\\s*([0-9.eE+-]+)"
            + "[^}]*?\"remote_total\"\\s*:\\s*([0-9.eE+-]+)");

    /** iperf3's result: received bits per second, and the CPU time of sender and receiver (user + system) per GB. */
    record Iperf(double bitsPerSecond, double cpuMsPerGigabyte) {
    }


    private static int iperfRuns;

    /**
     * What an {@code iperf3 -s -1} in {@code server} received from a client in {@code client} for {@code seconds}.
     * The server is this JVM's child process (ended by its handle if the client never came); each run uses a port of
     * its own, so a previous server still exiting under load cannot refuse the next client.
     */
    static Iperf iperf(PodNamespace client, PodNamespace server, int seconds) {
        String port = String.valueOf(IPERF_PORT + iperfRuns++ % 500);
        Process daemon;
        try {
            daemon = new ProcessBuilder("ip", "netns", "exec", server.netns(), "iperf3", "-s", "-1", "-p", port)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start iperf3 in " + server, e);
        }
        try {
            Shell.Result r = null;
            for (int attempt = 0; attempt < 100; attempt++) {
                r = Shell.run(List.of("ip", "netns", "exec", client.netns(), "iperf3", "-c", server.ipv4(), "-p", port,
                        "-t", String.valueOf(seconds), "--json"), null);
                // iperf3 3.12 with --json may exit 0 on a refused connection: the "error" field tells
                if (!r.stdout().contains("Connection refused") || !daemon.isAlive()) {
                    break;
                }
                Thread.sleep(100); // the server is not listening yet
            }
            if (!r.ok() || r.stdout().contains("\"error\"")) {
                throw new IllegalStateException("iperf3 " + client + " → " + server + " failed: " + r.stdout() + r.stderr());
            }
            return parseIperf(r.stdout(), seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            try {
                if (!daemon.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    daemon.destroy();
                    daemon.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                daemon.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Parses {@code iperf3 --json} of a {@code seconds} long run: {@code end.sum_received} and {@code end.cpu_utilization_percent}. */
    static Iperf parseIperf(String json, int seconds) {
        Matcher m = RECEIVED.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no end.sum_received.bits_per_second in iperf3's output: " + json);
        }
        double bps = Double.parseDouble(m.group(1));
        Matcher c = CPU.matcher(json);
        double cpuMsPerGb = c.find() ? (Double.parseDouble(c.group(1)) + Double.parseDouble(c.group(2))) / 100 * seconds * 1000
                / (bps * seconds / 8 / 1e9) : Double.NaN;
        return new Iperf(bps, cpuMsPerGb);
    }

    record ConnRate(double perSecond, long connections, long failures, double userMicrosPerConn, double sysMicrosPerConn) {
    }

    /**
     * New TCP connections per second to {@code ip:}{@value CONN_PORT}: every client thread opens a socket in the
     * source pod's namespace, connects (SYN, SYN-ACK, ACK) and closes with {@code SO_LINGER 0} (RST, no TIME_WAIT),
     * for {@code seconds} after a 0.3 s warm-up. User and system CPU time of the client threads are recorded.
     */
    static ConnRate connRate(List<NamespaceThread> clientThreads, ExecutorService drivers, String ip, double seconds) throws Exception {
        InetSocketAddress to = new InetSocketAddress(ip, CONN_PORT);
        long warmup = 300_000_000L;
        long start = System.nanoTime() + warmup;
        long end = start + (long) (seconds * 1e9);
        List<Future<long[]>> futures = new ArrayList<>();
        for (NamespaceThread nt : clientThreads) {
            futures.add(drivers.submit(() -> nt.call(() -> loop(to, start, end))));
        }
        long conns = 0;
        long fails = 0;
        long user = 0;
        long cpu = 0;
        for (Future<long[]> f : futures) {
            long[] r = f.get();
            conns += r[0];
            fails += r[1];
            user += r[2];
            cpu += r[3];
        }
        double perConn = conns == 0 ? 0 : 1.0 / conns;
        return new ConnRate(conns / seconds, conns, fails, user / 1e3 * perConn, (cpu - user) / 1e3 * perConn);
    }

    static final java.util.concurrent.atomic.AtomicReference<String> FIRST_FAILURE = new java.util.concurrent.atomic.AtomicReference<>();

    /** {connections, failures, user ns, cpu ns} counted between {@code start} and {@code end}. */
    private static long[] loop(InetSocketAddress to, long start, long end) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long conns = 0;
        long fails = 0;
        long user0 = 0;
        long cpu0 = 0;
        boolean measuring = false;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (!measuring && now >= start) {
                measuring = true;
                user0 = mx.getCurrentThreadUserTime();
                cpu0 = mx.getCurrentThreadCpuTime();
            }
            try (SocketChannel s = SocketChannel.open()) {
                s.setOption(StandardSocketOptions.SO_LINGER, 0);
                s.connect(to);
                if (measuring) {
                    conns++;
                }
            } catch (IOException e) {
                if (measuring) {
                    fails++;
                    FIRST_FAILURE.compareAndSet(null, e.toString());
                }
            }
        }
        return new long[]{conns, fails, mx.getCurrentThreadUserTime() - user0, mx.getCurrentThreadCpuTime() - cpu0};
    }

    /** A listener in a pod that accepts and closes, on two threads (one blocking accept each). */
    record Acceptor(ServerSocketChannel channel, List<Thread> threads) implements AutoCloseable {

        static Acceptor start(NamespaceThread ns, String address, int port) {
            ServerSocketChannel ch = ns.call(() -> {
                ServerSocketChannel c = ServerSocketChannel.open();
                c.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                c.bind(new InetSocketAddress(address, port), 4096);
                return c;
            });
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Thread th = new Thread(() -> {
                    while (ch.isOpen()) {
                        try (SocketChannel s = ch.accept()) {
                            s.setOption(StandardSocketOptions.SO_LINGER, 0);
                        } catch (IOException e) {
                            // closed, or the client's RST came first
                        }
                    }
                }, "bench-acceptor-" + ns.namespace());
                th.setDaemon(true);
                th.start();
                ts.add(th);
            }
            return new Acceptor(ch, ts);
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // best effort
            }
        }
    }

    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
