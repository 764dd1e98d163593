package io.netfence.agent.apply;

import io.netfence.agent.kernel.CommandResult;
import io.netfence.agent.kernel.CommandRunner;
import io.netfence.agent.kernel.KernelStateReader;
import io.netfence.agent.kernel.ScratchNetns;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The programmer on a real kernel (scratch network namespace): a sync is planned against what was applied, so the hot
 * path executes only restores of the changed objects and never reads the kernel; the periodic drift check reads it
 * and repairs what was changed behind the agent's back.
 */
class DataplaneProgrammerKernelTest {

    private ScratchNetns ns;
    private ClusterState state;
    private final List<Ran> ran = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<String> failWhenStdinContains = new AtomicReference<>();
    private DataplaneProgrammer programmer;
    private CommandRunner recording;

    record Ran(String command, String stdin) {
        boolean reads() {
            return command.contains("-save") || command.startsWith("ipset list") || command.startsWith("ipset save");
        }
    }

    @BeforeEach
    void setUp() {
        ns = ScratchNetns.create();
        state = new ClusterState();
        state.upsertNode(new NodeInfo("n1", List.of("192.168.0.1"), List.of("10.244.1.0/24")));
        state.upsertNode(new NodeInfo("n2", List.of("192.168.0.2"), List.of("10.244.2.0/24")));
        state.upsertNamespace(new NamespaceInfo("app", Map.of()));
        state.upsertPod(pod("a", "10.244.1.5", "n1", "db"));
        state.upsertPod(pod("b", "10.244.1.6", "n1", "web"));
        state.upsertPod(pod("c", "10.244.2.5", "n2", "web"));
        state.upsertPolicy(allowFromWeb("db-from-web", "db"));
        CommandRunner real = ns.runner();
        recording = (argv, stdin) -> {
            ran.add(new Ran(String.join(" ", argv), stdin));
            String fail = failWhenStdinContains.get();
            return fail != null && stdin != null && stdin.contains(fail)
                    ? new CommandResult(1, "", "injected failure") : real.run(argv, stdin);
        };
        programmer = new DataplaneProgrammer(new ApplyPlanner(), new DataplaneApplier(recording), new KernelStateReader(recording, false));
    }

    @AfterEach
    void tearDown() {
        ns.close();
    }

    private static PodInfo pod(String name, String ip, String node, String role) {
        return new PodInfo("app", name, Map.of("role", role), List.of(ip), node, false, "Running", List.of());
    }

