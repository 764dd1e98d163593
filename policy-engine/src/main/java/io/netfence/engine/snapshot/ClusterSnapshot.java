package io.netfence.engine.snapshot;

import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, deterministically ordered view of everything NetworkPolicy enforcement depends on. Two
 * snapshots with the same content iterate in the same order, whatever order the objects arrived in.
 */
public final class ClusterSnapshot {

    private final Map<String, NamespaceInfo> namespaces;
    private final List<PodInfo> pods;
    private final Map<String, NodeInfo> nodes;
    private final List<Policy> policies;
    /** In evaluation order: Admin tier first, ascending priority, ties by name. */
    private final List<ClusterNetworkPolicy> clusterNetworkPolicies;
    /** StagedNetworkPolicies: counted, never enforced (sorted by namespace/name; a key may equal an enforced one's). */
    private final List<Policy> stagedPolicies;
    /** StagedClusterNetworkPolicies in evaluation order: counted, never enforced (a name may equal an enforced one's). */
    private final List<ClusterNetworkPolicy> stagedClusterNetworkPolicies;
    private volatile Map<String, List<PodInfo>> podsByNamespace;
    /** Built on first use; shared with the copies that have other policies (same pods), so a preview's copies parse no IP again. */
    private final java.util.concurrent.atomic.AtomicReference<PodAddresses> podAddresses;

    private ClusterSnapshot(Collection<NamespaceInfo> namespaces, Collection<PodInfo> pods,
                            Collection<NodeInfo> nodes, Collection<Policy> policies,
                            Collection<ClusterNetworkPolicy> clusterNetworkPolicies, Collection<Policy> stagedPolicies,
                            Collection<ClusterNetworkPolicy> stagedClusterNetworkPolicies) {
        this.namespaces = index(namespaces, NamespaceInfo::name);
        this.pods = pods.stream().sorted(Comparator.comparing(PodInfo::namespace).thenComparing(PodInfo::name)).toList();
        this.nodes = index(nodes, NodeInfo::name);
        this.policies = policies.stream().sorted(Comparator.comparing(Policy::namespace).thenComparing(Policy::name)).toList();
        this.clusterNetworkPolicies = clusterNetworkPolicies.stream().sorted(ClusterNetworkPolicy.EVALUATION_ORDER).toList();
        this.stagedPolicies = stagedPolicies.stream().sorted(Comparator.comparing(Policy::namespace).thenComparing(Policy::name)).toList();
        this.stagedClusterNetworkPolicies = stagedClusterNetworkPolicies.stream().sorted(ClusterNetworkPolicy.EVALUATION_ORDER).toList();
        this.podAddresses = new java.util.concurrent.atomic.AtomicReference<>();
    }

    public static ClusterSnapshot of(Collection<NamespaceInfo> namespaces, Collection<PodInfo> pods,
                                     Collection<NodeInfo> nodes, Collection<Policy> policies) {
        return new ClusterSnapshot(namespaces, pods, nodes, policies, List.of(), List.of(), List.of());
    }

    /** A snapshot with ClusterNetworkPolicies (cluster-scoped, one per name). */
    public static ClusterSnapshot of(Collection<NamespaceInfo> namespaces, Collection<PodInfo> pods,
                                     Collection<NodeInfo> nodes, Collection<Policy> policies,
                                     Collection<ClusterNetworkPolicy> clusterNetworkPolicies) {
        return new ClusterSnapshot(namespaces, pods, nodes, policies, clusterNetworkPolicies, List.of(), List.of());
    }

    /** A snapshot with ClusterNetworkPolicies and StagedNetworkPolicies (which are never enforced). */
    public static ClusterSnapshot of(Collection<NamespaceInfo> namespaces, Collection<PodInfo> pods,
                                     Collection<NodeInfo> nodes, Collection<Policy> policies,
                                     Collection<ClusterNetworkPolicy> clusterNetworkPolicies, Collection<Policy> stagedPolicies) {
        return new ClusterSnapshot(namespaces, pods, nodes, policies, clusterNetworkPolicies, stagedPolicies, List.of());
    }

    /**
     * A snapshot with ClusterNetworkPolicies, StagedNetworkPolicies and StagedClusterNetworkPolicies (the staged ones
     * are never enforced).
     */
    public static ClusterSnapshot of(Collection<NamespaceInfo> namespaces, Collection<PodInfo> pods,
                                     Collection<NodeInfo> nodes, Collection<Policy> policies,
                                     Collection<ClusterNetworkPolicy> clusterNetworkPolicies, Collection<Policy> stagedPolicies,
                                     Collection<ClusterNetworkPolicy> stagedClusterNetworkPolicies) {
        return new ClusterSnapshot(namespaces, pods, nodes, policies, clusterNetworkPolicies, stagedPolicies,
                stagedClusterNetworkPolicies);
    }

