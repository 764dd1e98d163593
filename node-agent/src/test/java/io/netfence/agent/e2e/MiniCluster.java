package io.netfence.agent.e2e;

import io.netfence.agent.dataplane.NamespaceThread;
import io.netfence.agent.dataplane.Prober;
import io.netfence.agent.kernel.ScratchNetns;
import io.netfence.engine.model.Protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A small routed cluster of network namespaces for the agent's end-to-end tests: an underlay namespace with a
 * bridge; per node a namespace on the underlay ({@code 192.168.77.N}) routing its pod CIDR {@code 10.77.N.0/24}
 * to per-pod veths and the other nodes' pod CIDRs over the underlay; per pod a namespace with one veth, its IP
 * as /32 and the node as gateway (Calico-style routed pods, so every pod packet crosses the node's FORWARD chain).
 * Pods run a TCP server (socat) answering "ok" and a UDP echo server in this JVM (a socket opened inside the pod's
 * namespace, see {@link NamespaceThread}); UDP probes use the dataplane harness's {@link Prober}. All names carry a
 * per-run prefix; everything is deleted on close and by a shutdown hook.
 */
final class MiniCluster implements AutoCloseable {

    static final int TCP_PORT = 8080;
    static final int UDP_PORT = 5353;

    private final String prefix = "nf" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()) .substring(0, 4);
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> servers = new ArrayList<>();
    private final Map<String, String> podNetns = new LinkedHashMap<>();
    private final Map<String, NamespaceThread> podThreads = new LinkedHashMap<>();
    private final List<DatagramChannel> udpServers = new ArrayList<>();
    private final Prober prober = new Prober();
    private final Map<String, Integer> podCountPerNode = new LinkedHashMap<>();
    private final Thread hook = new Thread(this::teardown);
    private final String underlay;

    MiniCluster(int nodes) {
        ScratchNetns.requireRoot();
        Runtime.getRuntime().addShutdownHook(hook);
        underlay = prefix + "ul";
        addNetns(underlay);
        sh(underlay, "ip link add br0 type bridge && ip link set br0 up");
        for (int n = 1; n <= nodes; n++) {
            String node = nodeNetns(n);
            addNetns(node);
            sh(underlay, "ip link add u" + n + " type veth peer name eth0 netns " + node);
            sh(underlay, "ip link set u" + n + " master br0 up");
            sh(node, "ip addr add " + nodeIp(n) + "/24 dev eth0 && ip link set eth0 up && sysctl -qw net.ipv4.ip_forward=1");
            podCountPerNode.put(node, 0);
        }
        for (int n = 1; n <= nodes; n++) {
            for (int m = 1; m <= nodes; m++) {
                if (m != n) {
                    sh(nodeNetns(n), "ip route add " + podCidr(m) + " via " + nodeIp(m));
                }
            }
        }
    }

    String nodeNetns(int n) {
        return prefix + "n" + n;
    }

    static String nodeName(int n) {
        return "node-" + n;
    }

    static String nodeIp(int n) {
        return "192.168.77." + n;
    }

    static String podCidr(int n) {
        return "10.77." + n + ".0/24";
    }

    /** Adds a pod namespace on node {@code n} with IP {@code ip}, running the echo servers; returns its netns name. */
    String addPod(String podName, int n, String ip) {
        String node = nodeNetns(n);
        int k = podCountPerNode.merge(node, 1, Integer::sum);
        String pod = prefix + "p" + n + "x" + k;
        String hostIf = "p" + n + "x" + k;
        addNetns(pod);
        sh(node, "ip link add " + hostIf + " type veth peer name eth0 netns " + pod);
        String gw = "10.77." + n + ".1";
        sh(node, "ip addr add " + gw + "/32 dev " + hostIf + " && ip link set " + hostIf + " up && ip route add " + ip + "/32 dev " + hostIf);
        sh(pod, "ip addr add " + ip + "/32 dev eth0 && ip link set eth0 up && ip route add " + gw + " dev eth0 scope link"
                + " && ip route add default via " + gw);
        servers.add(start("ip", "netns", "exec", pod, "socat", "TCP-LISTEN:" + TCP_PORT + ",fork,reuseaddr", "SYSTEM:echo ok"));
        NamespaceThread thread = new NamespaceThread(pod);
        podThreads.put(podName, thread);
        startUdpEcho(pod, thread);
        podNetns.put(podName, pod);
        awaitListening(pod);
        return pod;
    }

    /** The JVM thread living in pod {@code podName}'s network namespace (sockets opened by it are the pod's). */
    NamespaceThread podThread(String podName) {
        return podThreads.get(podName);
    }

    /** Bound before this returns, so a datagram sent right after finds it (no ICMP port unreachable). */
    private void startUdpEcho(String pod, NamespaceThread thread) {
        DatagramChannel ch = thread.call(() -> DatagramChannel.open().bind(new InetSocketAddress(UDP_PORT)));
        udpServers.add(ch);
        Thread echo = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(2048);
            try {
                while (true) {
                    buf.clear();
                    SocketAddress from = ch.receive(buf);
                    buf.flip();
                    ch.send(buf, from);
                }
            } catch (IOException e) {
                // closed on teardown
            }
        }, "udp-echo-" + pod);
        echo.setDaemon(true);
        echo.start();
    }

    private void awaitListening(String pod) {
        for (int i = 0; i < 100; i++) {
            if (run("ip", "netns", "exec", pod, "sh", "-c", "ss -ltn | grep -q :" + TCP_PORT).equals("0")) {
                return;
            }
            sleep(20);
        }
        throw new IllegalStateException("echo server did not start in " + pod);
    }

    /** A TCP connection from pod {@code from} to {@code ip} succeeds and reads the server's "ok". */
    boolean tcp(String from, String ip) {
        // a reject answers at once; a second attempt only guards against a slow, overloaded test machine
        for (int attempt = 0; attempt < 2; attempt++) {
            String out = output("ip", "netns", "exec", podNetns.get(from), "socat", "-T2", "STDIO",
                    "TCP:" + ip + ":" + TCP_PORT + ",connect-timeout=2");
            if (out.strip().equals("ok")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A UDP datagram from pod {@code from} to {@code ip} is echoed back. Every deny is a REJECT, whose ICMP port
     * unreachable ends the probe at once (REFUSED); only an echo means delivered. A TIMEOUT (neither arrived within
     * the prober's 1 s, e.g. on a stalled, overloaded machine) proves nothing either way, so the probe goes on.
     */
    boolean udp(String from, String ip) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Prober.Probe probe = new Prober.Probe(from, podThreads.get(from), ip, ip, UDP_PORT, Protocol.UDP);
        Prober.Result r = prober.probe(probe);
        while (r.outcome() == Prober.Outcome.TIMEOUT && System.nanoTime() < deadline) {
            r = prober.probe(probe);
        }
        return r.delivered();
    }

    /** TCP from the node's own network namespace (kubelet-style node → pod). */
    boolean tcpFromNode(int n, String ip) {
        String out = output("ip", "netns", "exec", nodeNetns(n), "socat", "-T1", "STDIO", "TCP:" + ip + ":" + TCP_PORT + ",connect-timeout=1");
        return out.strip().equals("ok");
    }

    void sh(String netns, String script) {
        String rc = run("ip", "netns", "exec", netns, "sh", "-c", script);
        if (!rc.equals("0")) {
            throw new IllegalStateException("in " + netns + ": " + script + " → " + rc);
        }
    }

    /** Standard output of a shell script run in the network namespace of node {@code n}. */
    String nodeOutput(int n, String script) {
        return output("ip", "netns", "exec", nodeNetns(n), "sh", "-c", script);
    }

    private void host(String script) {
        String rc = run("sh", "-c", script);
        if (!rc.equals("0")) {
            throw new IllegalStateException(script + " → " + rc);
        }
    }

    private void addNetns(String name) {
        host("ip netns add " + name);
        namespaces.add(name);
        sh(name, "ip link set lo up");
    }

    private static Process start(String... argv) {
        try {
            return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exit code as text, or the exit code and output on failure. */
    private static String run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timeout";
            }
            return p.exitValue() == 0 ? "0" : p.exitValue() + ": " + out.strip();
        } catch (IOException e) {
            return "io: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String output(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void teardown() {
        for (Process p : servers) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        servers.clear();
        for (DatagramChannel ch : udpServers) {
            try {
                ch.close();
            } catch (IOException e) {
                // best effort
            }
        }
        udpServers.clear();
        podThreads.values().forEach(NamespaceThread::close);
        podThreads.clear();
        prober.close();
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            run("ip", "netns", "del", namespaces.get(i));
        }
        namespaces.clear();
    }

    @Override
    public void close() {
        teardown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down
        }
    }
}