    private static Policy allowFromWeb(String name, String role) {
        return new Policy("app", name, LabelSelector.of(Map.of("role", role)), Set.of(Direction.INGRESS),
                List.of(new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("role", "web")), null)),
                        List.of(PortSpec.number(Protocol.TCP, 5432)))), List.of());
    }

    private DesiredDataplane desired() {
        ClusterSnapshot s = state.snapshot();
        return new DesiredDataplaneFactory(true).build(new NodeRulesetCompiler().compile(s, "n1"), s)
                .without(io.netfence.engine.compile.IpFamily.IPV6);
    }

    private String rules() {
        return ns.sh("iptables-save -t filter | grep -v '^#'");
    }

    @Test
    void syncsWithoutDriftCheckRunOnlyRestoresOfTheChangedSetsAndChainsAndReadNothing() {
        programmer.program(desired(), false);
        int chains = desired().family(io.netfence.engine.compile.IpFamily.IPV4).chains().size();
        ran.clear();

        // a peer pod elsewhere joins the web set: one ipset restore of that set, nothing else
        state.upsertPod(pod("d", "10.244.2.9", "n2", "web"));
        DataplaneProgrammer.Result ipsetOnly = programmer.program(desired(), false);

        assertThat(ipsetOnly.kind()).isEqualTo(SyncKind.IPSET_ONLY);
        assertThat(ran).extracting(Ran::command).containsExactly("ipset restore");
        assertThat(ran.get(0).stdin()).as("only the new member").matches("add -exist nfs-\\w+ 10\\.244\\.2\\.9\\n");
        assertThat(ns.sh("ipset save")).contains("10.244.2.9");
        ran.clear();

        // a new policy selecting pod b: its chain and b's chains are restored, not every chain; still nothing read
        state.upsertPolicy(allowFromWeb("web-from-web", "web"));
        DataplaneProgrammer.Result full = programmer.program(desired(), false);

        assertThat(full.kind()).isEqualTo(SyncKind.FULL);
        assertThat(ran).noneMatch(Ran::reads);
        assertThat(ran).extracting(Ran::command).contains("iptables-restore -w --noflush")
                .allMatch(c -> c.equals("ipset restore") || c.equals("iptables-restore -w --noflush"));
        String script = ran.stream().filter(r -> r.command().startsWith("iptables-restore")).findFirst().orElseThrow().stdin();
        long declared = script.lines().filter(l -> l.startsWith(":")).count();
        assertThat(declared).as("chains restored out of %d", chains).isPositive().isLessThan(chains);
        assertThat(script).doesNotContain(":NETFENCE-GUARD-DST", ":NETFENCE-INPUT", ":NETFENCE-REJECT");

        // what the memory says is what the kernel has
        ran.clear();
        assertThat(programmer.program(desired(), true).driftFound()).isFalse();
        assertThat(ran).anyMatch(Ran::reads).noneMatch(r -> r.command().contains("restore"));
    }

    @Test
    void aRuleAndASetMemberDeletedByHandAreRestoredByTheDriftCheckOnly() {
        programmer.program(desired(), false);
        String good = rules();
        String sets = ns.sh("ipset save | grep ^add | sort");
        String podRule = good.lines().filter(l -> l.startsWith("-A NETFENCE-") && l.contains("--dport 5432"))
                .findFirst().orElseThrow();
        String setName = sets.lines().filter(l -> l.startsWith("add ") && l.contains("10.244.2.5"))
                .findFirst().orElseThrow().split(" ")[1];

        ns.sh("iptables " + podRule.replaceFirst("^-A ", "-D ") + " && ipset del " + setName + " 10.244.2.5");
        ran.clear();
        DataplaneProgrammer.Result plain = programmer.program(desired(), false);

        assertThat(plain.kind()).as("a sync without drift check trusts its memory").isEqualTo(SyncKind.NONE);
        assertThat(ran).isEmpty();
        assertThat(rules()).doesNotContain(podRule);

        DataplaneProgrammer.Result check = programmer.program(desired(), true);

        assertThat(check.driftFound()).isTrue();
        assertThat(check.kind()).isEqualTo(SyncKind.FULL);
        assertThat(rules()).isEqualTo(good);
        assertThat(ns.sh("ipset save | grep ^add | sort")).isEqualTo(sets);
        assertThat(programmer.program(desired(), true).driftFound()).isFalse();
    }

    @Test
    void stalePodChainsWhoseRemovalFailedAreRemovedByTheNextSyncFromAKernelRead() {
        programmer.program(desired(), false);
        String podChain = rules().lines().filter(l -> l.startsWith(":NETFENCE-IN-")).findFirst().orElseThrow()
                .substring(1).split(" ")[0];

        state.removePolicy("app", "db-from-web");
        failWhenStdinContains.set("-X NETFENCE-IN-");
        DataplaneProgrammer.Result r = programmer.program(desired(), false);

        assertThat(r.kind()).isEqualTo(SyncKind.FULL);
        assertThat(rules()).as("cleanup failed, chain left").contains(":" + podChain);

        failWhenStdinContains.set(null);
        ran.clear();
        state.upsertPod(pod("e", "10.244.1.10", "n1", "web"));
        programmer.program(desired(), false);

        assertThat(ran).as("the memory lacks the stale chain: the kernel is read").anyMatch(Ran::reads);
        assertThat(rules()).doesNotContain(":" + podChain);
        ran.clear();
        state.upsertPod(pod("f", "10.244.1.11", "n1", "web"));
        programmer.program(desired(), false);
        assertThat(ran).as("back to trusting the memory").noneMatch(Ran::reads);
    }

    /**
     * A node with more isolated pods than one dispatch chain holds: the per-pod jumps sit in prefix buckets
     * ({@code -d 10.244.1.64/28 -j NETFENCE-DI-…}, {@code fd00:10:244:1::40/124} in ip6tables) which the kernel prints
     * exactly as compiled (no drift), and a pod joining a bucket restores that bucket and its own chain only.
     */
    @Test
    void manyPodsAreDispatchedThroughPrefixBucketsTheKernelPrintsAsCompiled() {
        for (int i = 20; i < 79; i++) {
            state.upsertPod(new PodInfo("app", "db-" + i, Map.of("role", "db"),
                    List.of("10.244.1." + i, "fd00:10:244:1::" + Integer.toHexString(0x20 + i)), "n1", false, "Running", List.of()));
        }
        // this test's nodes have IPv6 pods: the programmer also reads and writes ip6tables
        programmer = new DataplaneProgrammer(new ApplyPlanner(), new DataplaneApplier(recording), new KernelStateReader(recording, true));
        programmer.program(desiredDualStack(), false);

        String bucket = io.netfence.engine.compile.RulesetNames.dispatchChain(Direction.INGRESS, "10.244.1.64/28");
        assertThat(rules()).contains("-A NETFENCE-FORWARD -d 10.244.1.64/28 -j " + bucket + "\n")
                .contains("-A " + bucket + " -d 10.244.1.78/32 -j NETFENCE-IN-");
        assertThat(ns.sh("ip6tables-save -t filter")).contains("-A NETFENCE-OUTPUT -d fd00:10:244:1::40/124 -j NETFENCE-DI-");
        assertThat(programmer.program(desiredDualStack(), true).driftFound()).as("the kernel spells the prefixes as compiled").isFalse();

        ran.clear();
        PodInfo joining = new PodInfo("app", "db-79", Map.of("role", "db"), List.of("10.244.1.79"), "n1", false, "Running", List.of());
        state.upsertPod(joining);
        programmer.program(desiredDualStack(), false);

        String script = ran.stream().filter(r -> r.command().startsWith("iptables-restore")).findFirst().orElseThrow().stdin();
        assertThat(script.lines().filter(l -> l.startsWith(":")).toList()).containsExactlyInAnyOrder(
                ":" + bucket + " - [0:0]", ":" + io.netfence.engine.compile.RulesetNames.podIngressChain(joining) + " - [0:0]");
        assertThat(rules()).contains("-A " + bucket + " -d 10.244.1.79/32 -j NETFENCE-IN-");
        assertThat(programmer.program(desiredDualStack(), true).driftFound()).isFalse();
    }

    private DesiredDataplane desiredDualStack() {
        ClusterSnapshot s = state.snapshot();
        return new DesiredDataplaneFactory(true).build(new NodeRulesetCompiler().compile(s, "n1"), s);
    }
}
