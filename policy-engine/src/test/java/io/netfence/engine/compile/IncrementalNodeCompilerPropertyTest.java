package io.netfence.engine.compile;

import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.ClusterPolicyPort;
import io.netfence.engine.model.ClusterPolicyRule;
import io.netfence.engine.model.ClusterPolicySubject;
import io.netfence.engine.model.ClusterPolicyTier;
import io.netfence.engine.model.ContainerPortInfo;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.snapshot.ChangeJournal;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.synthetic.RandomPolicies;
import io.netfence.engine.synthetic.SyntheticClusterPolicies;
import io.netfence.engine.synthetic.SyntheticCluster;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Incremental compile == full compile, after every event of random event sequences: pods, policies, namespaces and
 * nodes added, changed and removed, ClusterNetworkPolicies (both tiers, every peer and port kind) added, edited and
 * removed, node labels changed, fed through {@link ClusterState} and a {@link ChangeJournal} as the agent does.
 * Each sequence is seeded; a failure names the seed, the event that broke it and every event before it. More sequences:
 * {@code -Dnetfence.incremental.sequences=2000}.
 */
class IncrementalNodeCompilerPropertyTest {

    private static final int SEQUENCES = Integer.getInteger("netfence.incremental.sequences", 20);
    private static final int EVENTS = 60;
    private static final List<String> NODES = List.of("node-00", "node-01", "node-02", "node-99");
    private static final String[][] POD_LABELS = {{"tier", "web"}, {"tier", "api"}, {"tier", "db"}, {"tier", "cache"},
            {"version", "v1"}, {"version", "v2"}, {"canary", "true"}, {"app", "prometheus"}, {"k8s-app", "kube-dns"}};
    private static final String[][] NS_LABELS = {{"team", "team0"}, {"team", "team1"}, {"team", "monitoring"}, {"env", "prod"},
            {"env", "dev"}};
    private static final String[] PORT_NAMES = {"http", "metrics", "grpc", "dns", "web"};

    /** A few pods per node: the per-pod dispatch is flat. */
    private static final Shape FEW_PODS = new Shape(CompilerOptions.DEFAULTS, 24, false);
    /**
     * ~80 pods per node (a third dual-stack) with addresses spread over the node's /23 and /64, added, moved and
     * re-addressed by the events: the per-pod dispatch is a prefix tree whose buckets split and merge.
     */
    private static final Shape MANY_PODS = new Shape(CompilerOptions.DEFAULTS, 240, true);
    /** Buckets of at most 2 on small nodes: deep dispatch trees, also for shared addresses. */
    private static final Shape DEEP_DISPATCH = new Shape(CompilerOptions.DEFAULTS.withDispatchBucket(2), 24, false);

    /** The cluster a sequence starts from and the addresses its events hand out. */
    record Shape(CompilerOptions options, int pods, boolean wideAddresses) {
    }

    @Test
    void incrementalEqualsFullCompileAfterEveryEvent() {
        for (long seed = 1; seed <= SEQUENCES; seed++) {
            new Sequence(seed, false, FEW_PODS).run();
        }
    }

    /** With flow observation on (its local pod set and log rules) the incremental compile still equals a full one. */
    @Test
    void incrementalEqualsFullCompileWithFlowObservation() {
        CompilerOptions flows = CompilerOptions.DEFAULTS.withFlowLog(FlowLogOptions.defaults(101));
        for (long seed = 30_001; seed <= 30_000 + SEQUENCES / 2; seed++) {
            new Sequence(seed, true, flows).run();
        }
    }

    /**
     * StagedNetworkPolicies and StagedClusterNetworkPolicies added, edited (also under an enforced policy's name) and
     * removed among the other events.
     */
    @Test
    void incrementalEqualsFullCompileWithStagedPolicies() {
        CompilerOptions flows = CompilerOptions.DEFAULTS.withFlowLog(FlowLogOptions.defaults(101));
        for (long seed = 40_001; seed <= 40_000 + SEQUENCES; seed++) {
            Sequence s = new Sequence(seed, seed % 2 == 0, seed % 3 == 0 ? flows : CompilerOptions.DEFAULTS);
            s.staged = true;
            s.run();
        }
    }

