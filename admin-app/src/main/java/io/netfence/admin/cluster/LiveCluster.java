package io.netfence.admin.cluster;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.snapshot.UnusablePolicy;
import io.netfence.engine.status.NodeFirewallStatus;
import io.netfence.watch.ClusterWatcher;
import io.netfence.watch.status.NodeFirewallStatusResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The console's live model of the cluster: the shared {@link ClusterWatcher} (the same informers as the node agent's)
 * feeds the engine's {@link ClusterState}, and an informer on NodeFirewallStatus objects collects the agents' reports. Requests read
 * {@link #snapshot()}, which is rebuilt only when something changed; nothing here lists the cluster per request.
 */
@Component
public class LiveCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveCluster.class);

    private record Cached(long version, ClusterSnapshot snapshot) {
    }

    /** How long the console waits for the initial lists before it serves pages anyway (they fill in as the lists arrive). */
    static final Duration INITIAL_LIST_WAIT = Duration.ofSeconds(60);

    private final ClusterState state = new ClusterState();
    private final Map<String, NodeFirewallStatus> statuses = new ConcurrentHashMap<>();
    private final ClusterWatcher watcher;
    private final SharedIndexInformer<NodeFirewallStatusResource> statusInformer;
    private volatile Cached cached;

    public LiveCluster(KubernetesClient client) {
        watcher = new ClusterWatcher(client, state, () -> { });
        try {
            watcher.start().get(INITIAL_LIST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("live model loaded: {} namespaces, {} nodes, {} pods, {} policies", snapshot().namespaces().size(),
                    snapshot().nodes().size(), snapshot().pods().size(), snapshot().policies().size());
        } catch (TimeoutException e) {
            log.warn("the API server has not answered every initial list within {} s; serving what has arrived, the informers keep retrying",
                    INITIAL_LIST_WAIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot watch the cluster: " + e.getCause().getMessage(), e.getCause());
        }
        statusInformer = statusInformer(client);
    }

    /** The current snapshot; the same object while nothing changed. */
    public ClusterSnapshot snapshot() {
        long v = state.version();
        Cached c = cached;
        if (c != null && c.version() == v) {
            return c.snapshot();
        }
        ClusterSnapshot s = state.snapshot();
        cached = new Cached(v, s);
        return s;
    }

    /** Increases with every change of the model (not of node statuses). */
    public long version() {
        return state.version();
    }

    /** The NetworkPolicy object as stored, from the informer cache. */
    public Optional<NetworkPolicy> networkPolicy(String namespace, String name) {
        return watcher.networkPolicy(namespace, name);
    }

    /** Stored NetworkPolicy objects that the engine cannot use as they are, and what is enforced instead. */
    public List<UnusablePolicy> unusablePolicies() {
        return state.unusablePolicies();
    }

    /** Every NetworkPolicy object as stored, from the informer cache (unordered). */
    public List<NetworkPolicy> networkPolicies() {
        return watcher.networkPolicies();
    }

    /** The ClusterNetworkPolicy object as stored (generic form), from the informer cache; empty without its CRD. */
    public Optional<io.fabric8.kubernetes.api.model.GenericKubernetesResource> clusterNetworkPolicy(String name) {
        return watcher.clusterNetworkPolicy(name);
    }

    /** Every ClusterNetworkPolicy object as stored (unordered); empty without its CRD. */
    public List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> clusterNetworkPolicies() {
        return watcher.clusterNetworkPolicies();
    }

    /** Stored ClusterNetworkPolicy objects the engine cannot use as they are, and what is enforced instead. */
    public List<io.netfence.engine.snapshot.UnusableClusterNetworkPolicy> unusableClusterNetworkPolicies() {
        return state.unusableClusterNetworkPolicies();
    }

    /** Whether the ClusterNetworkPolicy CRD (v1alpha2) is installed and watched. */
    public boolean clusterNetworkPoliciesWatched() {
        return watcher.clusterNetworkPoliciesWatched();
    }

    /** The StagedNetworkPolicy object as stored (generic form), from the informer cache; empty without its CRD. */
    public Optional<io.fabric8.kubernetes.api.model.GenericKubernetesResource> stagedPolicy(String namespace, String name) {
        return watcher.stagedPolicy(namespace, name);
    }

    /** Every StagedNetworkPolicy object as stored (unordered); empty without its CRD. */
    public List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> stagedPolicyObjects() {
        return watcher.stagedPolicyObjects();
    }

    /** Whether the StagedNetworkPolicy CRD is installed and watched. */
    public boolean stagedPoliciesWatched() {
        return watcher.stagedPoliciesWatched();
    }

    /** Why stored StagedNetworkPolicy objects cannot be used as they are (sorted by key). */
    public List<String> unusableStagedPolicies() {
        return state.unusableStagedPolicies();
    }

    /** The StagedClusterNetworkPolicy object as stored (generic form), from the informer cache; empty without its CRD. */
    public Optional<io.fabric8.kubernetes.api.model.GenericKubernetesResource> stagedClusterPolicy(String name) {
        return watcher.stagedClusterPolicy(name);
    }

    /** Every StagedClusterNetworkPolicy object as stored (unordered); empty without its CRD. */
    public List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> stagedClusterPolicyObjects() {
        return watcher.stagedClusterPolicyObjects();
    }

    /** Whether the StagedClusterNetworkPolicy CRD is installed and watched. */
    public boolean stagedClusterPoliciesWatched() {
        return watcher.stagedClusterPoliciesWatched();
    }

    /** Why stored StagedClusterNetworkPolicy objects cannot be used as they are (sorted by name). */
    public List<String> unusableStagedClusterPolicies() {
        return state.unusableStagedClusterNetworkPolicies();
    }

    /** Reported NodeFirewallStatus per node name, sorted. */
    public Map<String, NodeFirewallStatus> nodeStatuses() {
        return new TreeMap<>(statuses);
    }

    /**
     * Started without waiting: the NodeFirewallStatus CRD may not be installed yet (no agents), and the console works
     * without it ("no report"). The informer keeps retrying with backoff, so a CRD installed later is picked up.
     */
    private SharedIndexInformer<NodeFirewallStatusResource> statusInformer(KubernetesClient client) {
        SharedIndexInformer<NodeFirewallStatusResource> informer = client.resources(NodeFirewallStatusResource.class).runnableInformer(0);
        informer.addEventHandler(statusHandler());
        AtomicBoolean warned = new AtomicBoolean();
        informer.exceptionHandler((started, t) -> {
            if (warned.compareAndSet(false, true)) {
                log.warn("cannot watch {} ({}); node sync status is unknown until it can (retrying)", NodeFirewallStatus.PLURAL,
                        t.getMessage());
            }
            return true;
        });
        informer.start();
        return informer;
    }

    private ResourceEventHandler<NodeFirewallStatusResource> statusHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(NodeFirewallStatusResource obj) {
                put(obj);
            }

            @Override
            public void onUpdate(NodeFirewallStatusResource oldObj, NodeFirewallStatusResource newObj) {
                put(newObj);
            }

            @Override
            public void onDelete(NodeFirewallStatusResource obj, boolean deletedFinalStateUnknown) {
                statuses.remove(obj.getMetadata().getName());
            }

            private void put(NodeFirewallStatusResource obj) {
                String node = obj.getMetadata().getName();
                // created but no status written yet: a report that says nothing
                statuses.put(node, obj.getStatus() != null ? obj.getStatus()
                        : new NodeFirewallStatus(node, null, null, null, 0, null, null, null, null, 0, 0, null, null, null));
            }
        };
    }

    @Override
    public void close() {
        statusInformer.stop();
        watcher.close();
    }
}
