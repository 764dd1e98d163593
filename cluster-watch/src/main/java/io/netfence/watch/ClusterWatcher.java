package io.netfence.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.snapshot.PolicyConverter;
import io.netfence.engine.snapshot.ResourceConverter;
import io.netfence.engine.snapshot.UnusablePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one watch of the cluster that the console and the node agent share: informers on pods, namespaces, nodes and
 * NetworkPolicies feeding {@link ClusterState} one object at a time, and ClusterNetworkPolicies where their CRD is installed
 * ({@link ClusterNetworkPolicyWatch}), StagedNetworkPolicies where theirs is ({@link StagedPolicyWatch}), and StagedClusterNetworkPolicies where theirs is
 * ({@link StagedClusterPolicyWatch}).
 * <p>
 * Built for large clusters: the initial LISTs are paged ({@link #DEFAULT_PAGE_SIZE} objects a request, so the client
 * never holds a 70 MiB pod list at once); pods are kept as the engine's own records, shared with {@link ClusterState}
 * ({@link KeptPods}), nodes trimmed to what the engine reads ({@link TrimmingItemStore}), and what no one reads is
 * skipped while parsing ({@link WatchSerialization}). NetworkPolicies are kept whole but for their managedFields (the
 * console shows them; its writes read the object from the API server).
 * <p> An event whose converted value did not change (pod status heartbeats, node conditions) does not trigger a
 * sync. A policy object the engine cannot use keeps its last usable version enforced, or fails closed
 * ({@link ClusterState#takePolicy}).
 */
public final class ClusterWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterWatcher.class);

    private final KubernetesClient client;
    /** The informers' own client: {@code client}'s configuration, reading only what is kept ({@link WatchSerialization}). */
    private KubernetesClient watchClient;
    private final ClusterState state;
    private final Runnable onChange;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<io.fabric8.kubernetes.api.model.Namespace> namespaces;
    private SharedIndexInformer<io.fabric8.kubernetes.api.model.Node> nodes;
    private SharedIndexInformer<io.fabric8.kubernetes.api.model.Pod> pods;
    private final KeptPods keptPods = new KeptPods();
    private SharedIndexInformer<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy> policies;
    private final Object lock = new Object();
    private final ListFailureLog failures = new ListFailureLog(log, java.time.Duration.ofMinutes(5));
    private volatile Runnable afterListing = () -> { };
    private ClusterNetworkPolicyWatch clusterPolicies;
    private StagedPolicyWatch stagedPolicies;
    private StagedClusterPolicyWatch stagedClusterPolicies;

    private final String nodeName;
    private final long pageSize;

    /**
     * Objects per LIST request while an informer loads. A page is held whole while it is read (fabric8 reads the body,
     * then builds every object: ~40 KB of heap per real pod), so it sets the heap's peak above the kept state: 100 pods
     * ≈ 4 MB (500, kubectl's page, ≈ 20 MB: docs/benchmarks.md "Agent memory"). {@code -Dnetfence.watch.page-size}
     * overrides it (benchmarks).
     */
    public static final long DEFAULT_PAGE_SIZE = Long.getLong("netfence.watch.page-size", 100);

    /** Watches every Node (the console, tools that compile for any node). */
    public ClusterWatcher(KubernetesClient client, ClusterState state, Runnable onChange) {
        this(client, state, null, onChange);
    }

    public ClusterWatcher(KubernetesClient client, ClusterState state, String nodeName, Runnable onChange) {
        this(client, state, nodeName, DEFAULT_PAGE_SIZE, onChange);
    }

    /**
     * @param nodeName watch only this Node object: a node's ruleset depends on no other Node, and at thousands of
     *                 nodes their status heartbeats would otherwise reach every agent
     */
    public ClusterWatcher(KubernetesClient client, ClusterState state, String nodeName, long pageSize, Runnable onChange) {
        this.pageSize = pageSize;
        this.client = client;
        this.state = state;
        this.nodeName = nodeName;
        this.onChange = onChange;
    }

    /** Starts the informers; the future completes when every informer has its initial list. */
    public CompletableFuture<Void> start() {
        KubernetesClient client = watchClient = WatchSerialization.client(this.client);
        namespaces = client.namespaces().withLimit(pageSize).runnableInformer(0).addEventHandler(handler(
                ResourceConverter::namespace, (o, v) -> state.upsertNamespace(v), o -> state.removeNamespace(o.getMetadata().getName())));
        nodes = (nodeName == null ? client.nodes() : client.nodes().withField("metadata.name", nodeName)).withLimit(pageSize)
                .runnableInformer(0).itemStore(new TrimmingItemStore<>(Trimmed::node)).addEventHandler(handler(
                ResourceConverter::node, (o, v) -> state.upsertNode(v), o -> state.removeNode(o.getMetadata().getName())));
        // the namespace index fabric8 adds by default would keep a second set of keys; nothing here looks pods up by it
        pods = client.pods().inAnyNamespace().withLimit(pageSize).runnableInformer(0).itemStore(keptPods)
                .removeIndexer(Cache.NAMESPACE_INDEX)
                .addEventHandler(handler(keptPods::info, (o, v) -> state.upsertPod(v),
                        o -> state.removePod(o.getMetadata().getNamespace(), o.getMetadata().getName())));
        policies = client.network().v1().networkPolicies().inAnyNamespace().withLimit(pageSize).runnableInformer(0)
                .addEventHandler(policyHandler());
        informers.addAll(List.of(namespaces, nodes, pods, policies));
        // fabric8's default gives up on any error before the first list, and on a watch error other than 410 after
        // it: an agent started during an outage longer than the client's request retries, or one whose watch got an
        // error event, would never see the API server again. Retry everything (the reflector backs off exponentially).
        String[] names = {"namespaces", "nodes", "pods", "networkpolicies"};
        for (int i = 0; i < informers.size(); i++) {
            String name = names[i];
            informers.get(i).exceptionHandler((started, t) -> {
                failures.failed(name, started, t);
                return true;
            });
        }
        List<CompletableFuture<Void>> started = new ArrayList<>();
        clusterPolicies = new ClusterNetworkPolicyWatch(client, state, lock, onChange, failures, pageSize);
        started.add(clusterPolicies.start());
        stagedPolicies = new StagedPolicyWatch(client, state, lock, onChange, failures, pageSize);
        started.add(stagedPolicies.start());
        stagedClusterPolicies = new StagedClusterPolicyWatch(client, state, lock, onChange, failures, pageSize);
        started.add(stagedClusterPolicies.start());
        for (SharedIndexInformer<?> i : informers) {
            started.add(i.start().toCompletableFuture());
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).thenRun(this::reconcile);
    }

    /**
     * Makes {@link ClusterState} equal to the informers' caches. Informers notify handlers asynchronously, so when
     * the initial lists are complete some add notifications may still be queued; the first sync must not see a
     * half-filled state (it would briefly drop rules of pods or policies not yet delivered). Also run at every
     * drift check as a safety net. Idempotent with the handlers, and mutually exclusive with them: an event whose
     * handler ran between listing the caches and writing the state would otherwise be undone by the stale listing
     * (a deleted pod resurrected until the next resync). Handlers held back here apply their (newer) change after.
     */
    public void reconcile() {
        synchronized (lock) {
            ClusterSnapshot current = state.snapshot();
            var nsList = namespaces.getStore().list();
            var nodeList = nodes.getStore().list();
            var podList = keptPods.infos();
            var policyList = policies.getStore().list();
            afterListing.run();
            java.util.Set<String> keep = new java.util.HashSet<>();
            for (var o : nsList) {
                keep.add(o.getMetadata().getName());
                state.upsertNamespace(ResourceConverter.namespace(o));
            }
            current.namespaces().stream().filter(n -> !keep.contains(n.name())).forEach(n -> state.removeNamespace(n.name()));
            keep.clear();
            for (var o : nodeList) {
                keep.add(o.getMetadata().getName());
                state.upsertNode(ResourceConverter.node(o));
            }
            current.nodes().stream().filter(n -> !keep.contains(n.name())).forEach(n -> state.removeNode(n.name()));
            keep.clear();
            for (var p : podList) {
                keep.add(p.key());
                state.upsertPod(p);
            }
            current.pods().stream().filter(p -> !keep.contains(p.key())).forEach(p -> state.removePod(p.namespace(), p.name()));
            keep.clear();
            for (var o : policyList) {
                keep.add(o.getMetadata().getNamespace() + "/" + o.getMetadata().getName());
                state.takePolicy(o);
            }
            current.policies().stream().filter(p -> !keep.contains(p.key())).forEach(p -> state.removePolicy(p.namespace(), p.name()));
            if (clusterPolicies != null) {
                clusterPolicies.reconcile();
            }
            if (stagedPolicies != null) {
                stagedPolicies.reconcile();
            }
            if (stagedClusterPolicies != null) {
                stagedClusterPolicies.reconcile();
            }
        }
    }

    /** The NetworkPolicy object as stored, from the informer's cache. */
    public Optional<NetworkPolicy> networkPolicy(String namespace, String name) {
        return policies == null ? Optional.empty() : Optional.ofNullable(policies.getStore().getByKey(namespace + "/" + name));
    }

    /** Every NetworkPolicy object as stored, from the informer's cache, in no particular order. */
    public List<NetworkPolicy> networkPolicies() {
        return policies == null ? List.of() : policies.getStore().list();
    }

    /** The ClusterNetworkPolicy object as stored (generic form), from the informer's cache; empty without the CRD. */
    public Optional<io.fabric8.kubernetes.api.model.GenericKubernetesResource> clusterNetworkPolicy(String name) {
        return clusterPolicies == null ? Optional.empty() : clusterPolicies.get(name);
    }

    /** Every ClusterNetworkPolicy object as stored, unordered; empty without the CRD. */
    public List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> clusterNetworkPolicies() {
        return clusterPolicies == null ? List.of() : clusterPolicies.list();
    }

    /** Whether the ClusterNetworkPolicy CRD (v1alpha2) is installed and its objects are watched. */
    public boolean clusterNetworkPoliciesWatched() {
        return clusterPolicies != null && clusterPolicies.active();
    }

    /** Whether the StagedNetworkPolicy CRD ({@code netfence.io/v1alpha1}) is installed and its objects are watched. */
    public boolean stagedPoliciesWatched() {
        return stagedPolicies != null && stagedPolicies.active();
    }

    /** The StagedNetworkPolicy object as stored (generic form), from the informer's cache; empty without the CRD. */
    public Optional<io.fabric8.kubernetes.api.model.GenericKubernetesResource> stagedPolicy(String namespace, String name) {
        return stagedPolicies == null ? Optional.empty() : stagedPolicies.get(namespace, name);
    }

    /** Every StagedNetworkPolicy object as stored, unordered; empty without the CRD. */
    public List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> stagedPolicyObjects() {
        return stagedPolicies == null ? List.of() : stagedPolicies.list();
    }

    /** Whether the StagedClusterNetworkPolicy CRD ({@code netfence.io/v1alpha1}) is installed and its objects are watched. */
    public boolean stagedClusterPoliciesWatched() {
        return stagedClusterPolicies != null && stagedClusterPolicies.active();
    }

    /** The StagedClusterNetworkPolicy object as stored (generic form), from the informer's cache; empty without the CRD. */
    public Optional<io.fabric8.kubernetes.api.model.GenericKubernetesResource> stagedClusterPolicy(String name) {
        return stagedClusterPolicies == null ? Optional.empty() : stagedClusterPolicies.get(name);
    }

    /** Every StagedClusterNetworkPolicy object as stored, unordered; empty without the CRD. */
    public List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> stagedClusterPolicyObjects() {
        return stagedClusterPolicies == null ? List.of() : stagedClusterPolicies.list();
    }

    /** Test seam: runs inside {@link #reconcile()} right after the caches were listed. */
    void afterListing(Runnable r) {
        this.afterListing = r;
    }

    /** Pods in the informer's cache (tests). */
    int cachedPodCount() {
        return pods.getStore().list().size();
    }

    /** A pod as the informer's cache holds it (tests). */
    io.fabric8.kubernetes.api.model.Pod cachedPod(String namespace, String name) {
        return pods.getStore().getByKey(namespace + "/" + name);
    }

    /** The engine's record of a pod as the informer's store keeps it (tests). */
    io.netfence.engine.model.PodInfo keptPod(String namespace, String name) {
        return keptPods.infos().stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name)).findFirst().orElse(null);
    }

    /** Every informer currently has an open watch (false while the API server is unreachable). */
    public boolean watching() {
        return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::isWatching);
    }

    public boolean synced() {
        return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /**
     * NetworkPolicies go through {@link ClusterState#takePolicy}: an object the engine cannot use (it slipped past an
     * API server's validation) never removes the policy, which would silently open the pods it isolates; its last
     * usable version stays enforced, or it fails closed. Reported in the status, metrics and the log.
     */
    private ResourceEventHandler<NetworkPolicy> policyHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(NetworkPolicy obj) {
                take(obj);
            }

            @Override
            public void onUpdate(NetworkPolicy oldObj, NetworkPolicy newObj) {
                if (sameUsableSpec(oldObj, newObj)) {
                    return;
                }
                take(newObj);
            }

            @Override
            public void onDelete(NetworkPolicy obj, boolean deletedFinalStateUnknown) {
                synchronized (lock) {
                    state.removePolicy(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
                }
                onChange.run();
            }

            private void take(NetworkPolicy obj) {
                Optional<UnusablePolicy> problem;
                synchronized (lock) {
                    problem = state.takePolicy(obj);
                }
                problem.ifPresent(p -> log.warn("{}", p.describe()));
                onChange.run();
            }

            private boolean sameUsableSpec(NetworkPolicy a, NetworkPolicy b) {
                try {
                    return a != null && PolicyConverter.convert(a).equals(PolicyConverter.convert(b));
                } catch (RuntimeException e) {
                    return false;
                }
            }
        };
    }

    private <T extends HasMetadata, V> ResourceEventHandler<T> handler(Function<T, V> convert, BiConsumer<T, V> upsert,
                                                                      java.util.function.Consumer<T> remove) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                V v = convertOrNull(obj);
                if (v != null) {
                    synchronized (lock) {
                        upsert.accept(obj, v);
                    }
                    onChange.run();
                }
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                V v = convertOrNull(newObj);
                if (v == null) {
                    // no longer convertible: forget the old version rather than enforce a stale one
                    synchronized (lock) {
                        remove.accept(newObj);
                    }
                    onChange.run();
                    return;
                }
                V before = safe(oldObj);
                if (!Objects.equals(before, v)) {
                    synchronized (lock) {
                        upsert.accept(newObj, v);
                    }
                    onChange.run();
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                synchronized (lock) {
                    remove.accept(obj);
                }
                onChange.run();
            }

            private V safe(T obj) {
                try {
                    return obj == null ? null : convert.apply(obj);
                } catch (RuntimeException e) {
                    return null;
                }
            }

            private V convertOrNull(T obj) {
                try {
                    return convert.apply(obj);
                } catch (RuntimeException e) {
                    log.warn("skipping {} {}/{}: {}", obj.getKind(), obj.getMetadata().getNamespace(),
                            obj.getMetadata().getName(), e.getMessage());
                    return null;
                }
            }
        };
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::stop);
        if (stagedPolicies != null) {
            stagedPolicies.close();
        }
        if (stagedClusterPolicies != null) {
            stagedClusterPolicies.close();
        }
        if (clusterPolicies != null) {
            clusterPolicies.close();
        }
        if (watchClient != null) {
            watchClient.close();
        }
    }
}