    /** Several events between two compiles, as the agent's debounce coalesces them (each key once in the journal). */
    @Test
    void incrementalEqualsFullCompileAfterCoalescedBursts() {
        for (long seed = 10_001; seed <= 10_000 + SEQUENCES; seed++) {
            new Sequence(seed, true, FEW_PODS).run();
        }
    }

    @Test
    void incrementalEqualsFullCompileWithManyPodsPerNode() {
        for (long seed = 30_001; seed <= 30_000 + Math.max(2, SEQUENCES / 3); seed++) {
            assertTrue(new Sequence(seed, seed % 2 == 0, MANY_PODS).run() > 0, "seed " + seed + " never built a dispatch tree");
        }
    }

    @Test
    void incrementalEqualsFullCompileWithDeepDispatchTrees() {
        for (long seed = 40_001; seed <= 40_000 + Math.max(2, SEQUENCES / 2); seed++) {
            assertTrue(new Sequence(seed, seed % 2 == 0, DEEP_DISPATCH).run() > 0, "seed " + seed + " never built a dispatch tree");
        }
    }

    /**
     * Every test here also checks, after each event, that the member changes the compiler reports for a set equal the
     * difference of its member lists ({@code checkMemberChanges}). This one makes sure that check is not vacuous: most
     * of the changed peer sets of pod events are known to the compiler, not left to the applier's comparison.
     */
    @Test
    void reportedMemberChangesEqualTheDifferenceOfMemberLists() {
        int known = 0;
        int nonEmpty = 0;
        for (long seed = 50_001; seed <= 50_000 + SEQUENCES; seed++) {
            Sequence s = new Sequence(seed, seed % 2 == 0, seed % 3 == 0 ? MANY_PODS : FEW_PODS);
            s.run();
            known += s.knownChanges;
            nonEmpty += s.nonEmptyChanges;
        }
        assertTrue(nonEmpty >= SEQUENCES, "reported non-empty changes: " + nonEmpty + " of " + known + " known");
        assertTrue(known > 10 * nonEmpty, "unchanged sets are known too: " + known + " known, " + nonEmpty + " changed");
    }

    /** The agent's periodic path: {@code update(snapshot)} after any number of changes equals a full compile. */
    @Test
    void updateFromSnapshotEqualsFullCompile() {
        for (long seed = 20_001; seed <= 20_000 + SEQUENCES / 3; seed++) {
            Random r = new Random(seed);
            ClusterSnapshot a = cluster(r, seed);
            ClusterSnapshot b = RandomPolicies.replacePolicies(cluster(r, seed + 1), 12, seed);
            IncrementalNodeCompiler inc = new IncrementalNodeCompiler(CompilerOptions.DEFAULTS, "node-01");
            inc.update(a);
            assertSame(new NodeRulesetCompiler().compile(a, "node-01"), inc.ruleset(), "seed " + seed + " first update");
            inc.update(b);
            assertSame(new NodeRulesetCompiler().compile(b, "node-01"), inc.ruleset(), "seed " + seed + " second update");
        }
    }

    private static ClusterSnapshot cluster(Random r, long seed) {
        return cluster(r, seed, 24);
    }

    private static ClusterSnapshot cluster(Random r, long seed, int pods) {
        ClusterSnapshot base = SyntheticCluster.generate(new SyntheticCluster.Params(pods, 10, 3, 3, 0.3, seed));
        ClusterSnapshot withPolicies = r.nextBoolean() ? base : RandomPolicies.replacePolicies(base, 10, seed);
        return r.nextInt(3) == 0 ? withPolicies : SyntheticClusterPolicies.withClusterPolicies(withPolicies, 1 + r.nextInt(8), seed);
    }

    static void assertSame(NodeRuleset full, NodeRuleset inc, String context) {
        assertEquals(full.ipsetRestore(), inc.ipsetRestore(), context + ": ipset script");
        assertEquals(full.iptablesRestore(), inc.iptablesRestore(), context + ": iptables script");
        assertEquals(full.ip6tablesRestore(), inc.ip6tablesRestore(), context + ": ip6tables script");
        assertEquals(full.hash(), inc.hash(), context + ": hash");
        for (IpFamily f : IpFamily.values()) {
            assertEquals(full.chainsHash(f), inc.chainsHash(f), context + ": chains hash " + f);
        }
        assertEquals(full.stats(), inc.stats(), context + ": stats");
        assertEquals(new TreeMap<>(full.origins()), new TreeMap<>(inc.origins()), context + ": origins");
    }

