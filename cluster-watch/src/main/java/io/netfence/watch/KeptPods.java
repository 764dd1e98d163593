package io.netfence.watch;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.netfence.engine.model.ContainerPortInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.PodOwner;
import io.netfence.engine.snapshot.ResourceConverter;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The pod informer's item store, keeping per pod only the engine's own {@link PodInfo} (the very instance
 * {@code ClusterState} holds, so a pod is in memory once), its resourceVersion and its owner references (the
 * workload a console groups it by). Repeated strings — namespaces, label keys and values, node names, phases, port
 * names, owners — are interned, so 10,000 pods of a few hundred workloads share them.
 * <p>
 * fabric8's informer reads the store only to hand an update's old object to the handlers and to list it; those reads
 * get a minimal {@link Pod} rebuilt from what is kept ({@link #asPod}), which converts to the same {@link PodInfo}.
 * A trimmed fabric8 {@code Pod} costs ~3.8 KB of heap (its model objects pre-allocate a list or map per field);
 * what is kept here ~0.6 KB ({@code KeptPodsFootprintTest}).
 * <p>
 * A pod the engine cannot convert is kept as a trimmed {@code Pod} ({@link Trimmed#pod}) so the handlers still see
 * (and log) it.
 */
final class KeptPods implements ItemStore<Pod> {

    /** One kept pod: {@code info} is null only when the object could not be converted ({@code unconverted}). */
    record Kept(PodInfo info, String resourceVersion, List<Owner> owners, Pod unconverted) {
    }

    /** An owner reference, without the uid (owners are named by kind and name in the same namespace). */
    record Owner(String apiVersion, String kind, String name, boolean controller) {
    }

    private final ConcurrentHashMap<String, Kept> items = new ConcurrentHashMap<>();

    /**
     * A pod read from this store is keyed from its kept record: fabric8 keys every pod of its cache at the end of each
     * list and relist ({@code ProcessorStore.syncList}, over one list of all of them), and reading a {@link KeptPod}'s
     * metadata would build it — 10,000 built pods (~25 MB) held at once at the end of the initial list, the agent's
     * memory peak (docs/benchmarks.md, "Agent memory").
     */
    @Override
    public String getKey(Pod obj) {
        if (obj instanceof KeptPod kp) {
            PodInfo p = kp.kept().info();
            return p.namespace() == null || p.namespace().isEmpty() ? p.name() : p.namespace() + "/" + p.name();
        }
        return Cache.metaNamespaceKeyFunc(obj);
    }

    /**
     * The same version again (a relist, a watch that replays what exists) keeps the record already kept: the handlers
     * are not told of it, so the state still holds that instance, and a new copy would hold the pod twice.
     */
    @Override
    public Pod put(String key, Pod obj) {
        Kept[] before = new Kept[1];
        items.compute(key, (k, old) -> {
            before[0] = old;
            return old != null && old.info() != null && old.resourceVersion() != null
                    && old.resourceVersion().equals(obj.getMetadata().getResourceVersion()) ? old : keep(obj);
        });
        return asPod(before[0]);
    }

    @Override
    public Pod remove(String key) {
        return asPod(items.remove(key));
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<Pod> values() {
        return items.values().stream().map(KeptPods::asPod);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public Pod get(String key) {
        return asPod(items.get(key));
    }

    /**
     * The engine's view of this pod: the kept instance when the store holds this very version (always, for objects the
     * informer hands to its handlers right after storing them), else converted.
     */
    PodInfo info(Pod pod) {
        if (pod instanceof KeptPod kp) {
            return kp.kept().info();
        }
        Kept k = items.get(getKey(pod));
        if (k != null && k.info() != null && Objects.equals(k.resourceVersion(), pod.getMetadata().getResourceVersion())) {
            return k.info();
        }
        return interned(ResourceConverter.pod(pod));
    }

    /** Every convertible kept pod, as the engine sees it. */
    List<PodInfo> infos() {
        return items.values().stream().map(Kept::info).filter(Objects::nonNull).toList();
    }

    static Kept keep(Pod pod) {
        var meta = pod.getMetadata();
        List<Owner> owners = meta.getOwnerReferences() == null ? List.of() : meta.getOwnerReferences().stream()
                .map(o -> new Owner(intern(o.getApiVersion()), intern(o.getKind()), intern(o.getName()), Boolean.TRUE.equals(o.getController())))
                .toList();
        PodInfo info;
        try {
            info = interned(ResourceConverter.pod(pod));
        } catch (RuntimeException e) {
            return new Kept(null, meta.getResourceVersion(), owners, Trimmed.pod(pod));
        }
        return new Kept(info, meta.getResourceVersion(), owners, null);
    }

    /**
     * A minimal pod with what was kept: {@code ResourceConverter.pod(asPod(keep(p)))} equals {@code ResourceConverter.pod(p)}.
     * Its parts are built when first read: the informer queues one for every pod of its initial list, and reads only
     * their metadata.
     */
    static Pod asPod(Kept k) {
        if (k == null) {
            return null;
        }
        return k.info() == null ? k.unconverted() : new KeptPod(k);
    }

    /** A pod read from the store: the kept record, its API object parts built on first read. */
    static final class KeptPod extends Pod {

        private final transient Kept kept;
        private transient io.fabric8.kubernetes.api.model.ObjectMeta meta;
        private transient Pod built;

        KeptPod(Kept kept) {
            this.kept = kept;
            setApiVersion("v1");
            setKind("Pod");
        }

        Kept kept() {
            return kept;
        }

        private synchronized Pod built() {
            if (built == null) {
                built = build(kept, getMetadata());
            }
            return built;
        }

        /** Only the metadata: what fabric8 reads of an update's old object (its resourceVersion). */
        @Override
        public synchronized io.fabric8.kubernetes.api.model.ObjectMeta getMetadata() {
            if (meta == null) {
                meta = built == null ? metadata(kept) : built.getMetadata();
            }
            return meta;
        }

        @Override
        public io.fabric8.kubernetes.api.model.PodSpec getSpec() {
            return built().getSpec();
        }

        @Override
        public io.fabric8.kubernetes.api.model.PodStatus getStatus() {
            return built().getStatus();
        }
    }

    private static io.fabric8.kubernetes.api.model.ObjectMeta metadata(Kept k) {
        PodInfo p = k.info();
        List<OwnerReference> owners = k.owners().stream().map(o -> new OwnerReferenceBuilder().withApiVersion(o.apiVersion())
                .withKind(o.kind()).withName(o.name()).withController(o.controller() ? Boolean.TRUE : null).build()).toList();
        return new ObjectMetaBuilder().withNamespace(p.namespace()).withName(p.name())
                .withResourceVersion(k.resourceVersion()).withLabels(p.labels().isEmpty() ? null : new TreeMap<>(p.labels()))
                .withOwnerReferences(owners.isEmpty() ? null : owners).build();
    }

    private static Pod build(Kept k, io.fabric8.kubernetes.api.model.ObjectMeta metadata) {
        PodInfo p = k.info();
        // all ports in one container, in the pods' order: named ports resolve to the first match, as across containers
        var ports = p.ports().stream().map(cp -> new ContainerPortBuilder().withName(cp.name()).withContainerPort(cp.port())
                .withProtocol(cp.protocol().name()).build()).toList();
        return new PodBuilder().withApiVersion("v1").withKind("Pod")
                .withMetadata(metadata)
                .withNewSpec().withNodeName(p.nodeName()).withHostNetwork(p.hostNetwork() ? Boolean.TRUE : null)
                .withContainers(ports.isEmpty() ? List.of() : List.of(new ContainerBuilder().withName("ports").withPorts(ports).build()))
                .endSpec()
                .withNewStatus().withPhase(p.phase()).withPodIP(p.ips().isEmpty() ? null : p.ips().get(0))
                .withPodIPs(p.ips().stream().map(ip -> new PodIPBuilder().withIp(ip).build()).toList()).endStatus()
                .build();
    }

    /** The same pod with its repeated strings interned (the JVM's string table: entries go when nothing uses them). */
    static PodInfo interned(PodInfo p) {
        Map<String, String> labels = new TreeMap<>();
        p.labels().forEach((k, v) -> labels.put(intern(k), intern(v)));
        List<ContainerPortInfo> ports = p.ports().stream().map(cp -> new ContainerPortInfo(intern(cp.name()), cp.port(), cp.protocol())).toList();
        PodOwner owner = p.owner() == null ? null : new PodOwner(intern(p.owner().kind()), intern(p.owner().name()));
        return new PodInfo(intern(p.namespace()), p.name(), labels, p.ips(), intern(p.nodeName()), p.hostNetwork(), intern(p.phase()), ports,
                owner);
    }

    private static String intern(String s) {
        return s == null ? null : s.intern();
    }
}
