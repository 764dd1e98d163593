package io.netfence.engine.compile;

import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles the NetworkPolicies and ClusterNetworkPolicies (Admin and Baseline tiers) of a cluster snapshot into the ipsets and filter-table chains one node needs.
 * See docs/dataplane.md for the contract (names, hooks, marks, order). Stateless and thread-safe.
 */
public final class NodeRulesetCompiler {

    public static final String FORWARD_CHAIN = "NETFENCE-FORWARD";
    public static final String OUTPUT_CHAIN = "NETFENCE-OUTPUT";
    public static final String INPUT_CHAIN = "NETFENCE-INPUT";
    public static final String REJECT_CHAIN = "NETFENCE-REJECT";
    /** The comment on each hook jump, so tools can find (and cleanup remove) them. */
    public static final String HOOK_COMMENT = "netfence";
    /**
     * Version of the compiled output: bump it whenever the same snapshot compiles to different scripts (and so a
     * different {@link NodeRuleset#hash()}). Agents report it; a console on another version cannot compare hashes.
     * NodeRulesetCompilerVersionTest pins it to the hash of a reference compile.
     */
    public static final String VERSION = "2";

    private final CompilerOptions options;

    public NodeRulesetCompiler() {
        this(CompilerOptions.DEFAULTS);
    }

    public NodeRulesetCompiler(CompilerOptions options) {
        this.options = options;
    }

    public CompilerOptions options() {
        return options;
    }

    /**
     * Whether a NetworkPolicy selecting this pod puts rules on the pod's node: the pod is selectable and has an address the
     * compiler can read (it skips pods without one). A policy's chains and sets are reached only from the chains of such
     * pods, so adding, changing or removing a policy changes the rulesets of the nodes hosting a pod like this that it
     * selects (before or after) and no other node's ({@code PolicyNodesTest} compiles both ways to check); usually every
     * one of them, but not where it adds nothing (a deny-all next to another policy isolating the same pods).
     */
    public static boolean hasRulesFor(PodInfo pod) {
        return pod.selectable() && (!PeerIndex.ipsOf(pod, IpFamily.IPV4).isEmpty() || PeerIndex.hasIpv6(pod));
    }

    public NodeRuleset compile(ClusterSnapshot snapshot, String nodeName) {
        return compile(snapshot, nodeName, new PodIndex(snapshot));
    }