    private static final class Sequence {
        private final long seed;
        private final boolean bursts;
        private final Shape shape;
        /** Whether a quarter of the events add, edit or remove staged policies. */
        private boolean staged;
        private final Random r;
        private final ClusterState state = new ClusterState();
        private final ChangeJournal journal = new ChangeJournal();
        private final Map<String, IncrementalNodeCompiler> compilers = new LinkedHashMap<>();
        private final List<String> events = new ArrayList<>();
        private int next;
        private int treeChecks;
        /** Per node: the ruleset seen at the previous check (every assembly happens in a check). */
        private final Map<String, NodeRuleset> previous = new LinkedHashMap<>();
        /** Sets whose member changes the compiler reported and the check compared, and how many of them were not empty. */
        private int knownChanges;
        private int nonEmptyChanges;

        Sequence(long seed, boolean bursts, CompilerOptions options) {
            this(seed, bursts, new Shape(options, FEW_PODS.pods(), FEW_PODS.wideAddresses()));
        }

        Sequence(long seed, boolean bursts, Shape shape) {
            this.seed = seed;
            this.bursts = bursts;
            this.shape = shape;
            this.r = new Random(seed);
        }

        /** Checks every event; returns how many checked rulesets had dispatch chains (a prefix tree). */
        int run() {
            state.addListener(journal);
            ClusterSnapshot base = cluster(r, seed, shape.pods());
            base.namespaces().forEach(state::upsertNamespace);
            base.nodes().forEach(state::upsertNode);
            base.pods().forEach(state::upsertPod);
            base.policies().forEach(state::upsertPolicy);
            base.clusterNetworkPolicies().forEach(state::upsertClusterNetworkPolicy);
            journal.drain();
            for (String n : NODES) {
                IncrementalNodeCompiler c = new IncrementalNodeCompiler(shape.options(), n);
                c.update(state.snapshot());
                compilers.put(n, c);
            }
            check("initial load");
            for (int i = 0; i < EVENTS; i++) {
                events.add(event());
                if (!bursts || r.nextInt(4) == 0 || i == EVENTS - 1) {
                    var changes = journal.drain();
                    compilers.values().forEach(c -> c.apply(state, changes));
                    check(events.get(events.size() - 1));
                }
            }
            return treeChecks;
        }

        private void check(String after) {
            ClusterSnapshot snapshot = state.snapshot();
            for (IncrementalNodeCompiler c : compilers.values()) {
                if (c.ruleset().chains(IpFamily.IPV4).stream().anyMatch(ch -> ch.name().matches("NETFENCE-D[EI]-.*"))) {
                    treeChecks++;
                }
                try {
                    assertSame(new NodeRulesetCompiler(shape.options()).compile(snapshot, c.nodeName()), c.ruleset(),
                            "node " + c.nodeName() + " after " + after);
                    checkMemberChanges(c, "node " + c.nodeName() + " after " + after);
                } catch (AssertionError e) {
                    fail("incremental != full compile, seed " + seed + (bursts ? " (bursts)" : "") + ", events:\n  "
                            + String.join("\n  ", events) + "\n" + e.getMessage(), e);
                }
            }
        }

        /** The compiler's member changes since the previous assembly == the difference of the two rulesets' member lists. */
        private void checkMemberChanges(IncrementalNodeCompiler c, String context) {
            NodeRuleset now = c.ruleset();
            NodeRuleset before = previous.put(c.nodeName(), now);
            if (before == now) {
                return; // not reassembled: the changes are still those of the previous check
            }
            SetMemberChanges changes = c.memberChanges();
            assertEquals(now.hash(), changes.toHash(), context + ": changes lead to this ruleset");
            if (before == null) {
                assertEquals(null, changes.fromHash(), context + ": first assembly");
                assertTrue(changes.bySet().isEmpty(), context + ": nothing known at the first assembly");
                return;
            }
            assertEquals(before.hash(), changes.fromHash(), context + ": changes start from the previous ruleset");
            Map<String, IpSetSpec> was = new TreeMap<>();
            before.ipsets().forEach(s -> was.put(s.name(), s));
            Map<String, IpSetSpec> is = new TreeMap<>();
            now.ipsets().forEach(s -> is.put(s.name(), s));
            for (Map.Entry<String, SetMemberChanges.Change> e : changes.bySet().entrySet()) {
                IpSetSpec a = was.get(e.getKey());
                IpSetSpec b = is.get(e.getKey());
                assertTrue(a != null && b != null, context + ": a known change of set " + e.getKey() + " in both rulesets");
                assertEquals(a.type() + a.family(), b.type() + b.family(), context + ": set " + e.getKey() + " kept its type");
                List<String> added = b.entries().stream().filter(m -> !a.entries().contains(m)).sorted().toList();
                List<String> removed = a.entries().stream().filter(m -> !b.entries().contains(m)).sorted().toList();
                assertEquals(added, e.getValue().added(), context + ": members added to " + e.getKey());
                assertEquals(removed, e.getValue().removed(), context + ": members removed from " + e.getKey());
                knownChanges++;
                if (!e.getValue().isEmpty()) {
                    nonEmptyChanges++;
                }
            }
        }

