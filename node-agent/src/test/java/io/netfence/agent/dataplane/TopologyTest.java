package io.netfence.agent.dataplane;

import io.netfence.agent.dataplane.Prober.Outcome;
import io.netfence.agent.dataplane.Prober.Probe;
import io.netfence.agent.dataplane.Prober.Result;
import io.netfence.engine.model.Protocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness itself: pods reach each other across nodes without rules, and a probe detects a denial. */
@RequiresRoot(tools = {"ip", "iptables", "ip6tables", "ipset", "conntrack"},
        features = {KernelFeature.NETNS, KernelFeature.BR_NETFILTER, KernelFeature.IPV6, KernelFeature.SETNS})
class TopologyTest {

    private static Topology topo;

    @BeforeAll
    static void up() {
        topo = Topology.builder().nodes(3).dualStack(true)
                .pod("x/a", 0).pod("x/b", 0).pod("y/a", 1).pod("z/a", 2)
                .build();
        List<PodServers.Port> ports = new ArrayList<>(Topology.ports(Protocol.TCP, 80, 81));
        ports.addAll(Topology.ports(Protocol.UDP, 53));
        topo.serve(ports);
    }

    @AfterAll
    static void down() {
        if (topo != null) {
            topo.close();
        }
    }

    @AfterEach
    void clean() {
        topo.nodes().forEach(NodeNamespace::reset);
    }

    private static Probe probe(PodNamespace from, PodNamespace to, boolean v6, int port, Protocol protocol) {
        return new Probe(from.label(), from.thread(), to.label(), v6 ? to.ipv6().orElseThrow() : to.ipv4(), port, protocol);
    }

    private static List<Probe> allPairs(boolean v6) {
        List<Probe> probes = new ArrayList<>();
        for (PodNamespace from : topo.pods()) {
            for (PodNamespace to : topo.pods()) {
                probes.add(probe(from, to, v6, 80, Protocol.TCP));
                probes.add(probe(from, to, v6, 53, Protocol.UDP));
            }
        }
        for (NodeNamespace node : topo.nodes()) {
            for (PodNamespace to : topo.pods()) {
                probes.add(new Probe(node.nodeName(), node.thread(), to.label(), v6 ? to.ipv6().orElseThrow() : to.ipv4(), 80, Protocol.TCP));
            }
        }
        return probes;
    }

    @Test
    void withoutRulesEveryPodAndNodeReachesEveryPodOverIpv4AndIpv6() {
        for (boolean v6 : List.of(false, true)) {
            List<Result> results = topo.prober().run(allPairs(v6));
            assertThat(results).as("IPv6=" + v6).allSatisfy(r -> assertThat(r.outcome()).as(r.probe() + " " + r.detail())
                    .isEqualTo(Outcome.CONNECTED));
        }
    }

    @Test
    void aPortWithoutServerIsNotReportedAsDelivered() {
        PodNamespace a = topo.pod("x/a");
        PodNamespace z = topo.pod("z/a");
        List<Result> r = topo.prober().run(List.of(probe(a, z, false, 9, Protocol.TCP), probe(a, z, false, 9, Protocol.UDP)));
        assertThat(r).extracting(Result::outcome).containsExactly(Outcome.REFUSED, Outcome.REFUSED);
    }

    @Test
    void aRejectRuleInTheNodeNamespaceIsDetectedFastOnSameNodeAndCrossNodePaths() {
        PodNamespace xa = topo.pod("x/a");
        PodNamespace xb = topo.pod("x/b");
        PodNamespace ya = topo.pod("y/a");
        // same node (bridged, seen by iptables only through br_netfilter) and cross node (routed)
        topo.node(0).sh("iptables -A FORWARD -d " + xb.ipv4() + " -p tcp --dport 80 -j REJECT --reject-with tcp-reset;"
                + "iptables -A FORWARD -d " + xb.ipv4() + " -p udp -j REJECT;"
                + "ip6tables -A FORWARD -d " + xb.ipv6().orElseThrow() + " -p tcp -j REJECT --reject-with tcp-reset");
        topo.node(1).sh("iptables -A FORWARD -d " + ya.ipv4() + " -p tcp --dport 80 -j REJECT --reject-with tcp-reset");

        List<Result> r = topo.prober().run(List.of(
                probe(xa, xb, false, 80, Protocol.TCP), probe(xa, xb, false, 53, Protocol.UDP),
                probe(xa, xb, true, 80, Protocol.TCP), probe(xa, ya, false, 80, Protocol.TCP),
                probe(xa, ya, false, 81, Protocol.TCP), probe(ya, xa, false, 80, Protocol.TCP)));

        assertThat(r).extracting(Result::outcome).containsExactly(
                Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED, Outcome.CONNECTED, Outcome.CONNECTED);
        assertThat(r.subList(0, 4)).allSatisfy(x -> assertThat(x.millis()).as("REJECT fails fast: " + x.probe()).isLessThan(500));

        topo.node(0).reset();
        topo.node(1).reset();
        assertThat(topo.prober().run(List.of(probe(xa, xb, false, 80, Protocol.TCP), probe(xa, ya, false, 80, Protocol.TCP))))
                .extracting(Result::outcome).containsOnly(Outcome.CONNECTED);
    }

    @Test
    void staleNamespacesOfDeadRunsAreRemovedButLiveRunsAndOtherNamesAreKept() throws Exception {
        String dead = "nfdead";
        String live = topo.prefix();
        Path pid = Topology.RUN_DIR.resolve(dead + ".pid");
        Files.createDirectories(Topology.RUN_DIR);
        Files.writeString(pid, "999999999");
        Shell.script("ip netns add " + dead + "-n0; ip netns add " + dead + "agt0");
        try {
            Topology.removeStaleNamespaces();
            String names = Shell.check(List.of("ip", "netns", "list"), null);
            assertThat(names).doesNotContain(dead + "-n0").contains(dead + "agt0").contains(live + "-n0", live + "-ul");
        } finally {
            Shell.run(List.of("sh", "-c", "ip netns del " + dead + "-n0; ip netns del " + dead + "agt0"), null);
            Files.deleteIfExists(pid);
        }
    }

    @Test
    void closeDeletesEveryNamespaceOfTheRun() {
        Topology t = Topology.builder().nodes(1).pod("p", 0).build();
        String prefix = t.prefix();
        assertThat(Shell.check(List.of("ip", "netns", "list"), null)).contains(prefix + "-n0", prefix + "-p0", prefix + "-ul");
        t.close();
        assertThat(Shell.check(List.of("ip", "netns", "list"), null)).doesNotContain(prefix);
    }
}