    public static ClusterSnapshot empty() {
        return of(List.of(), List.of(), List.of(), List.of());
    }

    /**
     * {@code base} with other policies: its namespaces, pods, nodes and pod index are shared, not sorted again (a preview
     * or a lint makes such a copy of a 10,000-pod snapshot several times per request).
     */
    private ClusterSnapshot(ClusterSnapshot base, Collection<Policy> policies, Collection<ClusterNetworkPolicy> clusterNetworkPolicies,
                            Collection<Policy> stagedPolicies, Collection<ClusterNetworkPolicy> stagedClusterNetworkPolicies) {
        this.namespaces = base.namespaces;
        this.pods = base.pods;
        this.nodes = base.nodes;
        this.podsByNamespace = base.podsByNamespace;
        this.podAddresses = base.podAddresses;
        this.policies = policies.stream().sorted(Comparator.comparing(Policy::namespace).thenComparing(Policy::name)).toList();
        this.clusterNetworkPolicies = clusterNetworkPolicies.stream().sorted(ClusterNetworkPolicy.EVALUATION_ORDER).toList();
        this.stagedPolicies = stagedPolicies.stream().sorted(Comparator.comparing(Policy::namespace).thenComparing(Policy::name)).toList();
        this.stagedClusterNetworkPolicies = stagedClusterNetworkPolicies.stream().sorted(ClusterNetworkPolicy.EVALUATION_ORDER).toList();
    }

    private static <T> Map<String, T> index(Collection<T> items, java.util.function.Function<T, String> key) {
        Map<String, T> m = new LinkedHashMap<>();
        items.stream().sorted(Comparator.comparing(key)).forEach(i -> m.put(key.apply(i), i));
        return java.util.Collections.unmodifiableMap(m);
    }

    public Collection<NamespaceInfo> namespaces() {
        return namespaces.values();
    }

    public Optional<NamespaceInfo> namespace(String name) {
        return Optional.ofNullable(namespaces.get(name));
    }

    /**
     * The labels of a namespace. A pod whose namespace object is unknown (not yet seen by an informer) is
     * treated as in a namespace carrying only the automatic name label.
     */
    public Map<String, String> namespaceLabels(String name) {
        NamespaceInfo ns = namespaces.get(name);
        return ns != null ? ns.labels() : new NamespaceInfo(name, Map.of()).labels();
    }

    public List<PodInfo> pods() {
        return pods;
    }

