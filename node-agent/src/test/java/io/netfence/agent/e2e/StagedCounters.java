package io.netfence.agent.e2e;

import io.netfence.agent.status.StatusReporter;
import io.netfence.engine.compile.DropCounters.Count;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.reachability.Endpoint;
import io.netfence.engine.reachability.ReachabilityAnalyzer;
import io.netfence.engine.status.NodeFirewallStatus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel side of one kind of staged policy on a {@link MiniCluster}: its would-deny counters (read with the
 * {@link io.netfence.engine.compile.DropCounters} parser of that kind), what the engine says they must count for real
 * connections, and the rule that its chains never decide.
 */
final class StagedCounters {

    private final MiniCluster cluster;
    private final Function<String, Map<String, Map<Direction, Count>>> parser;
    private final Function<NodeFirewallStatus, Map<String, Long>> reported;
    private final String chains;

    /**
     * {@code reported}: where a node's status carries this kind's counts; {@code chains}: a regex of the kind's chain
     * names, e.g. {@code NETFENCE-[SQW][IE]-}.
     */
    StagedCounters(MiniCluster cluster, Function<String, Map<String, Map<Direction, Count>>> parser,
                   Function<NodeFirewallStatus, Map<String, Long>> reported, String chains) {
        this.cluster = cluster;
        this.parser = parser;
        this.reported = reported;
        this.chains = chains;
    }

    /** Would-deny packets per staged policy on {@code node}, both directions summed; as the status reports them, only non-zero. */
    Map<String, Long> on(int node) {
        Map<String, Long> out = new TreeMap<>();
        parser.apply(cluster.nodeOutput(node, "iptables-save -c -t filter"))
                .forEach((key, dirs) -> dirs.values().forEach(c -> out.merge(key, c.packets(), Long::sum)));
        out.values().removeIf(c -> c == 0);
        return out;
    }

    /** {@link #on} for every node, to pass to {@link #since} later. */
    Map<Integer, Map<String, Long>> onEveryNode() {
        Map<Integer, Map<String, Long>> out = new HashMap<>();
        for (int n = 1; n <= TwoNodeAgentE2E.NODES; n++) {
            out.put(n, on(n));
        }
        return out;
    }

    /** What each staged policy counted on all nodes together since {@code before}; policies that counted nothing left out. */
    Map<String, Long> since(Map<Integer, Map<String, Long>> before) {
        Map<String, Long> counted = new TreeMap<>();
        onEveryNode().forEach((node, now) -> now.forEach(
                (key, c) -> counted.merge(key, c - before.get(node).getOrDefault(key, 0L), Long::sum)));
        counted.values().removeIf(c -> c == 0);
        return counted;
    }

    /** Waits until each node's published status carries the counts its kernel has now. */
    void awaitReported(Map<Integer, RunningAgent> agents) {
        for (int n = 1; n <= TwoNodeAgentE2E.NODES; n++) {
            Map<String, Long> kernel = on(n);
            RunningAgent agent = agents.get(n);
            TwoNodeAgentE2E.await("node-" + n + "'s status carries the would-deny counts", () -> {
                NodeFirewallStatus s = agent.bean(StatusReporter.class).lastPublished();
                return s != null && reported.apply(s).equals(kernel);
            });
        }
    }

    /** The staged policies (keys) that would deny one connection, as the engine names them. */
    interface WouldDeny {
        List<String> of(Endpoint from, Endpoint to, int port, Protocol protocol);
    }

    /**
     * Connects over TCP along each probe ({@code {from, to}} pod names, their namespaces in {@code ns}, addresses in
     * {@code ip}) {@code rounds} times, asserting each verdict is the one {@code engine} gives for the enforced policies;
     * returns how often {@code wouldDeny} names each staged policy, which is what the kernel counters must count.
     */
    Map<String, Long> probe(ReachabilityAnalyzer engine, List<String[]> probes, int rounds, Map<String, String> ns,
                            Map<String, String> ip, WouldDeny wouldDeny) {
        Map<String, Long> expected = new TreeMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String[] p : probes) {
                Endpoint from = engine.endpoint(ns.get(p[0]), p[0]);
                Endpoint to = engine.endpoint(ns.get(p[1]), p[1]);
                boolean allowed = engine.allowed(from, to, MiniCluster.TCP_PORT, Protocol.TCP);
                assertThat(cluster.tcp(p[0], ip.get(p[1]))).as(p[0] + " → " + p[1] + " as the enforced policies say").isEqualTo(allowed);
                wouldDeny.of(from, to, MiniCluster.TCP_PORT, Protocol.TCP).forEach(key -> expected.merge(key, 1L, Long::sum));
            }
        }
        return expected;
    }

    /** No rule of the staged chains on any node accepts, drops, rejects or returns: they only count. */
    void assertNeverDecide() {
        for (int n = 1; n <= TwoNodeAgentE2E.NODES; n++) {
            for (String line : cluster.nodeOutput(n, "iptables-save -t filter").split("\n")) {
                if (line.matches("-A " + chains + ".*")) {
                    assertThat(line).as("a staged chain never decides").doesNotContain("-j DROP", "-j REJECT", "-j ACCEPT",
                            "-j NETFENCE-REJECT", "-j RETURN");
                }
            }
        }
    }
}
