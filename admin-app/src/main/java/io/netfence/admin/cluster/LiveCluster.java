package io.netfence.admin.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.netfence.engine.snapshot.ClusterSnapshot;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.snapshot.PolicyConverter;
import io.netfence.engine.snapshot.ResourceConverter;
import io.netfence.engine.status.NodeFirewallStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The console's live model of the cluster: informers on namespaces, nodes, pods, NetworkPolicies and
 * NodeFirewallStatus objects feed the engine's {@link ClusterState} one event at a time. Requests read
 * {@link #snapshot()}, which is rebuilt only when something changed; nothing here lists the cluster per request.
 */
@Component
public class LiveCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveCluster.class);

    public static final ResourceDefinitionContext STATUS_CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(NodeFirewallStatus.GROUP).withVersion(NodeFirewallStatus.VERSION)
            .withKind(NodeFirewallStatus.KIND).withPlural(NodeFirewallStatus.PLURAL).withNamespaced(false).build();

    private record Cached(long version, ClusterSnapshot snapshot) {
    }

    private final ClusterState state = new ClusterState();
    private final Map<String, NodeFirewallStatus> statuses = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final SharedIndexInformer<NetworkPolicy> policyInformer;
    private volatile Cached cached;

    public LiveCluster(KubernetesClient client) {
        informers.add(client.namespaces().inform(handler(ResourceConverter::namespace, (o, v) -> state.upsertNamespace(v),
                o -> state.removeNamespace(o.getMetadata().getName()))));
        informers.add(client.nodes().inform(handler(ResourceConverter::node, (o, v) -> state.upsertNode(v),
                o -> state.removeNode(o.getMetadata().getName()))));
        informers.add(client.pods().inAnyNamespace().inform(handler(ResourceConverter::pod, (o, v) -> state.upsertPod(v),
                o -> state.removePod(o.getMetadata().getNamespace(), o.getMetadata().getName()))));
        policyInformer = client.network().v1().networkPolicies().inAnyNamespace().inform(handler(PolicyConverter::convert,
                (o, v) -> state.upsertPolicy(v), o -> state.removePolicy(o.getMetadata().getNamespace(), o.getMetadata().getName())));
        informers.add(policyInformer);
        informers.add(statusInformer(client));
        log.info("live model loaded: {} namespaces, {} nodes, {} pods, {} policies", snapshot().namespaces().size(),
                snapshot().nodes().size(), snapshot().pods().size(), snapshot().policies().size());
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
        return Optional.ofNullable(policyInformer.getStore().getByKey(namespace + "/" + name));
    }

    /** Every NetworkPolicy object as stored, from the informer cache (unordered). */
    public List<NetworkPolicy> networkPolicies() {
        return policyInformer.getStore().list();
    }

    /** Reported NodeFirewallStatus per node name, sorted. */
    public Map<String, NodeFirewallStatus> nodeStatuses() {
        return new TreeMap<>(statuses);
    }

    /**
     * Started without waiting: the NodeFirewallStatus CRD may not be installed yet (no agents), and the console works
     * without it ("no report"). The informer keeps retrying with backoff, so a CRD installed later is picked up.
     */
    private SharedIndexInformer<GenericKubernetesResource> statusInformer(KubernetesClient client) {
        SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(STATUS_CONTEXT).runnableInformer(0);
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

    private ResourceEventHandler<GenericKubernetesResource> statusHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                put(obj);
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                put(newObj);
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                statuses.remove(obj.getMetadata().getName());
            }

            @SuppressWarnings("unchecked")
            private void put(GenericKubernetesResource obj) {
                try {
                    Object status = obj.getAdditionalProperties().get("status");
                    statuses.put(obj.getMetadata().getName(),
                            NodeFirewallStatus.fromMap(status instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of()));
                } catch (RuntimeException e) {
                    log.warn("unreadable NodeFirewallStatus {}: {}", obj.getMetadata().getName(), e.getMessage());
                }
            }
        };
    }

    private <T extends HasMetadata, V> ResourceEventHandler<T> handler(Function<T, V> convert, BiConsumer<T, V> upsert,
                                                                      Consumer<T> remove) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                V v = convertOrNull(obj);
                if (v != null) {
                    upsert.accept(obj, v);
                }
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                V v = convertOrNull(newObj);
                if (v == null) {
                    remove.accept(newObj);
                } else {
                    upsert.accept(newObj, v);
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                remove.accept(obj);
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
    }
}
