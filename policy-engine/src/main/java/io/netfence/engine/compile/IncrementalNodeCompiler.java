package io.netfence.engine.compile;

import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterChange;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One node's ruleset kept up to date object by object, without re-snapshotting the cluster. It holds its own model of
 * the cluster (pods, namespaces, policies, this node) and, between compiles, what depends on one object only:
 * <ul>
 *   <li>a pod change updates the members of the peer and named-port sets that select its old or new version
 *       ({@link LivePeerIndex}) and, for a pod of this node, the policies isolating it;</li>
 *   <li>a policy change re-evaluates which pods of its namespace on this node it isolates; its chains are rebuilt
 *       because they were built from the previous policy object ({@link CompileMemo});</li>
 *   <li>a namespace label change drops the peer sets whose namespace selector now decides differently and, with
 *       ClusterNetworkPolicies, re-evaluates which of them select this node's pods of that namespace;</li>
 *   <li>a ClusterNetworkPolicy change re-evaluates which of this node's pods each selects (their chains are rebuilt
 *       because they were built from the previous object); while some ClusterNetworkPolicy has a {@code nodes} peer,
 *       any node change recompiles (the node sets are resolved from the nodes at every compile).</li>
 * </ul>
 * {@link #ruleset()} then assembles the ruleset through the same code as {@link NodeRulesetCompiler#compile}, from
 * the memoized chains and sets: the result is byte-identical to a full compile of the same objects
 * (IncrementalNodeCompilerPropertyTest). Not thread-safe: one sync thread feeds and reads it.
 */
public final class IncrementalNodeCompiler {

    private final CompilerOptions options;
    private final String nodeName;
    private final Map<String, NodeInfo> nodes = new HashMap<>();
    private final LivePeerIndex index = new LivePeerIndex(nodes);
    private final CompileMemo memo = new CompileMemo();
    private final Map<String, ClusterNetworkPolicy> clusterPolicies = new HashMap<>();
    /** {@link #clusterPolicies} in evaluation order. */
    private List<ClusterNetworkPolicy> clusterOrder = List.of();
    /** Whether some ClusterNetworkPolicy has a {@code nodes} peer (then any node's labels or addresses matter). */
    private boolean nodePeers;
    /** Per local pod: the ClusterNetworkPolicies whose subject it is, with rules of that direction, in evaluation order. */
    private final Map<String, List<ClusterNetworkPolicy>> clusterIngressOf = new HashMap<>();
    private final Map<String, List<ClusterNetworkPolicy>> clusterEgressOf = new HashMap<>();
    private final Map<String, Policy> policies = new HashMap<>();
    /** Policies by namespace, then name: a pod's isolating policies in compile order. */
    private final Map<String, TreeMap<String, Policy>> policiesByNamespace = new HashMap<>();
    /** This node's selectable pods, ordered as the snapshot orders pods (namespace, then name). */
    private final TreeMap<String, PodInfo> local = new TreeMap<>();
    private final Map<String, List<Policy>> ingressOf = new HashMap<>();
    private final Map<String, List<Policy>> egressOf = new HashMap<>();
    /** StagedNetworkPolicies by key and by namespace, then name. */
    private final Map<String, Policy> staged = new HashMap<>();
    private final Map<String, TreeMap<String, Policy>> stagedByNamespace = new HashMap<>();
    /** StagedClusterNetworkPolicies by name. */
    private final Map<String, ClusterNetworkPolicy> stagedCluster = new HashMap<>();
    private NodeRuleset last;
    /** How the set members changed from the ruleset assembled before {@link #last} to it (null: none assembled yet). */
    private SetMemberChanges changes;
    private NodeRuleset lastAssembled;

    public IncrementalNodeCompiler(CompilerOptions options, String nodeName) {
        this.options = Objects.requireNonNull(options);
        this.nodeName = Objects.requireNonNull(nodeName);
    }

    public String nodeName() {
        return nodeName;
    }

    /** This node's ruleset for the objects fed so far; equal to {@code new NodeRulesetCompiler(options).compile(snapshot(), node)}. */
    public NodeRuleset ruleset() {
        if (last == null) {
            List<PodInfo> pods = localPods();
            Map<PodInfo, List<Policy>> ingress = new IdentityHashMap<>();
            Map<PodInfo, List<Policy>> egress = new IdentityHashMap<>();
            Map<PodInfo, List<ClusterNetworkPolicy>> clusterIngress = new IdentityHashMap<>();
            Map<PodInfo, List<ClusterNetworkPolicy>> clusterEgress = new IdentityHashMap<>();
            for (PodInfo p : pods) {
                List<ClusterNetworkPolicy> ci = clusterIngressOf.get(p.key());
                if (ci != null) {
                    clusterIngress.put(p, ci);
                }
                List<ClusterNetworkPolicy> ce = clusterEgressOf.get(p.key());
                if (ce != null) {
                    clusterEgress.put(p, ce);
                }
                List<Policy> in = ingressOf.get(p.key());
                if (in != null) {
                    ingress.put(p, in);
                }
                List<Policy> eg = egressOf.get(p.key());
                if (eg != null) {
                    egress.put(p, eg);
                }
            }
            NodeRuleset previous = lastAssembled;
            last = NodeRulesetCompiler.assemble(options, nodeName, nodes.get(nodeName), pods, ingress, egress, clusterIngress,
                    clusterEgress, stagedSelection(pods), index, memo);
            changes = memberChanges(previous, last);
            lastAssembled = last;
            index.sweep();
            memo.sweep();
        }
        return last;
    }

    /**
     * How the members of {@link #ruleset()}'s sets changed since the ruleset assembled before it, for the sets this
     * compiler knows without comparing member lists (see {@link SetMemberChanges}): what an applier needs to update the
     * kernel's sets in place when it applied that previous ruleset. Empty after the first assembly.
     */
    public SetMemberChanges memberChanges() {
        ruleset();
        return changes;
    }

    private SetMemberChanges memberChanges(NodeRuleset previous, NodeRuleset now) {
        if (previous == null) {
            return new SetMemberChanges(null, now.hash(), Map.of());
        }
        Map<String, IpSetSpec> before = new HashMap<>();
        for (IpSetSpec s : previous.ipsets()) {
            before.put(s.name(), s);
        }
        Map<String, SetMemberChanges.Change> out = new HashMap<>();
        for (IpSetSpec s : now.ipsets()) {
            IpSetSpec b = before.get(s.name());
            if (b != null && b.type().equals(s.type()) && b.family() == s.family()) {
                SetMemberChanges.Change c = index.change(s.entries(), b.entries());
                if (c != null) {
                    out.put(s.name(), c);
                }
            }
        }
        return new SetMemberChanges(previous.hash(), now.hash(), out);
    }

    /** Staged policies change rarely and are few: selected afresh at each assembly, as the full compile does. */
    private StagedSelection stagedSelection(List<PodInfo> pods) {
        if (staged.isEmpty() && stagedCluster.isEmpty()) {
            return StagedSelection.NONE;
        }
        Map<String, List<PodInfo>> byNamespace = new java.util.LinkedHashMap<>();
        for (PodInfo p : pods) {
            if (stagedByNamespace.containsKey(p.namespace())) {
                byNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p);
            }
        }
        List<Policy> sorted = new ArrayList<>();
        new TreeMap<>(stagedByNamespace).values().forEach(ns -> sorted.addAll(ns.values()));
        return NodeRulesetCompiler.staged(sorted, byNamespace,
                stagedCluster.values().stream().sorted(ClusterNetworkPolicy.EVALUATION_ORDER).toList(), pods, index::namespaceLabels);
    }

    /** This node, if it was fed. */
    public Optional<NodeInfo> node() {
        return Optional.ofNullable(nodes.get(nodeName));
    }

    /** This node's selectable pods, sorted by namespace and name. */
    public List<PodInfo> localPods() {
        return List.copyOf(local.values());
    }

    /** This node and its selectable pods, as a snapshot (what the agent's dataplane factory reads besides the ruleset). */
    public ClusterSnapshot nodeView() {
        return ClusterSnapshot.of(List.of(), local.values(), node().map(List::of).orElse(List.of()), List.of());
    }

    /** Everything fed so far as a snapshot (to compare with a full compile). */
    public ClusterSnapshot snapshot() {
        return ClusterSnapshot.of(index.namespaces(), index.allPods(), nodes.values(), policies.values(), clusterPolicies.values(),
                staged.values(), stagedCluster.values());
    }

    // ---- feeding --------------------------------------------------------------------------------------------------

    public void upsertPod(PodInfo pod) {
        PodInfo old = index.pod(pod.namespace(), pod.name());
        if (pod.equals(old)) {
            return;
        }
        replacePod(old, pod);
    }

    public void removePod(String namespace, String name) {
        PodInfo old = index.pod(namespace, name);
        if (old != null) {
            replacePod(old, null);
        }
    }

    private void replacePod(PodInfo old, PodInfo now) {
        index.replacePod(old, now);
        if (old != null && isLocal(old)) {
            local.remove(order(old));
            ingressOf.remove(old.key());
            egressOf.remove(old.key());
            clusterIngressOf.remove(old.key());
            clusterEgressOf.remove(old.key());
        }
        if (now != null && isLocal(now)) {
            local.put(order(now), now);
            isolate(now);
        }
        last = null;
    }

    public void upsertNamespace(NamespaceInfo ns) {
        if (!ns.equals(index.namespace(ns.name()))) {
            replaceNamespace(ns.name(), ns);
        }
    }

    public void removeNamespace(String name) {
        if (index.namespace(name) != null) {
            replaceNamespace(name, null);
        }
    }

    private void replaceNamespace(String name, NamespaceInfo ns) {
        Map<String, String> before = index.namespaceLabels(name);
        index.replaceNamespace(name, ns);
        if (!clusterOrder.isEmpty() && !before.equals(index.namespaceLabels(name))) {
            reisolate(name); // ClusterNetworkPolicy subjects select by namespace labels
        }
        last = null;
    }

    /** Only this node's object matters; others are kept for {@link #snapshot()} only. */
    public void upsertNode(NodeInfo node) {
        NodeInfo old = nodes.put(node.name(), node);
        if ((node.name().equals(nodeName) || nodePeers) && !node.equals(old)) {
            last = null;
        }
    }

    public void removeNode(String name) {
        if (nodes.remove(name) != null && (name.equals(nodeName) || nodePeers)) {
            last = null;
        }
    }

    public void upsertClusterNetworkPolicy(ClusterNetworkPolicy cnp) {
        if (cnp.equals(clusterPolicies.get(cnp.name()))) {
            return; // keep the object its memoized chains were built from
        }
        clusterPolicies.put(cnp.name(), cnp);
        clusterPoliciesChanged();
    }

    public void removeClusterNetworkPolicy(String name) {
        if (clusterPolicies.remove(name) != null) {
            clusterPoliciesChanged();
        }
    }

    private void clusterPoliciesChanged() {
        clusterOrder = clusterPolicies.values().stream().sorted(ClusterNetworkPolicy.EVALUATION_ORDER).toList();
        nodePeers = hasNodePeers(clusterOrder) || hasNodePeers(stagedCluster.values());
        for (PodInfo p : local.values()) {
            isolate(p);
        }
        last = null;
    }

    private static boolean hasNodePeers(Collection<ClusterNetworkPolicy> policies) {
        return policies.stream().flatMap(c -> java.util.stream.Stream.concat(c.ingress().stream(), c.egress().stream()))
                .flatMap(r -> r.peers().stream()).anyMatch(p -> p instanceof ClusterPolicyPeer.Nodes);
    }

    public void upsertPolicy(Policy policy) {
        if (policy.equals(policies.get(policy.key()))) {
            return; // keep the object its memoized chains were built from
        }
        policies.put(policy.key(), policy);
        policiesByNamespace.computeIfAbsent(policy.namespace(), k -> new TreeMap<>()).put(policy.name(), policy);
        reisolate(policy.namespace());
    }

    public void removePolicy(String namespace, String name) {
        if (policies.remove(namespace + "/" + name) == null) {
            return;
        }
        TreeMap<String, Policy> ns = policiesByNamespace.get(namespace);
        ns.remove(name);
        if (ns.isEmpty()) {
            policiesByNamespace.remove(namespace);
        }
        reisolate(namespace);
    }

    public void upsertStagedPolicy(Policy policy) {
        if (policy.equals(staged.get(policy.key()))) {
            return; // keep the object its memoized chains were built from
        }
        staged.put(policy.key(), policy);
        stagedByNamespace.computeIfAbsent(policy.namespace(), k -> new TreeMap<>()).put(policy.name(), policy);
        last = null;
    }

    public void removeStagedPolicy(String namespace, String name) {
        if (staged.remove(namespace + "/" + name) == null) {
            return;
        }
        TreeMap<String, Policy> ns = stagedByNamespace.get(namespace);
        ns.remove(name);
        if (ns.isEmpty()) {
            stagedByNamespace.remove(namespace);
        }
        last = null;
    }

    public void upsertStagedClusterNetworkPolicy(ClusterNetworkPolicy cnp) {
        if (cnp.equals(stagedCluster.get(cnp.name()))) {
            return; // keep the object its memoized chains were built from
        }
        stagedCluster.put(cnp.name(), cnp);
        nodePeers = hasNodePeers(clusterOrder) || hasNodePeers(stagedCluster.values());
        last = null;
    }

    public void removeStagedClusterNetworkPolicy(String name) {
        if (stagedCluster.remove(name) != null) {
            nodePeers = hasNodePeers(clusterOrder) || hasNodePeers(stagedCluster.values());
            last = null;
        }
    }

    /**
     * Makes the model equal to {@code snapshot}, applying only what differs.
     *
     * @return how many objects differed
     */
    public int update(ClusterSnapshot snapshot) {
        int changed = 0;
        Set<String> keep = new HashSet<>();
        for (NamespaceInfo ns : snapshot.namespaces()) {
            keep.add(ns.name());
            if (!ns.equals(index.namespace(ns.name()))) {
                upsertNamespace(ns);
                changed++;
            }
        }
        for (NamespaceInfo ns : List.copyOf(index.namespaces())) {
            if (!keep.contains(ns.name())) {
                removeNamespace(ns.name());
                changed++;
            }
        }
        keep.clear();
        for (NodeInfo n : snapshot.nodes()) {
            keep.add(n.name());
            if (!n.equals(nodes.get(n.name()))) {
                upsertNode(n);
                changed++;
            }
        }
        for (String n : List.copyOf(nodes.keySet())) {
            if (!keep.contains(n)) {
                removeNode(n);
                changed++;
            }
        }
        keep.clear();
        for (PodInfo p : snapshot.pods()) {
            keep.add(p.key());
            if (!p.equals(index.pod(p.namespace(), p.name()))) {
                upsertPod(p);
                changed++;
            }
        }
        for (PodInfo p : index.allPods()) {
            if (!keep.contains(p.key())) {
                removePod(p.namespace(), p.name());
                changed++;
            }
        }
        keep.clear();
        for (Policy p : snapshot.policies()) {
            keep.add(p.key());
            if (!p.equals(policies.get(p.key()))) {
                upsertPolicy(p);
                changed++;
            }
        }
        for (Policy p : List.copyOf(policies.values())) {
            if (!keep.contains(p.key())) {
                removePolicy(p.namespace(), p.name());
                changed++;
            }
        }
        keep.clear();
        for (ClusterNetworkPolicy c : snapshot.clusterNetworkPolicies()) {
            keep.add(c.name());
            if (!c.equals(clusterPolicies.get(c.name()))) {
                upsertClusterNetworkPolicy(c);
                changed++;
            }
        }
        for (String name : List.copyOf(clusterPolicies.keySet())) {
            if (!keep.contains(name)) {
                removeClusterNetworkPolicy(name);
                changed++;
            }
        }
        keep.clear();
        for (Policy p : snapshot.stagedPolicies()) {
            keep.add(p.key());
            if (!p.equals(staged.get(p.key()))) {
                upsertStagedPolicy(p);
                changed++;
            }
        }
        for (Policy p : List.copyOf(staged.values())) {
            if (!keep.contains(p.key())) {
                removeStagedPolicy(p.namespace(), p.name());
                changed++;
            }
        }
        keep.clear();
        for (ClusterNetworkPolicy c : snapshot.stagedClusterNetworkPolicies()) {
            keep.add(c.name());
            if (!c.equals(stagedCluster.get(c.name()))) {
                upsertStagedClusterNetworkPolicy(c);
                changed++;
            }
        }
        for (String name : List.copyOf(stagedCluster.keySet())) {
            if (!keep.contains(name)) {
                removeStagedClusterNetworkPolicy(name);
                changed++;
            }
        }
        return changed;
    }

    /**
     * Applies the named changes with the values {@code state} holds now (see {@link io.netfence.engine.snapshot.ChangeJournal}).
     *
     * @return how many of them changed the model
     */
    public int apply(ClusterState state, Collection<ClusterChange> changes) {
        int changed = 0;
        for (ClusterChange c : changes) {
            boolean differs = switch (c.kind()) {
                case NAMESPACE -> {
                    NamespaceInfo ns = state.namespace(c.key());
                    boolean d = !Objects.equals(ns, index.namespace(c.key()));
                    if (ns == null) {
                        removeNamespace(c.key());
                    } else {
                        upsertNamespace(ns);
                    }
                    yield d;
                }
                case NODE -> {
                    NodeInfo n = state.node(c.key());
                    boolean d = !Objects.equals(n, nodes.get(c.key()));
                    if (n == null) {
                        removeNode(c.key());
                    } else {
                        upsertNode(n);
                    }
                    yield d;
                }
                case POD -> {
                    PodInfo p = state.pod(c.key());
                    boolean d = !Objects.equals(p, index.pod(c.namespace(), c.name()));
                    if (p == null) {
                        removePod(c.namespace(), c.name());
                    } else {
                        upsertPod(p);
                    }
                    yield d;
                }
                case CLUSTER_NETWORK_POLICY -> {
                    ClusterNetworkPolicy cnp = state.clusterNetworkPolicy(c.key());
                    boolean d = !Objects.equals(cnp, clusterPolicies.get(c.key()));
                    if (cnp == null) {
                        removeClusterNetworkPolicy(c.key());
                    } else {
                        upsertClusterNetworkPolicy(cnp);
                    }
                    yield d;
                }
                case STAGED_POLICY -> {
                    Policy p = state.stagedPolicy(c.key());
                    boolean d = !Objects.equals(p, staged.get(c.key()));
                    if (p == null) {
                        removeStagedPolicy(c.namespace(), c.name());
                    } else {
                        upsertStagedPolicy(p);
                    }
                    yield d;
                }
                case STAGED_CLUSTER_NETWORK_POLICY -> {
                    ClusterNetworkPolicy cnp = state.stagedClusterNetworkPolicy(c.key());
                    boolean d = !Objects.equals(cnp, stagedCluster.get(c.key()));
                    if (cnp == null) {
                        removeStagedClusterNetworkPolicy(c.key());
                    } else {
                        upsertStagedClusterNetworkPolicy(cnp);
                    }
                    yield d;
                }
                case POLICY -> {
                    Policy p = state.policy(c.key());
                    boolean d = !Objects.equals(p, policies.get(c.key()));
                    if (p == null) {
                        removePolicy(c.namespace(), c.name());
                    } else {
                        upsertPolicy(p);
                    }
                    yield d;
                }
            };
            if (differs) {
                changed++;
            }
        }
        return changed;
    }

    // ---- internals ------------------------------------------------------------------------------------------------

    private boolean isLocal(PodInfo p) {
        return nodeName.equals(p.nodeName()) && p.selectable();
    }

    /** Sorts like {@code ClusterSnapshot.pods()}: by namespace, then name ('\0' sorts before every character of a name). */
    private static String order(PodInfo p) {
        return p.namespace() + '\0' + p.name();
    }

    private void reisolate(String namespace) {
        for (PodInfo p : local.subMap(namespace + '\0', namespace + '\1').values()) {
            isolate(p);
        }
        last = null;
    }

    /** The policies of the pod's namespace isolating it, per direction, in policy order (absent when none). */
    private void isolate(PodInfo pod) {
        List<Policy> in = null;
        List<Policy> eg = null;
        TreeMap<String, Policy> candidates = policiesByNamespace.get(pod.namespace());
        if (candidates != null) {
            for (Policy policy : candidates.values()) {
                if (policy.selects(pod)) {
                    if (policy.isolates(Direction.INGRESS)) {
                        (in == null ? in = new ArrayList<>() : in).add(policy);
                    }
                    if (policy.isolates(Direction.EGRESS)) {
                        (eg == null ? eg = new ArrayList<>() : eg).add(policy);
                    }
                }
            }
        }
        putOrRemove(ingressOf, pod.key(), in);
        putOrRemove(egressOf, pod.key(), eg);
        Map<PodInfo, List<ClusterNetworkPolicy>> ci = new IdentityHashMap<>(1);
        Map<PodInfo, List<ClusterNetworkPolicy>> ce = new IdentityHashMap<>(1);
        NodeRulesetCompiler.subjectOf(clusterOrder, pod, index.namespaceLabels(pod.namespace()), ci, ce);
        putOrRemove(clusterIngressOf, pod.key(), ci.get(pod));
        putOrRemove(clusterEgressOf, pod.key(), ce.get(pod));
    }

    private static <T> void putOrRemove(Map<String, List<T>> m, String key, List<T> v) {
        if (v == null) {
            m.remove(key);
        } else {
            m.put(key, v);
        }
    }
}
