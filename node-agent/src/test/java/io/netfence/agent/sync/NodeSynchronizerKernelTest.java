package io.netfence.agent.sync;

import io.netfence.agent.apply.ApplyPlanner;
import io.netfence.agent.apply.DataplaneApplier;
import io.netfence.agent.apply.DesiredDataplaneFactory;
import io.netfence.agent.apply.SyncKind;
import io.netfence.agent.kernel.CommandResult;
import io.netfence.agent.kernel.CommandRunner;
import io.netfence.agent.kernel.KernelStateReader;
import io.netfence.agent.kernel.ScratchNetns;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The synchronizer against a real kernel (iptables-nft + ipset in a scratch network namespace). */
class NodeSynchronizerKernelTest {

    private ScratchNetns ns;
    private ClusterState state;
    private final AtomicBoolean failRestore = new AtomicBoolean();
    private final List<String> commands = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private NodeSynchronizer sync;

    @BeforeEach
    void setUp() {
        ns = ScratchNetns.create();
        state = new ClusterState();
        state.upsertNode(new NodeInfo("n1", List.of("192.168.0.1"), List.of("10.244.1.0/24")));
        state.upsertNamespace(new NamespaceInfo("app", Map.of()));
        state.upsertPod(pod("a", "10.244.1.5"));
        CommandRunner real = ns.runner();
        CommandRunner runner = (argv, stdin) -> {
            commands.add(String.join(" ", argv));
            return failRestore.get() && argv.get(0).endsWith("tables-restore")
                    ? new CommandResult(1, "", "iptables-restore: line 2 failed (injected)")
                    : real.run(argv, stdin);
        };
        sync = new NodeSynchronizer("n1", state, new NodeRulesetCompiler(), new DesiredDataplaneFactory(true),
                new ApplyPlanner(), new DataplaneApplier(runner), new KernelStateReader(runner, false));
    }

    @AfterEach
    void tearDown() {
        ns.close();
    }

    private static PodInfo pod(String name, String ip) {
        return new PodInfo("app", name, Map.of("app", name), List.of(ip), "n1", false, "Running", List.of());
    }

    @Test
    void firstSyncReplacesOldNetfenceRulesInPlaceAndLeavesOtherRulesAlone() {
        ns.sh("iptables -N KUBE-FOO && iptables -A KUBE-FOO -s 1.2.3.4 -j DROP && iptables -A FORWARD -j KUBE-FOO"
                + " && iptables -N NETFENCE-OLD && iptables -A NETFENCE-OLD -j RETURN && ipset create nfs-old hash:ip && ipset create nfqueue-keep hash:ip");

        SyncOutcome o = sync.sync(false);

        assertThat(o.ok()).as(o.error()).isTrue();
        assertThat(o.kind()).isEqualTo(SyncKind.FULL);
        String save = ns.sh("iptables-save -t filter");
        assertThat(save).contains("-A KUBE-FOO -s 1.2.3.4/32 -j DROP", "-A FORWARD -j KUBE-FOO")
                .contains(":NETFENCE-FORWARD", ":NETFENCE-GUARD-DST").doesNotContain("NETFENCE-OLD");
        assertThat(save.indexOf("-A FORWARD -m comment --comment netfence -j NETFENCE-FORWARD"))
                .as("hook first in FORWARD").isLessThan(save.indexOf("-A FORWARD -j KUBE-FOO")).isPositive();
        assertThat(ns.sh("ipset list -n")).contains("nf-programmed").doesNotContain("nfs-old").contains("nfqueue-keep");
        assertThat(ns.sh("ipset list nf-programmed")).contains("10.244.1.5");

        assertThat(sync.sync(false).kind()).isEqualTo(SyncKind.NONE);
    }

    @Test
    void aNewLocalPodOnlyUpdatesTheSets() {
        sync.sync(false);
        String before = ns.sh("iptables-save -t filter | grep -v '^#'");

        state.upsertPod(pod("b", "10.244.1.6"));
        SyncOutcome o = sync.sync(false);

        assertThat(o.kind()).isEqualTo(SyncKind.IPSET_ONLY);
        assertThat(ns.sh("ipset list nf-programmed")).contains("10.244.1.5", "10.244.1.6");
        assertThat(ns.sh("iptables-save -t filter | grep -v '^#'")).isEqualTo(before);
        assertThat(ns.sh("ipset list -n")).doesNotContain("nftmp-");
    }

