package io.netfence.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.netfence.engine.snapshot.ClusterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Objects of a custom resource feeding {@link ClusterState}, on clusters that may not have its CRD. An informer on that
 * one CRD (a {@code metadata.name} field selector, so RBAC can restrict it with {@code resourceNames}) starts the
 * objects' informer when the CRD appears serving the version netfence implements, and stops it (forgetting the
 * objects, which the API server deletes with their CRD) when it goes. Without the CRD nothing retries in a loop and
 * readiness does not wait for it. Subclasses say how an object enters and leaves the state, by its informer key
 * ({@code name} or {@code namespace/name}).
 */
abstract class OptionalCrdWatch implements AutoCloseable {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String crdName;
    private final ResourceDefinitionContext context;
    /** The objects' name in the log, e.g. "ClusterNetworkPolicies". */
    private final String objects;
    private final KubernetesClient client;
    private final ClusterState state;
    private final Object lock;
    private final Runnable onChange;
    private final ListFailureLog failures;
    private final long pageSize;
    private final CompletableFuture<Void> initial = new CompletableFuture<>();
    private SharedIndexInformer<CustomResourceDefinition> crds;
    private volatile SharedIndexInformer<GenericKubernetesResource> informer;

    OptionalCrdWatch(String crdName, ResourceDefinitionContext context, String objects, KubernetesClient client,
                     ClusterState state, Object lock, Runnable onChange, ListFailureLog failures, long pageSize) {
        this.crdName = crdName;
        this.context = context;
        this.objects = objects;
        this.client = client;
        this.state = state;
        this.lock = lock;
        this.onChange = onChange;
        this.failures = failures;
        this.pageSize = pageSize;
    }

    /** Takes the object into the state; a description of why it cannot be used as it is, if so. Under the lock. */
    abstract Optional<String> take(ClusterState state, GenericKubernetesResource obj);

    /** Removes the object of this informer key from the state. Under the lock. */
    abstract void remove(ClusterState state, String key);

    /** The informer keys of every object of this kind the state holds, usable or not. Under the lock. */
    abstract Set<String> keysInState(ClusterState state);

    /** Whether an update is only a status write: nothing to take. */
    boolean sameSpec(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
        return oldObj != null && java.util.Objects.equals(oldObj.getAdditionalProperties().get("spec"),
                newObj.getAdditionalProperties().get("spec"));
    }

    /**
     * Starts watching the CRD. The future completes when the CRD's state is known and, if it is installed, the
     * objects are listed; or when the CRD cannot be read at all (e.g. RBAC from an older chart): the rest of the
     * watcher works without these objects then, and the CRD informer keeps retrying with backoff.
     */
    CompletableFuture<Void> start() {
        crds = client.apiextensions().v1().customResourceDefinitions().withField("metadata.name", crdName)
                .runnableInformer(0);
        crds.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(CustomResourceDefinition crd) {
                crdChanged(crd);
            }

            @Override
            public void onUpdate(CustomResourceDefinition oldCrd, CustomResourceDefinition crd) {
                crdChanged(crd);
            }

            @Override
            public void onDelete(CustomResourceDefinition crd, boolean deletedFinalStateUnknown) {
                crdChanged(null);
            }
        });
        crds.exceptionHandler((started, t) -> {
            failures.failed("customresourcedefinitions/" + crdName, started, t);
            if (!started) {
                initial.complete(null);
            }
            return true;
        });
        crds.start().thenRun(() -> {
            // the add notification may still be queued: decide from the listed cache, so that a cluster with the CRD
            // is reported started only once its objects are listed too
            crds.getStore().list().forEach(this::crdChanged);
            if (informer == null) {
                initial.complete(null);
            }
        });
        return initial;
    }

    private synchronized void crdChanged(CustomResourceDefinition crd) {
        boolean serves = crd != null && serves(crd, context.getVersion());
        if (serves && informer == null) {
            log.info("{} is installed: watching {}", crdName, objects);
            informer = startInformer();
        } else if (!serves && informer != null) {
            log.info("{} {}: no {}", crdName, crd == null ? "was removed" : "no longer serves " + context.getVersion(), objects);
            informer.stop();
            informer = null;
            synchronized (lock) {
                keysInState(state).forEach(k -> remove(state, k));
            }
            onChange.run();
        } else if (crd != null && !serves) {
            log.warn("{} is installed but does not serve {} (the version netfence implements): {} are ignored", crdName,
                    context.getVersion(), objects);
        }
    }

    static boolean serves(CustomResourceDefinition crd, String version) {
        return crd.getSpec() != null && crd.getSpec().getVersions() != null && crd.getSpec().getVersions().stream()
                .anyMatch(v -> version.equals(v.getName()) && Boolean.TRUE.equals(v.getServed()));
    }

    private SharedIndexInformer<GenericKubernetesResource> startInformer() {
        var resources = client.genericKubernetesResources(context);
        SharedIndexInformer<GenericKubernetesResource> i = (context.isNamespaceScoped() ? resources.inAnyNamespace() : resources)
                .withLimit(pageSize).runnableInformer(0);
        i.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                takeAndNotify(obj);
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                if (!sameSpec(oldObj, newObj)) {
                    takeAndNotify(newObj);
                }
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                synchronized (lock) {
                    remove(state, Cache.metaNamespaceKeyFunc(obj));
                }
                onChange.run();
            }
        });
        i.exceptionHandler((started, t) -> {
            failures.failed(context.getPlural(), started, t);
            return true;
        });
        i.start().thenRun(() -> initial.complete(null));
        return i;
    }

    private void takeAndNotify(GenericKubernetesResource obj) {
        Optional<String> problem;
        synchronized (lock) {
            problem = take(state, obj);
        }
        problem.ifPresent(p -> log.warn("{}", p));
        onChange.run();
    }

    /** Part of {@link ClusterWatcher#reconcile()}: the caller holds the lock. */
    void reconcile() {
        SharedIndexInformer<GenericKubernetesResource> i = informer;
        if (i == null || !i.hasSynced()) {
            return;
        }
        Set<String> keep = new HashSet<>();
        for (GenericKubernetesResource o : i.getStore().list()) {
            keep.add(Cache.metaNamespaceKeyFunc(o));
            take(state, o);
        }
        keysInState(state).stream().filter(k -> !keep.contains(k)).forEach(k -> remove(state, k));
    }

    /** Whether the CRD is installed and its objects are being watched. */
    boolean active() {
        return informer != null;
    }

    /** The stored object (generic form) of this informer key from the cache; empty without the CRD. */
    Optional<GenericKubernetesResource> getByKey(String key) {
        SharedIndexInformer<GenericKubernetesResource> i = informer;
        return i == null ? Optional.empty() : Optional.ofNullable(i.getStore().getByKey(key));
    }

    /** Every stored object from the cache, unordered; empty without the CRD. */
    List<GenericKubernetesResource> list() {
        SharedIndexInformer<GenericKubernetesResource> i = informer;
        return i == null ? List.of() : i.getStore().list();
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.stop();
        }
        if (crds != null) {
            crds.stop();
        }
    }
}