    public Optional<PodInfo> pod(String namespace, String name) {
        return podsInNamespace(namespace).stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * The pods of one namespace, in snapshot order. A policy selects only pods of its own namespace, so pages that
     * count a policy's pods look here instead of scanning every pod of the cluster for every policy. Built on first
     * use: the agent's per-sync snapshots never pay for it.
     */
    public List<PodInfo> podsInNamespace(String namespace) {
        Map<String, List<PodInfo>> index = podsByNamespace;
        if (index == null) {
            index = java.util.Collections.unmodifiableMap(pods.stream().collect(java.util.stream.Collectors.groupingBy(
                    PodInfo::namespace, LinkedHashMap::new, java.util.stream.Collectors.toUnmodifiableList())));
            podsByNamespace = index;
        }
        return index.getOrDefault(namespace, List.of());
    }

    /** Every pod's IPs parsed once (on first use) for ipBlock membership: see {@link PodAddresses}. */
    public PodAddresses podAddresses() {
        PodAddresses a = podAddresses.get();
        if (a == null) {
            a = new PodAddresses(pods);
            // two threads may both parse; either result is the same
            podAddresses.compareAndSet(null, a);
        }
        return a;
    }

    public List<PodInfo> podsOnNode(String nodeName) {
        return pods.stream().filter(p -> nodeName.equals(p.nodeName())).toList();
    }

    public Collection<NodeInfo> nodes() {
        return nodes.values();
    }

    public Optional<NodeInfo> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    public List<Policy> policies() {
        return policies;
    }

    public Optional<Policy> policy(String namespace, String name) {
        return policies.stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name)).findFirst();
    }

    /** A copy with {@code policy} added, or replacing the one with the same namespace/name (for previews). */
    public ClusterSnapshot withPolicy(Policy policy) {
        List<Policy> ps = new java.util.ArrayList<>(policies.stream().filter(p -> !p.key().equals(policy.key())).toList());
        ps.add(policy);
        return new ClusterSnapshot(this, ps, clusterNetworkPolicies, stagedPolicies,
                stagedClusterNetworkPolicies);
    }

    /** A copy without the policy {@code namespace/name}. */
    public ClusterSnapshot withoutPolicy(String namespace, String name) {
        String key = namespace + "/" + name;
        return new ClusterSnapshot(this,
                policies.stream().filter(p -> !p.key().equals(key)).toList(), clusterNetworkPolicies, stagedPolicies,
                stagedClusterNetworkPolicies);
    }

    /** The ClusterNetworkPolicies in evaluation order: Admin tier, then Baseline; ascending priority; ties by name. */
    public List<ClusterNetworkPolicy> clusterNetworkPolicies() {
        return clusterNetworkPolicies;
    }

    public Optional<ClusterNetworkPolicy> clusterNetworkPolicy(String name) {
        return clusterNetworkPolicies.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** A copy with {@code cnp} added, or replacing the one with the same name (for previews). */
    public ClusterSnapshot withClusterNetworkPolicy(ClusterNetworkPolicy cnp) {
        List<ClusterNetworkPolicy> cs = new java.util.ArrayList<>(clusterNetworkPolicies.stream()
                .filter(p -> !p.name().equals(cnp.name())).toList());
        cs.add(cnp);
        return new ClusterSnapshot(this, policies, cs, stagedPolicies,
                stagedClusterNetworkPolicies);
    }

    /** A copy without the ClusterNetworkPolicy {@code name}. */
    public ClusterSnapshot withoutClusterNetworkPolicy(String name) {
        return new ClusterSnapshot(this, policies,
                clusterNetworkPolicies.stream().filter(p -> !p.name().equals(name)).toList(), stagedPolicies,
                stagedClusterNetworkPolicies);
    }

    /** The StagedNetworkPolicies, sorted by namespace/name. They never change an enforced verdict. */
    public List<Policy> stagedPolicies() {
        return stagedPolicies;
    }

    public Optional<Policy> stagedPolicy(String namespace, String name) {
        return stagedPolicies.stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name)).findFirst();
    }

    /** A copy with the staged policy added, or replacing the staged one with the same namespace/name. */
    public ClusterSnapshot withStagedPolicy(Policy staged) {
        List<Policy> ss = new java.util.ArrayList<>(stagedPolicies.stream().filter(p -> !p.key().equals(staged.key())).toList());
        ss.add(staged);
        return new ClusterSnapshot(this, policies, clusterNetworkPolicies, ss,
                stagedClusterNetworkPolicies);
    }

    /** A copy without the staged policy {@code namespace/name}. */
    public ClusterSnapshot withoutStagedPolicy(String namespace, String name) {
        String key = namespace + "/" + name;
        return new ClusterSnapshot(this, policies, clusterNetworkPolicies,
                stagedPolicies.stream().filter(p -> !p.key().equals(key)).toList(), stagedClusterNetworkPolicies);
    }

    /** The StagedClusterNetworkPolicies in evaluation order. They never change an enforced verdict. */
    public List<ClusterNetworkPolicy> stagedClusterNetworkPolicies() {
        return stagedClusterNetworkPolicies;
    }

    public Optional<ClusterNetworkPolicy> stagedClusterNetworkPolicy(String name) {
        return stagedClusterNetworkPolicies.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** A copy with the staged ClusterNetworkPolicy added, or replacing the staged one of the same name. */
    public ClusterSnapshot withStagedClusterNetworkPolicy(ClusterNetworkPolicy staged) {
        List<ClusterNetworkPolicy> ss = new java.util.ArrayList<>(stagedClusterNetworkPolicies.stream()
                .filter(p -> !p.name().equals(staged.name())).toList());
        ss.add(staged);
        return new ClusterSnapshot(this, policies, clusterNetworkPolicies, stagedPolicies, ss);
    }

    /** A copy without the staged ClusterNetworkPolicy {@code name}. */
    public ClusterSnapshot withoutStagedClusterNetworkPolicy(String name) {
        return new ClusterSnapshot(this, policies, clusterNetworkPolicies, stagedPolicies,
                stagedClusterNetworkPolicies.stream().filter(p -> !p.name().equals(name)).toList());
    }

    /** Whether anything is staged (StagedNetworkPolicies or StagedClusterNetworkPolicies). */
    public boolean hasStaged() {
        return !stagedPolicies.isEmpty() || !stagedClusterNetworkPolicies.isEmpty();
    }

    /**
     * What the cluster would enforce were every staged policy enforced too (next to, never instead of, an enforced
     * policy of the same name), without staged policies of its own. Staged ClusterNetworkPolicies join their tier in
     * evaluation order (priority, then name); at an exact tie with an enforced one (same tier, priority and name) the
     * enforced one comes first (the sort is stable).
     */
    public ClusterSnapshot withStagedEnforced() {
        List<Policy> all = new java.util.ArrayList<>(policies);
        all.addAll(stagedPolicies);
        List<ClusterNetworkPolicy> cnps = new java.util.ArrayList<>(clusterNetworkPolicies);
        cnps.addAll(stagedClusterNetworkPolicies);
        return new ClusterSnapshot(this, all, cnps, List.of(), List.of());
    }
}
