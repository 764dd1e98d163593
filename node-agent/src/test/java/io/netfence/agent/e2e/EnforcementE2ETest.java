package io.netfence.agent.e2e;

import io.netfence.agent.apply.SyncKind;
import io.netfence.agent.status.StatusPublisher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.netfence.agent.e2e.ApiObjects.allowFrom;
import static io.netfence.agent.e2e.ApiObjects.expectedHash;
import static io.netfence.agent.e2e.ApiObjects.namespace;
import static io.netfence.agent.e2e.ApiObjects.pod;
import static io.netfence.agent.e2e.MiniCluster.nodeName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two node agents enforce what is created through the (mock) API server on a real two-node network-namespace
 * cluster; real TCP and UDP probes prove every change converges. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnforcementE2ETest extends TwoNodeAgentE2E {

    static final String WEB = "10.77.1.10";
    static final String LOCAL = "10.77.1.11";
    static final String CLIENT = "10.77.2.10";
    static final String OTHER = "10.77.2.11";
    static final String LATE = "10.77.2.12";
    static final String EXT = "10.77.2.13";

    @BeforeAll
    void setUp() {
        startCluster();
        k.resource(namespace("app", Map.of())).create();
        k.resource(namespace("ext", Map.of())).create();
        addPod("app", "web", Map.of("app", "web"), 1, WEB);
        addPod("app", "local", Map.of("from", "denied"), 1, LOCAL);
        addPod("app", "client", Map.of("from", "allowed"), 2, CLIENT);
        addPod("app", "other", Map.of("from", "denied"), 2, OTHER);
        cluster.addPod("late", 2, LATE);     // its API object comes later
        addPod("ext", "ext", Map.of(), 2, EXT);
        for (int n = 1; n <= 2; n++) {
            agents.put(n, startAgent(n));
        }
        awaitSynced();
    }

    private RunningAgent startAgent(int n) {
        return RunningAgent.start(api, nodeName(n), cluster.nodeNetns(n), Map.of());
    }

    private void addPod(String ns, String name, Map<String, String> labels, int node, String ip) {
        cluster.addPod(name, node, ip);
        k.resource(pod(ns, name, labels, nodeName(node), ip, MiniCluster.TCP_PORT)).create();
    }

    /** Both agents applied, and report, the hash the console computes from the API objects. */
    private void awaitSynced() {
        for (int n = 1; n <= 2; n++) {
            String node = nodeName(n);
            RunningAgent agent = agents.get(n);
            AgentStatusAndFaultsE2ETest.await(node + " synced", () -> {
                String expected = expectedHash(k, node);
                var s = new StatusPublisher(k, node).read();
                var applied = agent.tracker().lastSuccess();
                return s != null && expected.equals(s.rulesetHash()) && applied != null
                        && expected.equals(applied.rulesetHash()) && agent.tracker().lastApplyOk();
            });
        }
    }

    private static long awaitProbe(String what, BooleanSupplier probe) {
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (probe.getAsBoolean()) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
        }
        throw new AssertionError("timed out: " + what);
    }

    @Test
    @Order(1)
    void withoutPoliciesEverythingIsReachable() {
        assertThat(cluster.tcp("client", WEB)).isTrue();
        assertThat(cluster.tcp("other", WEB)).isTrue();
        assertThat(cluster.tcp("local", WEB)).isTrue();
        assertThat(cluster.udp("other", WEB)).isTrue();
        assertThat(cluster.tcp("web", CLIENT)).isTrue();
    }

    @Test
    @Order(2)
    void policyCreateIsolatesTheTargetAcrossAndWithinNodes() {
        long t0 = System.nanoTime();
        k.resource(allowFrom("app", "web", Map.of("app", "web"), Map.of("from", "allowed"), MiniCluster.TCP_PORT)).create();
        awaitProbe("other → web rejected", () -> !cluster.tcp("other", WEB));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[benchmark] policy create → enforced (probe flipped): " + ms + " ms");

        assertThat(cluster.tcp("client", WEB)).as("allowed peer, other node").isTrue();
        assertThat(cluster.tcp("local", WEB)).as("denied peer, same node").isFalse();
        assertThat(cluster.udp("client", WEB)).as("UDP is not in the allowed ports").isFalse();
        assertThat(cluster.tcpFromNode(1, WEB)).as("the node may always reach its pods").isTrue();
        assertThat(cluster.tcp("web", CLIENT)).as("egress of web not isolated").isTrue();
        awaitSynced();
        AgentStatusAndFaultsE2ETest.await("rejected packets counted for app/web in the status (heartbeat)", () -> {
            Long d = new StatusPublisher(k, nodeName(1)).read().droppedPackets().get("app/web");
            return d != null && d > 0;
        });
        assertThat(agents.get(1).get("/actuator/prometheus")).containsPattern("netfence_pod_dropped_packets\\{pod=\"app/web\"} [1-9]");
    }

    @Test
    @Order(3)
    void policyUpdateChangesWhoIsAllowed() {
        k.resource(allowFrom("app", "web", Map.of("app", "web"), Map.of("from", "denied"), MiniCluster.TCP_PORT)).update();
        awaitProbe("other → web allowed", () -> cluster.tcp("other", WEB));
        awaitProbe("client → web rejected", () -> !cluster.tcp("client", WEB));
        assertThat(cluster.tcp("local", WEB)).isTrue();
        k.resource(allowFrom("app", "web", Map.of("app", "web"), Map.of("from", "allowed"), MiniCluster.TCP_PORT)).update();
        awaitProbe("back: client → web allowed", () -> cluster.tcp("client", WEB));
        awaitProbe("back: other → web rejected", () -> !cluster.tcp("other", WEB));
    }

    @Test
    @Order(4)
    void aPeerLabelChangeConvergesThroughTheIpsetOnlyPath() {
        awaitSynced();
        RunningAgent a1 = agents.get(1);
        // A sync is counted by a listener just after the tracker recorded it, so the last sync awaitSynced saw may
        // not be counted yet. Syncs run one after another on one thread: once a later (periodic, no-change) sync is
        // counted, every earlier one is, and the baseline below is stable.
        double none = a1.syncs("success", SyncKind.NONE);
        AgentStatusAndFaultsE2ETest.await("a later sync counted", () -> a1.syncs("success", SyncKind.NONE) > none);
        double full = a1.syncs("success", SyncKind.FULL);
        double ipsetOnly = a1.syncs("success", SyncKind.IPSET_ONLY);
        int restores = a1.runner.iptablesRestores.get();

        long t0 = System.nanoTime();
        k.pods().inNamespace("app").withName("other").edit(p -> {
            p.getMetadata().getLabels().put("from", "allowed");
            return p;
        });
        awaitProbe("relabelled other → web allowed", () -> cluster.tcp("other", WEB));
        System.out.println("[benchmark] peer pod label change → enforced (probe flipped, ipset-only): "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");

        // the sync is counted just after its apply returned, the probe may be faster
        AgentStatusAndFaultsE2ETest.await("ipset-only sync counted", () -> a1.syncs("success", SyncKind.IPSET_ONLY) > ipsetOnly);
        assertThat(a1.syncs("success", SyncKind.FULL)).isEqualTo(full);
        assertThat(a1.runner.iptablesRestores.get()).isEqualTo(restores);

        k.pods().inNamespace("app").withName("other").edit(p -> {
            p.getMetadata().getLabels().put("from", "denied");
            return p;
        });
        awaitProbe("relabelled back: other → web rejected", () -> !cluster.tcp("other", WEB));
    }

    @Test
    @Order(5)
    void podsAddedAndRemovedAreFollowed() {
        assertThat(cluster.tcp("late", WEB)).as("no API object yet: not an allowed peer").isFalse();
        k.resource(pod("app", "late", Map.of("from", "allowed"), nodeName(2), LATE, MiniCluster.TCP_PORT)).create();
        awaitProbe("new allowed pod → web", () -> cluster.tcp("late", WEB));

        k.pods().inNamespace("app").withName("late").delete();
        awaitProbe("deleted pod's IP no longer allowed", () -> !cluster.tcp("late", WEB));
    }

    @Test
    @Order(6)
    void aNamespaceLabelChangeIsFollowed() {
        var np = new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
                .withNewMetadata().withNamespace("app").withName("web-from-blue").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "web").endPodSelector()
                .addNewIngress().addNewFrom().withNewNamespaceSelector().addToMatchLabels("team", "blue")
                .endNamespaceSelector().endFrom().endIngress().endSpec().build();
        k.resource(np).create();
        awaitSynced();
        assertThat(cluster.tcp("ext", WEB)).isFalse();

        k.namespaces().withName("ext").edit(n -> {
            n.getMetadata().setLabels(new HashMap<>(Map.of("team", "blue")));
            return n;
        });
        awaitProbe("pods of the relabelled namespace allowed", () -> cluster.tcp("ext", WEB));
        assertThat(cluster.udp("ext", WEB)).as("all ports from team=blue").isTrue();

        k.resource(np).delete();
        awaitProbe("policy deleted: ext rejected again", () -> !cluster.tcp("ext", WEB));
    }

    /**
     * An update the agent cannot use (an invalid CIDR an independent API server let through; the mock validates
     * nothing) keeps the last usable version enforced; a new unusable policy fails closed. Both show in the status
     * condition and the metric, and a usable version heals them.
     */
    @Test
    @Order(7)
    void anUnusablePolicyNeverOpensPodsAndIsReported() {
        awaitSynced();
        var np = k.network().v1().networkPolicies().inNamespace("app").withName("web").get();
        np.getSpec().getIngress().get(0).getFrom().add(new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder()
                .withNewIpBlock().withCidr("10.77.0.0/33").endIpBlock().build());
        k.resource(np).update();
        for (int n = 1; n <= 2; n++) {
            String node = nodeName(n);
            AgentStatusAndFaultsE2ETest.await(node + " reports the unusable policy", () -> {
                var c = new StatusPublisher(k, node).read().condition("PoliciesUsable");
                return c.isPresent() && c.get().status().equals("False") && c.get().message().contains("app/web")
                        && c.get().message().contains("10.77.0.0/33");
            });
        }
        assertThat(agents.get(1).get("/actuator/prometheus")).contains("netfence_policies_unusable 1.0");
        for (int i = 0; i < 5; i++) {
            assertThat(cluster.tcp("other", WEB)).as("the last usable version still isolates web").isFalse();
            assertThat(cluster.tcp("client", WEB)).as("and still allows its peer").isTrue();
        }

        assertThat(cluster.tcp("web", CLIENT)).isTrue();
        k.resource(new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
                .withNewMetadata().withNamespace("app").withName("web-egress-unusable").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "web").endPodSelector().withPolicyTypes("Egress")
                .addNewEgress().addNewTo().withNewIpBlock().withCidr("0.0.0.0/0").withExcept("not-a-cidr").endIpBlock().endTo()
                .endEgress().endSpec().build()).create();
        awaitProbe("a new unusable egress policy fails closed: web → client rejected", () -> !cluster.tcp("web", CLIENT));
        assertThat(cluster.tcp("client", WEB)).as("ingress to web unchanged").isTrue();

        k.network().v1().networkPolicies().inNamespace("app").withName("web-egress-unusable").delete();
        awaitProbe("fail-closed policy deleted: web → client allowed", () -> cluster.tcp("web", CLIENT));
        np = k.network().v1().networkPolicies().inNamespace("app").withName("web").get();
        np.getSpec().getIngress().get(0).getFrom().remove(1);
        k.resource(np).update();
        awaitSynced();
        for (int n = 1; n <= 2; n++) {
            String node = nodeName(n);
            // the fixed policy compiles to the rules already enforced (same hash): the condition follows in its own write
            AgentStatusAndFaultsE2ETest.await(node + " reports every policy usable", () -> "True".equals(
                    new StatusPublisher(k, node).read().condition("PoliciesUsable").map(c -> c.status()).orElse(null)));
        }
        assertThat(cluster.tcp("other", WEB)).isFalse();
    }

    /**
     * An upgrade to an agent whose chain and set names differ (a new naming scheme) takes over without an open window:
     * the new chains and sets are in place, and the jumps point at them, before the old ones are removed. The "old
     * version" is simulated by rewriting the running agent's objects under other names (every hashed chain and set
     * name with its last character changed), so the new agent finds only names it did not make.
     */
    @Test
    @Order(8)
    void anUpgradeThatRenamesChainsAndSetsOpensNoWindow() throws Exception {
        awaitSynced();
        agents.remove(1).close();
        rewriteUnderOtherNames(1);
        assertThat(cluster.tcp("other", WEB)).as("the rewritten rules still isolate").isFalse();
        assertThat(cluster.tcp("client", WEB)).as("and still allow").isTrue();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger leaks = new AtomicInteger();
        Thread prober = new Thread(() -> {
            while (!stop.get()) {
                probes.incrementAndGet();
                if (cluster.tcp("other", WEB)) {
                    leaks.incrementAndGet();
                }
            }
        });
        prober.start();
        Thread.sleep(300);
        agents.put(1, startAgent(1));
        awaitSynced();
        Thread.sleep(300);
        stop.set(true);
        prober.join();

        assertThat(probes.get()).as("probes during the take-over").isGreaterThan(10);
        assertThat(leaks.get()).as("denied connections that got through while the new version took over").isZero();
        assertThat(cluster.tcp("client", WEB)).isTrue();
        String after = cluster.nodeOutput(1, "iptables-save -t filter; ipset list -n");
        assertThat(after).as("the old version's chains and sets are gone").doesNotContainPattern("(NETFENCE-|nf)[A-Za-z0-9-]*[0-9a-f]{5}z\\b");
    }

    /** Re-creates node {@code n}'s netfence chains and sets under other names and removes the originals. */
    private void rewriteUnderOtherNames(int n) throws Exception {
        String save = cluster.nodeOutput(n, "iptables-save -t filter");
        String sets = cluster.nodeOutput(n, "ipset save");
        java.util.regex.Pattern hashed = java.util.regex.Pattern.compile("(?:NETFENCE-[A-Za-z0-9-]*|nf[a-z0-9]*-)[0-9a-f]{6,}");
        java.util.Map<String, String> rename = new java.util.TreeMap<>(java.util.Comparator.comparing(String::length).reversed()
                .thenComparing(java.util.Comparator.naturalOrder()));
        java.util.regex.Matcher m = hashed.matcher(save + "\n" + sets);
        while (m.find()) {
            rename.put(m.group(), m.group().substring(0, m.group().length() - 1) + "z");
        }
        assertThat(rename.keySet()).as("hashed chains and sets to rename").anyMatch(k -> k.startsWith("NETFENCE-")).anyMatch(k -> k.startsWith("nf"));
        java.util.function.UnaryOperator<String> renamed = line -> {
            String out = line;
            for (var e : rename.entrySet()) {
                out = out.replaceAll("\\b" + java.util.regex.Pattern.quote(e.getKey()) + "\\b", e.getValue());
            }
            return out;
        };
        StringBuilder newSets = new StringBuilder();
        sets.lines().filter(l -> l.matches("(create|add) nf[a-z0-9]*-.*") && !l.contains("nftmp-")).forEach(l -> newSets.append(renamed.apply(l)).append('\n'));
        StringBuilder newRules = new StringBuilder("*filter\n");
        save.lines().filter(l -> l.startsWith(":NETFENCE-")).forEach(l -> newRules.append(renamed.apply(l)).append('\n'));
        save.lines().filter(l -> l.startsWith("-A NETFENCE-")).forEach(l -> newRules.append(renamed.apply(l)).append('\n'));
        newRules.append("COMMIT\n");
        StringBuilder dropOld = new StringBuilder("*filter\n");
        rename.keySet().stream().filter(k -> k.startsWith("NETFENCE-")).forEach(c -> dropOld.append("-F ").append(c).append('\n'));
        rename.keySet().stream().filter(k -> k.startsWith("NETFENCE-")).forEach(c -> dropOld.append("-X ").append(c).append('\n'));
        dropOld.append("COMMIT\n");
        StringBuilder destroyOld = new StringBuilder();
        rename.keySet().stream().filter(k -> k.startsWith("nf")).forEach(s -> destroyOld.append("destroy ").append(s).append('\n'));
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("netfence-upgrade");
        java.nio.file.Files.writeString(dir.resolve("sets"), newSets);
        java.nio.file.Files.writeString(dir.resolve("rules"), newRules);
        java.nio.file.Files.writeString(dir.resolve("drop"), dropOld);
        java.nio.file.Files.writeString(dir.resolve("destroy"), destroyOld);
        cluster.sh(cluster.nodeNetns(n), "ipset restore -file " + dir.resolve("sets") + " && iptables-restore -w --noflush " + dir.resolve("rules")
                + " && iptables-restore -w --noflush " + dir.resolve("drop") + " && ipset restore -file " + dir.resolve("destroy"));
        String now = cluster.nodeOutput(n, "iptables-save -t filter; ipset list -n");
        for (String old : rename.keySet()) {
            assertThat(now).as("rewritten: " + old).doesNotContainPattern("\\b" + java.util.regex.Pattern.quote(old) + "\\b");
        }
    }

    @Test
    @Order(9)
    void anAgentRestartOpensNoWindow() throws Exception {
        awaitSynced();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger leaks = new AtomicInteger();
        Thread prober = new Thread(() -> {
            while (!stop.get()) {
                probes.incrementAndGet();
                if (cluster.tcp("other", WEB)) {
                    leaks.incrementAndGet();
                }
            }
        });
        prober.start();
        Thread.sleep(300);
        agents.remove(1).close();
        Thread.sleep(500);
        agents.put(1, startAgent(1));
        awaitSynced();
        Thread.sleep(300);
        stop.set(true);
        prober.join();

        assertThat(probes.get()).as("probes during the restart").isGreaterThan(10);
        assertThat(leaks.get()).as("denied connections that got through during the restart").isZero();
        assertThat(cluster.tcp("client", WEB)).isTrue();
    }

    @Test
    @Order(10)
    void rulesStayDuringAnApiServerOutageAndChangesMadeAfterItAreEnforced() {
        api.stop();
        try {
            for (int i = 0; i < 10; i++) {
                assertThat(cluster.tcp("other", WEB)).isFalse();
                assertThat(cluster.tcp("client", WEB)).isTrue();
            }
        } finally {
            api.restart();
        }
        PolicyWatchBarrier.await(k, "app", agents.values());
        k.network().v1().networkPolicies().inNamespace("app").withName("web").delete();
        awaitProbe("policy deleted after the outage: other → web allowed", () -> cluster.tcp("other", WEB));
        assertThat(cluster.tcp("local", WEB)).isTrue();
        assertThat(List.of(cluster.udp("client", WEB))).containsExactly(true);
        awaitSynced();
    }
}
