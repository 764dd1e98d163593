package io.netfence.engine.snapshot;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mutable, thread-safe cluster model that informer events feed one object at a time. {@link #snapshot()}
 * freezes it into a {@link ClusterSnapshot} for compiling or previewing; {@link #version()} increases with
 * every change so callers can tell whether anything happened since their last snapshot.
 */
public final class ClusterState {

    private final ConcurrentHashMap<String, NamespaceInfo> namespaces = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PodInfo> pods = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, NodeInfo> nodes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Policy> policies = new ConcurrentHashMap<>();
    /** Per policy key, the last version converted from a usable object. */
    private final ConcurrentHashMap<String, Policy> lastUsable = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, UnusablePolicy> unusable = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ClusterNetworkPolicy> clusterPolicies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ClusterNetworkPolicy> lastUsableCluster = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, UnusableClusterNetworkPolicy> unusableCluster = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Policy> stagedPolicies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> unusableStaged = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ClusterNetworkPolicy> stagedClusterPolicies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> unusableStagedCluster = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final java.util.concurrent.CopyOnWriteArrayList<java.util.function.Consumer<ClusterChange>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Tells {@code listener} the kind and key of every object changed from now on, on the thread that changed it,
     * after the change is visible in this state (see {@link ChangeJournal}).
     */
    public void addListener(java.util.function.Consumer<ClusterChange> listener) {
        listeners.add(listener);
    }

    public void removeListener(java.util.function.Consumer<ClusterChange> listener) {
        listeners.remove(listener);
    }

    private void changed(ClusterChange.Kind kind, String key) {
        version.incrementAndGet();
        if (!listeners.isEmpty()) {
            ClusterChange c = new ClusterChange(kind, key);
            for (var l : listeners) {
                l.accept(c);
            }
        }
    }

    /** The namespace as this state holds it now, or null. */
    public NamespaceInfo namespace(String name) {
        return namespaces.get(name);
    }

    /** The pod {@code namespace/name} as this state holds it now, or null. */
    public PodInfo pod(String key) {
        return pods.get(key);
    }

    /** The node as this state holds it now, or null. */
    public NodeInfo node(String name) {
        return nodes.get(name);
    }

    /** The policy {@code namespace/name} this state enforces now, or null. */
    public Policy policy(String key) {
        return policies.get(key);
    }

    public void upsertNamespace(NamespaceInfo ns) {
        namespaces.put(ns.name(), ns);
        changed(ClusterChange.Kind.NAMESPACE, ns.name());
    }

    public void removeNamespace(String name) {
        namespaces.remove(name);
        changed(ClusterChange.Kind.NAMESPACE, name);
    }

    public void upsertPod(PodInfo pod) {
        pods.put(pod.key(), pod);
        changed(ClusterChange.Kind.POD, pod.key());
    }

    public void removePod(String namespace, String name) {
        pods.remove(namespace + "/" + name);
        changed(ClusterChange.Kind.POD, namespace + "/" + name);
    }

    public void upsertNode(NodeInfo node) {
        nodes.put(node.name(), node);
        changed(ClusterChange.Kind.NODE, node.name());
    }

    public void removeNode(String name) {
        nodes.remove(name);
        changed(ClusterChange.Kind.NODE, name);
    }

    public void upsertPolicy(Policy policy) {
        policies.put(policy.key(), policy);
        changed(ClusterChange.Kind.POLICY, policy.key());
    }

    /**
     * Takes a stored NetworkPolicy object through {@link PolicyIntake}: a usable object is enforced as it is; one that
     * cannot be used keeps its last usable version enforced, or fails closed. Never does an unusable object remove
     * the policy. Callers serialize calls for the same policy (informer handlers do).
     *
     * @return why the object cannot be used, if it cannot
     */
    public Optional<UnusablePolicy> takePolicy(NetworkPolicy np) {
        String key = np.getMetadata().getNamespace() + "/" + np.getMetadata().getName();
        PolicyIntake.Result r = PolicyIntake.take(np, lastUsable.get(key));
        if (r.problem().isEmpty()) {
            lastUsable.put(key, r.enforce().orElseThrow());
            unusable.remove(key);
        } else {
            unusable.put(key, r.problem().get());
        }
        r.enforce().ifPresentOrElse(p -> policies.put(key, p), () -> policies.remove(key));
        changed(ClusterChange.Kind.POLICY, key);
        return r.problem();
    }

    public void removePolicy(String namespace, String name) {
        String key = namespace + "/" + name;
        policies.remove(key);
        lastUsable.remove(key);
        unusable.remove(key);
        changed(ClusterChange.Kind.POLICY, key);
    }

    /** Stored NetworkPolicy objects that cannot be used as they are, sorted by key. */
    public List<UnusablePolicy> unusablePolicies() {
        return unusable.values().stream().sorted(Comparator.comparing(UnusablePolicy::key)).toList();
    }

    /**
     * Takes a stored ClusterNetworkPolicy object (generic form, {@code policy.networking.k8s.io/v1alpha2}) through
     * {@link ClusterNetworkPolicyIntake}, with the same guarantees as {@link #takePolicy}: an unusable update keeps the
     * last usable version; without one the policy is enforced fail-closed. Callers serialize calls per name.
     *
     * @return why the object cannot be used, if it cannot
     */
    public Optional<UnusableClusterNetworkPolicy> takeClusterNetworkPolicy(GenericKubernetesResource cnp) {
        String name = cnp.getMetadata().getName();
        ClusterNetworkPolicyIntake.Result r = ClusterNetworkPolicyIntake.take(cnp, lastUsableCluster.get(name));
        if (r.problem().isEmpty()) {
            lastUsableCluster.put(name, r.enforce().orElseThrow());
            unusableCluster.remove(name);
        } else {
            unusableCluster.put(name, r.problem().get());
        }
        r.enforce().ifPresentOrElse(p -> clusterPolicies.put(name, p), () -> clusterPolicies.remove(name));
        changed(ClusterChange.Kind.CLUSTER_NETWORK_POLICY, name);
        return r.problem();
    }

    /** The ClusterNetworkPolicy this state enforces now under that name, or null. */
    public ClusterNetworkPolicy clusterNetworkPolicy(String name) {
        return clusterPolicies.get(name);
    }

    /** Puts an already converted ClusterNetworkPolicy (tests, previews). */
    public void upsertClusterNetworkPolicy(ClusterNetworkPolicy cnp) {
        clusterPolicies.put(cnp.name(), cnp);
        changed(ClusterChange.Kind.CLUSTER_NETWORK_POLICY, cnp.name());
    }

    public void removeClusterNetworkPolicy(String name) {
        clusterPolicies.remove(name);
        lastUsableCluster.remove(name);
        unusableCluster.remove(name);
        changed(ClusterChange.Kind.CLUSTER_NETWORK_POLICY, name);
    }

    /** Stored ClusterNetworkPolicy objects that cannot be used as they are, sorted by name. */
    public List<UnusableClusterNetworkPolicy> unusableClusterNetworkPolicies() {
        return unusableCluster.values().stream().sorted(Comparator.comparing(UnusableClusterNetworkPolicy::name)).toList();
    }

    /**
     * Takes a stored StagedNetworkPolicy (generic form): a usable object replaces the staged policy; an unusable one keeps
     * the last usable version or, without one, stages nothing (a staged policy never enforces, so failing closed would only
     * count everything). Callers serialize calls per key.
     *
     * @return why the object cannot be used, naming the field, if it cannot
     */
    public Optional<String> takeStagedPolicy(io.fabric8.kubernetes.api.model.GenericKubernetesResource staged) {
        String key = staged.getMetadata().getNamespace() + "/" + staged.getMetadata().getName();
        Optional<String> problem;
        try {
            stagedPolicies.put(key, StagedPolicyConverter.convert(staged));
            unusableStaged.remove(key);
            problem = Optional.empty();
        } catch (RuntimeException e) {
            String reason = "StagedNetworkPolicy " + key + " (resourceVersion " + staged.getMetadata().getResourceVersion()
                    + ") cannot be used: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + (stagedPolicies.containsKey(key) ? "; its last usable version stays staged" : "; nothing is staged for it");
            unusableStaged.put(key, reason);
            problem = Optional.of(reason);
        }
        changed(ClusterChange.Kind.STAGED_POLICY, key);
        return problem;
    }

    /** Puts an already converted staged policy (tests, previews). */
    public void upsertStagedPolicy(Policy staged) {
        stagedPolicies.put(staged.key(), staged);
        changed(ClusterChange.Kind.STAGED_POLICY, staged.key());
    }

    public void removeStagedPolicy(String namespace, String name) {
        String key = namespace + "/" + name;
        stagedPolicies.remove(key);
        unusableStaged.remove(key);
        changed(ClusterChange.Kind.STAGED_POLICY, key);
    }

    /** The staged policy under that key, or null. */
    public Policy stagedPolicy(String key) {
        return stagedPolicies.get(key);
    }

    /** Why stored StagedNetworkPolicy objects cannot be used, sorted by key. */
    public List<String> unusableStagedPolicies() {
        return new java.util.TreeMap<>(unusableStaged).values().stream().toList();
    }

    /**
     * Takes a stored StagedClusterNetworkPolicy (generic form), validated and converted exactly as a ClusterNetworkPolicy
     * ({@link StagedClusterNetworkPolicyConverter}): a usable object replaces the staged policy; an unusable one keeps the
     * last usable version or, without one, stages nothing (never fail-closed: that would only count everything). Callers
     * serialize calls per name.
     *
     * @return why the object cannot be used, naming the fields, if it cannot
     */
    public Optional<String> takeStagedClusterNetworkPolicy(GenericKubernetesResource staged) {
        String name = staged.getMetadata().getName();
        Optional<String> problem;
        try {
            stagedClusterPolicies.put(name, StagedClusterNetworkPolicyConverter.convert(staged));
            unusableStagedCluster.remove(name);
            problem = Optional.empty();
        } catch (RuntimeException e) {
            String reason = "StagedClusterNetworkPolicy " + name + " (resourceVersion " + staged.getMetadata().getResourceVersion()
                    + ") cannot be used: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + (stagedClusterPolicies.containsKey(name) ? "; its last usable version stays staged" : "; nothing is staged for it");
            unusableStagedCluster.put(name, reason);
            problem = Optional.of(reason);
        }
        changed(ClusterChange.Kind.STAGED_CLUSTER_NETWORK_POLICY, name);
        return problem;
    }

    /** Puts an already converted staged ClusterNetworkPolicy (tests, previews). */
    public void upsertStagedClusterNetworkPolicy(ClusterNetworkPolicy staged) {
        stagedClusterPolicies.put(staged.name(), staged);
        changed(ClusterChange.Kind.STAGED_CLUSTER_NETWORK_POLICY, staged.name());
    }

    public void removeStagedClusterNetworkPolicy(String name) {
        stagedClusterPolicies.remove(name);
        unusableStagedCluster.remove(name);
        changed(ClusterChange.Kind.STAGED_CLUSTER_NETWORK_POLICY, name);
    }

    /** The staged ClusterNetworkPolicy of that name, or null. */
    public ClusterNetworkPolicy stagedClusterNetworkPolicy(String name) {
        return stagedClusterPolicies.get(name);
    }

    /** Why stored StagedClusterNetworkPolicy objects cannot be used, sorted by name. */
    public List<String> unusableStagedClusterNetworkPolicies() {
        return new java.util.TreeMap<>(unusableStagedCluster).values().stream().toList();
    }

    public long version() {
        return version.get();
    }

    public ClusterSnapshot snapshot() {
        return ClusterSnapshot.of(namespaces.values(), pods.values(), nodes.values(), policies.values(),
                clusterPolicies.values(), stagedPolicies.values(), stagedClusterPolicies.values());
    }
}