    @Test
    void syncsWithoutDriftCheckReadNeitherIptablesSaveNorIpsetSave() {
        sync.sync(false);
        commands.clear();

        state.upsertPod(pod("b", "10.244.1.6"));
        assertThat(sync.sync(false).kind()).isEqualTo(SyncKind.IPSET_ONLY);
        state.upsertNode(new NodeInfo("n1", List.of("192.168.0.1"), List.of("10.244.1.0/24", "10.244.9.0/24")));
        assertThat(sync.sync(false).kind()).isEqualTo(SyncKind.FULL);

        assertThat(commands).isNotEmpty().allMatch(c -> c.equals("ipset restore") || c.equals("iptables-restore -w --noflush"));
        assertThat(ns.sh("iptables-save -t filter")).contains("-d 10.244.9.0/24");
        assertThat(ns.sh("ipset list nf-programmed")).contains("10.244.1.6");
        commands.clear();
        assertThat(sync.sync(true).driftFound()).isFalse();
        assertThat(commands).as("the drift check reads the kernel").contains("iptables-save -t filter", "ipset save");
    }

    @Test
    void resyncRepairsAFlushedChainADestroyedSetAndAMissingHook() {
        sync.sync(false);
        String good = ns.sh("iptables-save -t filter | grep -v '^#'");
        assertThat(sync.sync(true).driftFound()).isFalse();

        ns.sh("iptables -F NETFENCE-GUARD-DST && iptables -F NETFENCE-GUARD-SRC && ipset destroy nf-programmed"
                + " && iptables -D OUTPUT -m comment --comment netfence -j NETFENCE-OUTPUT");
        SyncOutcome o = sync.sync(true);

        assertThat(o.ok()).as(o.error()).isTrue();
        assertThat(o.driftFound()).isTrue();
        assertThat(ns.sh("iptables-save -t filter | grep -v '^#'")).isEqualTo(good);
        assertThat(ns.sh("ipset list nf-programmed")).contains("10.244.1.5");
        assertThat(sync.sync(true).driftFound()).isFalse();
    }

    @Test
    void aFailedApplyLeavesThePreviousRulesAndTheNextSuccessCatchesUp() {
        sync.sync(false);
        String good = ns.sh("iptables-save -t filter | grep -v '^#'");
        state.upsertNode(new NodeInfo("n1", List.of("192.168.0.1"), List.of("10.244.1.0/24", "10.244.9.0/24")));

        failRestore.set(true);
        SyncOutcome failed = sync.sync(false);

        assertThat(failed.ok()).isFalse();
        assertThat(failed.error()).contains("injected");
        assertThat(ns.sh("iptables-save -t filter | grep -v '^#'")).isEqualTo(good);

        failRestore.set(false);
        SyncOutcome ok = sync.sync(false);
        assertThat(ok.ok()).as(ok.error()).isTrue();
        assertThat(ns.sh("iptables-save -t filter")).contains("-d 10.244.9.0/24");
    }

    @Test
    void aNodeWithoutUsableIp6tablesStillEnforcesIpv4() {
        // ip6tables missing or its filter table unavailable on the host: IPv4 must still be enforced, not fail forever
        CommandRunner real = ns.runner();
        CommandRunner noIp6 = (argv, stdin) -> argv.get(0).startsWith("ip6tables")
                ? new CommandResult(3, "", "ip6tables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Table does not exist")
                : real.run(argv, stdin);
        state.upsertNode(new NodeInfo("n1", List.of("192.168.0.1"), List.of("10.244.1.0/24", "fd00:244:1::/64")));
        state.upsertPod(new PodInfo("app", "a", Map.of("app", "a"), List.of("10.244.1.5", "fd00:244:1::5"), "n1", false, "Running", List.of()));
        NodeSynchronizer dual = new NodeSynchronizer("n1", state, new NodeRulesetCompiler(), new DesiredDataplaneFactory(true),
                new ApplyPlanner(), new DataplaneApplier(noIp6), new KernelStateReader(noIp6, true));

        SyncOutcome o = dual.sync(false);

        assertThat(o.ok()).as(o.error()).isTrue();
        assertThat(ns.sh("iptables-save -t filter")).contains(":NETFENCE-FORWARD");
        assertThat(ns.sh("ipset list nf-programmed")).contains("10.244.1.5");
        assertThat(dual.sync(true).ok()).isTrue();
    }

    @Test
    void withoutItsNodeObjectTheAgentKeepsThePreviousRulesAndSaysWhy() {
        sync.sync(false);
        String good = ns.sh("iptables-save -t filter | grep -v '^#'");
        String sets = ns.sh("ipset save");

        // without the Node, its addresses (kubelet probes, always allowed) would vanish from the node set
        state.removeNode("n1");
        SyncOutcome o = sync.sync(false);

        assertThat(o.ok()).isFalse();
        assertThat(o.error()).contains("Node \"n1\"", "NODE_NAME");
        assertThat(ns.sh("iptables-save -t filter | grep -v '^#'")).isEqualTo(good);
        assertThat(ns.sh("ipset save")).isEqualTo(sets);

        state.upsertNode(new NodeInfo("n1", List.of("192.168.0.1"), List.of("10.244.1.0/24")));
        assertThat(sync.sync(false).ok()).isTrue();
    }
}
