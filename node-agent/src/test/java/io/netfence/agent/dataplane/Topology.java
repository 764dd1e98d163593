package io.netfence.agent.dataplane;

import io.netfence.engine.model.Protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throw-away cluster made of network namespaces, all named {@code nfXXXX-...} with a random per-run prefix:
 * <pre>
 *   nfXXXX-ul   underlay: bridge br0 joining every node's ul0 (192.168.77.0/24, fd00:77::/64)
 *   nfXXXX-nN   node N: br0 = 10.244.N+1.1/24 (+ fd00:10:244:N+1::1/64), ul0 = 192.168.77.(11+N),
 *               ip_forward, br_netfilter calls iptables/ip6tables, routes to the other nodes' pod CIDRs
 *   nfXXXX-pK   pod K: eth0 = veth into its node's br0, default route via the bridge address
 * </pre>
 * Nothing outside these namespaces is touched. {@link #close()} deletes them, and so does a JVM shutdown hook
 * if the test never gets there; namespaces left by killed runs of this harness are removed on the next start.
 */
public final class Topology implements AutoCloseable {

    static final Path RUN_DIR = Path.of("/run/netfence-dataplane-test");
    private static final Pattern OUR_NETNS = Pattern.compile("^(nf[0-9a-f]{4})-(ul|n\\d+|p\\d+)$");

    private final String prefix;
    private final List<NodeNamespace> nodes;
    private final Map<String, PodNamespace> pods;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private final List<NamespaceThread> threads = new ArrayList<>();
    private PodServers servers;
    private Prober prober;

    private Topology(String prefix, List<NodeNamespace> nodes, Map<String, PodNamespace> pods) {
        this.prefix = prefix;
        this.nodes = List.copyOf(nodes);
        this.pods = pods;
        this.shutdownHook = new Thread(this::teardown, "topology-teardown-" + prefix);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Declares nodes and pods; {@link #build()} creates them in the kernel. */
    public static final class Builder {
        private int nodeCount = 2;
        private boolean dualStack;
        private final List<Map.Entry<String, Integer>> podSpecs = new ArrayList<>();

        public Builder nodes(int count) {
            if (count < 1 || count > 9) {
                throw new IllegalArgumentException("nodes: 1..9, got " + count);
            }
            this.nodeCount = count;
            return this;
        }

        /** Gives every node and pod an IPv6 address as well. */
        public Builder dualStack(boolean dualStack) {
            this.dualStack = dualStack;
            return this;
        }

        /** A pod named {@code label} (e.g. {@code x/a}) on node {@code node} (0-based). */
        public Builder pod(String label, int node) {
            podSpecs.add(Map.entry(label, node));
            return this;
        }

        public Topology build() {
            KernelPrerequisites.require(new String[]{"ip", "iptables", "iptables-restore", "ipset", "conntrack"},
                    KernelFeature.NETNS, KernelFeature.BR_NETFILTER, KernelFeature.SETNS);
            removeStaleNamespaces();
            String prefix = "nf" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
            List<NodeNamespace> nodes = new ArrayList<>();
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(new NodeNamespace(prefix, i, dualStack));
            }
            Map<String, PodNamespace> pods = new LinkedHashMap<>();
            int[] nextHost = new int[nodeCount];
            for (Map.Entry<String, Integer> spec : podSpecs) {
                int n = spec.getValue();
                if (n < 0 || n >= nodeCount) {
                    throw new IllegalArgumentException("pod " + spec.getKey() + ": node " + n + " does not exist");
                }
                if (pods.containsKey(spec.getKey())) {
                    throw new IllegalArgumentException("pod " + spec.getKey() + " declared twice");
                }
                PodNamespace pod = new PodNamespace(spec.getKey(), prefix + "-p" + pods.size(), nodes.get(n), 10 + nextHost[n]++);
                pods.put(spec.getKey(), pod);
            }
            Topology t = new Topology(prefix, nodes, pods);
            t.create();
            return t;
        }
    }

    public String prefix() {
        return prefix;
    }

    public List<NodeNamespace> nodes() {
        return nodes;
    }

    public NodeNamespace node(int index) {
        return nodes.get(index);
    }

    public List<PodNamespace> pods() {
        return List.copyOf(pods.values());
    }

    public PodNamespace pod(String label) {
        PodNamespace p = pods.get(label);
        if (p == null) {
            throw new NoSuchElementException("no pod " + label + " in topology " + prefix + " (have " + pods.keySet() + ")");
        }
        return p;
    }

    /** Starts a TCP listener / UDP echo server on every one of {@code ports} in every pod (idempotent per port). */
    public void serve(Collection<PodServers.Port> ports) {
        for (PodNamespace pod : pods.values()) {
            servers.listen(pod, ports);
        }
    }

    /**
     * Forgets every ARP/NDP entry in every namespace of the run, so each case starts like a fresh cluster: with warm
     * caches an IPv6 case could pass although the rules would block neighbour discovery.
     */
    public void flushNeighbours() {
        StringBuilder script = new StringBuilder();
        for (String ns : namespaces()) {
            script.append("ip -n ").append(ns).append(" neigh flush all\n");
        }
        Shell.script(script.toString());
    }

    public Prober prober() {
        return prober;
    }

    private String underlay() {
        return prefix + "-ul";
    }

    private void create() {
        try {
            Files.createDirectories(RUN_DIR);
            Files.writeString(RUN_DIR.resolve(prefix + ".pid"), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + RUN_DIR, e);
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        boolean ok = false;
        try {
            Shell.script(setupScript());
            for (NodeNamespace n : nodes) {
                n.attach(track(new NamespaceThread(n.netns())));
            }
            for (PodNamespace p : pods.values()) {
                p.attach(track(new NamespaceThread(p.netns())));
            }
            servers = new PodServers();
            prober = new Prober();
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    private NamespaceThread track(NamespaceThread t) {
        threads.add(t);
        return t;
    }

    String setupScript() {
        boolean v6 = !nodes.isEmpty() && nodes.get(0).dualStack();
        String nodeSysctls = "net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 net.ipv6.conf.all.accept_dad=0"
                + " net.ipv6.conf.default.accept_dad=0 net.bridge.bridge-nf-call-iptables=1"
                + " net.bridge.bridge-nf-call-ip6tables=1 net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0";
        StringBuilder s = new StringBuilder();
        String ul = underlay();
        s.append("ip netns add ").append(ul).append('\n')
                .append("ip -n ").append(ul).append(" link set lo up\n")
                .append("ip -n ").append(ul).append(" link add br0 type bridge mcast_snooping 0\n")
                .append("ip -n ").append(ul).append(" link set br0 up\n");
        for (NodeNamespace n : nodes) {
            String ns = n.netns();
            s.append("ip netns add ").append(ns).append('\n')
                    .append("ip netns exec ").append(ns).append(" sysctl -qw ").append(nodeSysctls).append('\n')
                    .append("ip -n ").append(ns).append(" link set lo up\n")
                    .append("ip -n ").append(ns).append(" link add br0 type bridge mcast_snooping 0\n")
                    .append("ip -n ").append(ns).append(" addr add ").append(n.gatewayV4()).append("/24 dev br0\n")
                    .append("ip -n ").append(ns).append(" link set br0 up\n")
                    .append("ip link add ul0 netns ").append(ns).append(" type veth peer name un").append(n.index())
                    .append(" netns ").append(ul).append('\n')
                    .append("ip -n ").append(ul).append(" link set un").append(n.index()).append(" master br0 up\n")
                    .append("ip -n ").append(ns).append(" addr add ").append(n.underlayV4()).append("/24 dev ul0\n")
                    .append("ip -n ").append(ns).append(" link set ul0 up\n");
            if (v6) {
                s.append("ip -n ").append(ns).append(" addr add ").append(n.gatewayV6()).append("/64 dev br0 nodad\n")
                        .append("ip -n ").append(ns).append(" addr add ").append(n.underlayV6()).append("/64 dev ul0 nodad\n");
            }
        }
        for (NodeNamespace n : nodes) {
            for (NodeNamespace other : nodes) {
                if (other != n) {
                    s.append("ip -n ").append(n.netns()).append(" route add ").append(other.podCidrV4())
                            .append(" via ").append(other.underlayV4()).append('\n');
                    if (v6) {
                        s.append("ip -n ").append(n.netns()).append(" -6 route add ").append(other.podCidrV6())
                                .append(" via ").append(other.underlayV6()).append('\n');
                    }
                }
            }
        }
        int k = 0;
        for (PodNamespace p : pods.values()) {
            String ns = p.netns();
            String node = p.node().netns();
            String port = "vp" + k++;
            s.append("ip netns add ").append(ns).append('\n')
                    .append("ip netns exec ").append(ns)
                    .append(" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0\n")
                    .append("ip -n ").append(ns).append(" link set lo up\n")
                    .append("ip link add eth0 netns ").append(ns).append(" type veth peer name ").append(port)
                    .append(" netns ").append(node).append('\n')
                    .append("ip -n ").append(node).append(" link set ").append(port).append(" master br0 up\n")
                    .append("ip -n ").append(ns).append(" addr add ").append(p.ipv4()).append("/24 dev eth0\n")
                    .append("ip -n ").append(ns).append(" link set eth0 up\n")
                    .append("ip -n ").append(ns).append(" route add default via ").append(p.node().gatewayV4()).append('\n');
            if (p.ipv6().isPresent()) {
                s.append("ip -n ").append(ns).append(" addr add ").append(p.ipv6().get()).append("/64 dev eth0 nodad\n")
                        .append("ip -n ").append(ns).append(" -6 route add default via ").append(p.node().gatewayV6()).append('\n');
            }
        }
        return s.toString();
    }

    /** Every namespace of this run, pods first (their veths go with them). */
    private List<String> namespaces() {
        List<String> all = new ArrayList<>();
        pods.values().forEach(p -> all.add(p.netns()));
        nodes.forEach(n -> all.add(n.netns()));
        all.add(underlay());
        return all;
    }

    private void teardown() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (prober != null) {
            prober.close();
        }
        if (servers != null) {
            servers.close();
        }
        threads.forEach(NamespaceThread::close);
        Shell.Result existing = Shell.run(List.of("ip", "netns", "list"), null);
        StringBuilder script = new StringBuilder();
        for (String ns : namespaces()) {
            if (existing.stdout().lines().anyMatch(l -> l.split(" ")[0].equals(ns))) {
                script.append("ip netns del ").append(ns).append(" || true\n");
            }
        }
        Shell.run(List.of("sh", "-c", script.toString()), null);
        try {
            Files.deleteIfExists(RUN_DIR.resolve(prefix + ".pid"));
        } catch (IOException e) {
            // best effort
        }
    }

    @Override
    public void close() {
        teardown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    /**
     * Deletes namespaces of earlier runs of this harness whose JVM is gone (pid file missing or process dead).
     * Only names of this harness's exact pattern are considered; runs of live JVMs are left alone.
     */
    static void removeStaleNamespaces() {
        Shell.Result list = Shell.run(List.of("ip", "netns", "list"), null);
        StringBuilder script = new StringBuilder();
        for (String line : list.stdout().lines().toList()) {
            String name = line.split(" ")[0];
            Matcher m = OUR_NETNS.matcher(name);
            if (m.matches() && !runIsAlive(m.group(1))) {
                script.append("ip netns del ").append(name).append(" || true\n");
            }
        }
        if (!script.isEmpty()) {
            System.err.println("[dataplane harness] removing stale namespaces:\n" + script);
            Shell.run(List.of("sh", "-c", script.toString()), null);
        }
    }

    private static boolean runIsAlive(String prefix) {
        try {
            long pid = Long.parseLong(Files.readString(RUN_DIR.resolve(prefix + ".pid")).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** All ports the pods should serve, as {@link PodServers.Port}s. */
    public static List<PodServers.Port> ports(Protocol protocol, int... ports) {
        List<PodServers.Port> out = new ArrayList<>();
        for (int p : ports) {
            out.add(new PodServers.Port(p, protocol));
        }
        return out;
    }
}