        private String event() {
            ClusterSnapshot now = state.snapshot();
            List<PodInfo> pods = now.pods();
            List<Policy> policies = now.policies();
            List<String> namespaces = new ArrayList<>(now.namespaces().stream().map(NamespaceInfo::name).toList());
            namespaces.add("ns-new");
            if (staged && r.nextInt(4) == 0) {
                return stagedEvent(now, namespaces);
            }
            int kind = r.nextInt(100);
            if (kind < 15 || pods.isEmpty()) {
                PodInfo p = new PodInfo(pick(namespaces), "p" + next++, labels(POD_LABELS), ips(), node(), r.nextInt(12) == 0,
                        phase(), ports());
                state.upsertPod(p);
                return "add pod " + p;
            }
            PodInfo pod = pods.get(r.nextInt(pods.size()));
            if (kind < 30) {
                PodInfo p = pod.withLabels(labels(POD_LABELS));
                state.upsertPod(p);
                return "relabel pod " + p.key() + " " + p.labels();
            }
            if (kind < 38) {
                PodInfo p = new PodInfo(pod.namespace(), pod.name(), pod.labels(), ips(), pod.nodeName(), pod.hostNetwork(),
                        pod.phase(), pod.ports());
                state.upsertPod(p);
                return "re-address pod " + p.key() + " " + p.ips();
            }
            if (kind < 43) {
                PodInfo p = new PodInfo(pod.namespace(), pod.name(), pod.labels(), pod.ips(), node(), r.nextInt(12) == 0,
                        phase(), r.nextBoolean() ? pod.ports() : ports());
                state.upsertPod(p);
                return "move/phase/ports pod " + p;
            }
            if (kind < 53) {
                state.removePod(pod.namespace(), pod.name());
                return "remove pod " + pod.key();
            }
            if (kind < 63 || policies.isEmpty()) {
                Policy p = RandomPolicies.policy(pick(namespaces), "rp" + next++, r.nextLong());
                state.upsertPolicy(p);
                return "add policy " + p;
            }
            Policy policy = policies.get(r.nextInt(policies.size()));
            if (kind < 75) {
                Policy p = RandomPolicies.policy(policy.namespace(), policy.name(), r.nextLong());
                state.upsertPolicy(p);
                return "edit policy " + p;
            }
            if (kind < 83) {
                state.removePolicy(policy.namespace(), policy.name());
                return "remove policy " + policy.key();
            }
            if (kind < 93 && r.nextInt(3) > 0) {
                List<ClusterNetworkPolicy> cnps = now.clusterNetworkPolicies();
                if (cnps.isEmpty() || r.nextInt(3) == 0) {
                    ClusterNetworkPolicy c = clusterPolicy("cnp" + next++);
                    state.upsertClusterNetworkPolicy(c);
                    return "add cnp " + c;
                }
                ClusterNetworkPolicy old = pick(cnps);
                if (r.nextInt(3) == 0) {
                    state.removeClusterNetworkPolicy(old.name());
                    return "remove cnp " + old.name();
                }
                ClusterNetworkPolicy c = clusterPolicy(old.name());
                state.upsertClusterNetworkPolicy(c);
                return "edit cnp " + c;
            }
            if (kind < 93) {
                String ns = pick(namespaces);
                if (r.nextInt(5) == 0) {
                    state.removeNamespace(ns);
                    return "remove namespace " + ns;
                }
                NamespaceInfo n = new NamespaceInfo(ns, labels(NS_LABELS));
                state.upsertNamespace(n);
                return "namespace " + n;
            }
            String name = pick(NODES);
            if (r.nextInt(4) == 0) {
                state.removeNode(name);
                return "remove node " + name;
            }
            int i = NODES.indexOf(name);
            List<String> cidrs = new ArrayList<>(List.of("10.100." + (2 * i) + ".0/23"));
            if (r.nextBoolean()) {
                cidrs.add("fd00:10:" + Integer.toHexString(100 + i) + "::/64");
            }
            NodeInfo n = new NodeInfo(name, r.nextBoolean() ? List.of("192.168.0." + (10 + i)) : List.of("192.168.0." + (10 + i),
                    "10.100." + (2 * r.nextInt(3)) + ".1", "fd00:192::" + (10 + i)), cidrs,
                    r.nextBoolean() ? Map.of() : Map.of("role", r.nextBoolean() ? "worker" : "control"));
            state.upsertNode(n);
            return "node " + n;
        }