    /**
     * Every node of the snapshot, by name (sorted). Faster than compiling node by node: the pods each peer selects
     * are resolved once for all nodes. Each result equals {@link #compile(ClusterSnapshot, String)} for that node.
     */
    public Map<String, NodeRuleset> compileAll(ClusterSnapshot snapshot) {
        PodIndex index = new PodIndex(snapshot);
        Map<String, NodeRuleset> out = new LinkedHashMap<>();
        snapshot.nodes().forEach(n -> out.put(n.name(), compile(snapshot, n.name(), index)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * The named nodes (in the given order), sharing one resolution of peers to pods as {@link #compileAll} does: what a
     * preview needs when a change touches a few of many nodes. Each result equals {@link #compile(ClusterSnapshot, String)}.
     */
    public Map<String, NodeRuleset> compileNodes(ClusterSnapshot snapshot, java.util.Collection<String> nodeNames) {
        PodIndex index = new PodIndex(snapshot);
        Map<String, NodeRuleset> out = new LinkedHashMap<>();
        nodeNames.forEach(n -> out.put(n, compile(snapshot, n, index)));
        return java.util.Collections.unmodifiableMap(out);
    }

    private NodeRuleset compile(ClusterSnapshot snapshot, String nodeName, PodIndex index) {
        List<PodInfo> local = snapshot.podsOnNode(nodeName).stream().filter(PodInfo::selectable).toList();
        Map<PodInfo, List<Policy>> ingress = new IdentityHashMap<>();
        Map<PodInfo, List<Policy>> egress = new IdentityHashMap<>();
        Map<String, List<PodInfo>> localByNamespace = new LinkedHashMap<>();
        for (PodInfo p : local) {
            localByNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p);
        }
        // Policies come sorted by namespace/name, so each pod's lists are too.
        for (Policy policy : snapshot.policies()) {
            for (PodInfo pod : localByNamespace.getOrDefault(policy.namespace(), List.of())) {
                if (policy.selects(pod)) {
                    if (policy.isolates(Direction.INGRESS)) {
                        ingress.computeIfAbsent(pod, k -> new ArrayList<>()).add(policy);
                    }
                    if (policy.isolates(Direction.EGRESS)) {
                        egress.computeIfAbsent(pod, k -> new ArrayList<>()).add(policy);
                    }
                }
            }
        }
        Map<PodInfo, List<ClusterNetworkPolicy>> clusterIngress = new IdentityHashMap<>();
        Map<PodInfo, List<ClusterNetworkPolicy>> clusterEgress = new IdentityHashMap<>();
        for (PodInfo pod : local) {
            subjectOf(snapshot.clusterNetworkPolicies(), pod, snapshot.namespaceLabels(pod.namespace()), clusterIngress, clusterEgress);
        }
        return assemble(options, nodeName, snapshot.node(nodeName).orElse(null), local, ingress, egress, clusterIngress,
                clusterEgress, staged(snapshot.stagedPolicies(), localByNamespace, snapshot.stagedClusterNetworkPolicies(), local,
                        snapshot::namespaceLabels), index, new CompileMemo());
    }

    /**
     * The staged policies (sorted by namespace/name) isolating each local pod, and the staged ClusterNetworkPolicies
     * (evaluation order) whose subject it is, per direction.
     */
    static StagedSelection staged(List<Policy> stagedPolicies, Map<String, List<PodInfo>> localByNamespace,
                                  List<ClusterNetworkPolicy> stagedClusterPolicies, List<PodInfo> local,
                                  java.util.function.Function<String, Map<String, String>> namespaceLabels) {
        if (stagedPolicies.isEmpty() && stagedClusterPolicies.isEmpty()) {
            return StagedSelection.NONE;
        }
        Map<PodInfo, List<ClusterNetworkPolicy>> clusterIngress = new IdentityHashMap<>();
        Map<PodInfo, List<ClusterNetworkPolicy>> clusterEgress = new IdentityHashMap<>();
        if (!stagedClusterPolicies.isEmpty()) {
            for (PodInfo pod : local) {
                subjectOf(stagedClusterPolicies, pod, namespaceLabels.apply(pod.namespace()), clusterIngress, clusterEgress);
            }
        }
        Map<PodInfo, List<Policy>> ingress = new IdentityHashMap<>();
        Map<PodInfo, List<Policy>> egress = new IdentityHashMap<>();
        for (Policy policy : stagedPolicies) {
            for (PodInfo pod : localByNamespace.getOrDefault(policy.namespace(), List.of())) {
                if (policy.selects(pod)) {
                    if (policy.isolates(Direction.INGRESS)) {
                        ingress.computeIfAbsent(pod, k -> new ArrayList<>()).add(policy);
                    }
                    if (policy.isolates(Direction.EGRESS)) {
                        egress.computeIfAbsent(pod, k -> new ArrayList<>()).add(policy);
                    }
                }
            }
        }
        return new StagedSelection(ingress, egress, clusterIngress, clusterEgress);
    }

    /**
     * Puts the ClusterNetworkPolicies ({@code policies} in evaluation order) whose subject is {@code pod} and that have
     * rules for a direction into that direction's map (in evaluation order; nothing when none).
     */
    static void subjectOf(List<ClusterNetworkPolicy> policies, PodInfo pod, Map<String, String> namespaceLabels,
                          Map<PodInfo, List<ClusterNetworkPolicy>> ingress, Map<PodInfo, List<ClusterNetworkPolicy>> egress) {
        for (ClusterNetworkPolicy cnp : policies) {
            if (cnp.subject().selects(pod, namespaceLabels)) {
                if (!cnp.ingress().isEmpty()) {
                    ingress.computeIfAbsent(pod, k -> new ArrayList<>()).add(cnp);
                }
                if (!cnp.egress().isEmpty()) {
                    egress.computeIfAbsent(pod, k -> new ArrayList<>()).add(cnp);
                }
            }
        }
    }

    /**
     * The ruleset of one node from its selectable local pods (sorted by namespace, name), the policies isolating each
     * of them (sorted likewise; pods without any absent) and the cluster-wide answers of {@code index}. The one place
     * both the full and the incremental compile produce their output, so they cannot differ in layout.
     */
    static NodeRuleset assemble(CompilerOptions options, String nodeName, io.netfence.engine.model.NodeInfo node,
                                List<PodInfo> local, Map<PodInfo, List<Policy>> ingress, Map<PodInfo, List<Policy>> egress,
                                Map<PodInfo, List<ClusterNetworkPolicy>> clusterIngress,
                                Map<PodInfo, List<ClusterNetworkPolicy>> clusterEgress, StagedSelection staged, PeerIndex index,
                                CompileMemo memo) {
        int isolated = 0;
        for (PodInfo p : local) {
            if (ingress.containsKey(p) || egress.containsKey(p)) {
                isolated++;
            }
        }
        Map<IpFamily, List<ChainSpec>> chains = new EnumMap<>(IpFamily.class);
        Map<IpFamily, List<HookSpec>> hooks = new EnumMap<>(IpFamily.class);
        List<IpSetSpec> sets = new ArrayList<>();
        Map<String, String> origins = new java.util.HashMap<>();
        for (IpFamily family : IpFamily.values()) {
            if (family == IpFamily.IPV6 && !index.anyIpv6()) {
                continue;
            }
            FamilyRulesetBuilder builder = new FamilyRulesetBuilder(family, options, index, nodeName, local, memo);
            chains.put(family, builder.build(node, ingress, egress, clusterIngress, clusterEgress, staged));
            sets.addAll(builder.sets());
            origins.putAll(builder.origins());
            hooks.put(family, hooks());
        }
        return new NodeRuleset(nodeName, sets, chains, hooks, local.size(), isolated, origins);
    }

    /** FORWARD (pod ↔ pod, remote ↔ pod), INPUT (local pod → node), OUTPUT (node → local pod). */
    static List<HookSpec> hooks() {
        return List.of(hook("FORWARD", FORWARD_CHAIN), hook("INPUT", INPUT_CHAIN), hook("OUTPUT", OUTPUT_CHAIN));
    }

    private static HookSpec hook(String builtin, String target) {
        return new HookSpec(builtin, "-m comment --comment " + HOOK_COMMENT + " -j " + target,
                List.of("-m", "comment", "--comment", HOOK_COMMENT, "-j", target));
    }
}
