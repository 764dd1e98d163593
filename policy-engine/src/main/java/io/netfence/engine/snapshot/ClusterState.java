package io.netfence.engine.snapshot;

import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;

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
    private final AtomicLong version = new AtomicLong();

    public void upsertNamespace(NamespaceInfo ns) {
        namespaces.put(ns.name(), ns);
        version.incrementAndGet();
    }

    public void removeNamespace(String name) {
        namespaces.remove(name);
        version.incrementAndGet();
    }

    public void upsertPod(PodInfo pod) {
        pods.put(pod.key(), pod);
        version.incrementAndGet();
    }

    public void removePod(String namespace, String name) {
        pods.remove(namespace + "/" + name);
        version.incrementAndGet();
    }

    public void upsertNode(NodeInfo node) {
        nodes.put(node.name(), node);
        version.incrementAndGet();
    }

    public void removeNode(String name) {
        nodes.remove(name);
        version.incrementAndGet();
    }

    public void upsertPolicy(Policy policy) {
        policies.put(policy.key(), policy);
        version.incrementAndGet();
    }

    public void removePolicy(String namespace, String name) {
        policies.remove(namespace + "/" + name);
        version.incrementAndGet();
    }

    public long version() {
        return version.get();
    }

    public ClusterSnapshot snapshot() {
        return ClusterSnapshot.of(namespaces.values(), pods.values(), nodes.values(), policies.values());
    }
}