        private String stagedEvent(ClusterSnapshot now, List<String> namespaces) {
            if (r.nextInt(3) == 0) {
                return stagedClusterEvent(now);
            }
            List<Policy> current = now.stagedPolicies();
            int kind = r.nextInt(10);
            if (kind < 4 || current.isEmpty()) {
                // a new name, or an enforced policy's name (staging its replacement)
                Policy p = !now.policies().isEmpty() && r.nextBoolean()
                        ? RandomPolicies.policy(pick(now.policies()).namespace(), pick(now.policies()).name(), r.nextLong())
                        : RandomPolicies.policy(pick(namespaces), "sp" + next++, r.nextLong());
                if (r.nextInt(3) == 0) {
                    p = new Policy(p.namespace(), p.name(), p.podSelector(), p.policyTypes(), List.of(), List.of()); // deny all
                }
                state.upsertStagedPolicy(p);
                return "stage policy " + p;
            }
            Policy old = pick(current);
            if (kind < 7) {
                Policy p = RandomPolicies.policy(old.namespace(), old.name(), r.nextLong());
                state.upsertStagedPolicy(p);
                return "edit staged policy " + p;
            }
            state.removeStagedPolicy(old.namespace(), old.name());
            return "remove staged policy " + old.key();
        }

        /** StagedClusterNetworkPolicies added (also under an enforced one's name), edited and removed. */
        private String stagedClusterEvent(ClusterSnapshot now) {
            List<ClusterNetworkPolicy> current = now.stagedClusterNetworkPolicies();
            int kind = r.nextInt(10);
            if (kind < 4 || current.isEmpty()) {
                String name = !now.clusterNetworkPolicies().isEmpty() && r.nextBoolean()
                        ? pick(now.clusterNetworkPolicies()).name() : "scnp" + next++;
                ClusterNetworkPolicy c = clusterPolicy(name);
                state.upsertStagedClusterNetworkPolicy(c);
                return "stage cnp " + c;
            }
            ClusterNetworkPolicy old = pick(current);
            if (kind < 7) {
                ClusterNetworkPolicy c = clusterPolicy(old.name());
                state.upsertStagedClusterNetworkPolicy(c);
                return "edit staged cnp " + c;
            }
            state.removeStagedClusterNetworkPolicy(old.name());
            return "remove staged cnp " + old.name();
        }

        /** Both tiers, few priorities (ties), every peer kind and port kind, labels from this test's vocabulary. */
        private ClusterNetworkPolicy clusterPolicy(String name) {
            ClusterPolicyTier tier = r.nextBoolean() ? ClusterPolicyTier.ADMIN : ClusterPolicyTier.BASELINE;
            ClusterPolicySubject subject = r.nextBoolean() ? ClusterPolicySubject.namespaces(selector(NS_LABELS))
                    : ClusterPolicySubject.pods(selector(NS_LABELS), selector(POD_LABELS));
            return new ClusterNetworkPolicy(name, tier, r.nextInt(3) * 10, subject, clusterRules(false), clusterRules(true));
        }

        private List<ClusterPolicyRule> clusterRules(boolean egress) {
            List<ClusterPolicyRule> rules = new ArrayList<>();
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                List<ClusterPolicyPeer> peers = new ArrayList<>();
                int pn = 1 + r.nextInt(2);
                for (int p = 0; p < pn; p++) {
                    peers.add(switch (r.nextInt(egress ? 10 : 5)) {
                        case 0, 1 -> new ClusterPolicyPeer.Pods(selector(NS_LABELS), null);
                        case 2, 3 -> new ClusterPolicyPeer.Pods(selector(NS_LABELS), selector(POD_LABELS));
                        case 4 -> new ClusterPolicyPeer.Unknown("serviceAccounts");
                        case 5, 6 -> new ClusterPolicyPeer.Networks(List.of(Cidr.of(pick(List.of("10.100.0.0/16", "192.168.0.0/24",
                                "0.0.0.0/0", "fd00:10::/32", "::/0")))));
                        case 7, 8 -> new ClusterPolicyPeer.Nodes(r.nextBoolean() ? LabelSelector.EVERYTHING
                                : LabelSelector.of(Map.of("role", r.nextBoolean() ? "worker" : "control")));
                        default -> new ClusterPolicyPeer.DomainNames(List.of("example.com"));
                    });
                }
                List<ClusterPolicyPort> ports = new ArrayList<>();
                int qn = r.nextInt(3);
                for (int q = 0; q < qn; q++) {
                    Protocol proto = pick(List.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP));
                    ports.add(switch (r.nextInt(3)) {
                        case 0 -> ClusterPolicyPort.number(proto, 8000 + r.nextInt(3));
                        case 1 -> ClusterPolicyPort.range(proto, 8000, 8001 + r.nextInt(100));
                        default -> ClusterPolicyPort.named(pick(List.of(PORT_NAMES)));
                    });
                }
                rules.add(new ClusterPolicyRule(r.nextBoolean() ? "r" + i : "", pick(List.of(ClusterPolicyAction.values())), peers, ports));
            }
            return rules;
        }

        private LabelSelector selector(String[][] vocabulary) {
            return r.nextInt(4) == 0 ? LabelSelector.EVERYTHING : LabelSelector.of(labels(vocabulary));
        }

        private <T> T pick(List<T> l) {
            return l.get(r.nextInt(l.size()));
        }

        private Map<String, String> labels(String[][] vocabulary) {
            Map<String, String> out = new TreeMap<>();
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                String[] kv = vocabulary[r.nextInt(vocabulary.length)];
                out.put(kv[0], kv[1]);
            }
            return out;
        }

        /** Few distinct addresses, so pods share them; some are node gateways, some IPv6 (also non-canonical), some invalid. */
        private List<String> ips() {
            List<String> out = new ArrayList<>();
            int n = r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(2);
            for (int i = 0; i < n; i++) {
                if (shape.wideAddresses() && r.nextBoolean()) {
                    int node = r.nextInt(3);
                    out.add(r.nextInt(3) == 0 ? "fd00:10:" + Integer.toHexString(100 + node) + "::" + Integer.toHexString(r.nextInt(4096))
                            : "10.100." + (2 * node + r.nextInt(2)) + "." + r.nextInt(256));
                    continue;
                }
                switch (r.nextInt(10)) {
                    case 0 -> out.add("fd00:10:" + Integer.toHexString(100 + r.nextInt(3)) + "::" + (1 + r.nextInt(6)));
                    case 1 -> out.add("fd00:10:64:0:0::" + (1 + r.nextInt(6)));
                    case 2 -> out.add("bogus");
                    case 3 -> out.add("10.100." + (2 * r.nextInt(3)) + ".1");
                    default -> out.add("10.100." + (2 * r.nextInt(3)) + "." + (2 + r.nextInt(8)));
                }
            }
            return out;
        }

        private String node() {
            return r.nextInt(10) == 0 ? null : pick(NODES);
        }

        private String phase() {
            return switch (r.nextInt(10)) {
                case 0 -> "Succeeded";
                case 1 -> "Failed";
                case 2 -> "Pending";
                default -> "Running";
            };
        }

        private List<ContainerPortInfo> ports() {
            List<ContainerPortInfo> out = new ArrayList<>();
            int n = r.nextInt(3);
            for (int i = 0; i < n; i++) {
                out.add(new ContainerPortInfo(pick(List.of(PORT_NAMES)), 8000 + r.nextInt(3),
                        r.nextInt(4) == 0 ? Protocol.UDP : Protocol.TCP));
            }
            return out;
        }
    }
}
