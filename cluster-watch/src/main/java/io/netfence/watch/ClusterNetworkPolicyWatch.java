package io.netfence.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.snapshot.UnusableClusterNetworkPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * ClusterNetworkPolicies ({@code policy.networking.k8s.io/v1alpha2}) feeding {@link ClusterState}, on clusters that
 * may not have their CRD. An informer on that one CRD (a {@code metadata.name} field selector, so RBAC can restrict it
 * with {@code resourceNames}) starts the ClusterNetworkPolicy informer when the CRD appears serving v1alpha2, and stops
 * it (forgetting the policies, which the API server deletes with their CRD) when it goes. Without the CRD nothing
 * retries in a loop and readiness does not wait for it.
 */
final class ClusterNetworkPolicyWatch implements AutoCloseable {

    static final String CRD_NAME = "clusternetworkpolicies.policy.networking.k8s.io";
    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("policy.networking.k8s.io").withVersion("v1alpha2").withKind("ClusterNetworkPolicy")
            .withPlural("clusternetworkpolicies").withNamespaced(false).build();

    private static final Logger log = LoggerFactory.getLogger(ClusterNetworkPolicyWatch.class);

    private final KubernetesClient client;
    private final ClusterState state;
    private final Object lock;
    private final Runnable onChange;
    private final ListFailureLog failures;
    private final long pageSize;
    private final CompletableFuture<Void> initial = new CompletableFuture<>();
    private SharedIndexInformer<CustomResourceDefinition> crds;
    private volatile SharedIndexInformer<GenericKubernetesResource> policies;

    ClusterNetworkPolicyWatch(KubernetesClient client, ClusterState state, Object lock, Runnable onChange,
                              ListFailureLog failures, long pageSize) {
        this.client = client;
        this.state = state;
        this.lock = lock;
        this.onChange = onChange;
        this.failures = failures;
        this.pageSize = pageSize;
    }

    /**
     * Starts watching the CRD. The future completes when the CRD's state is known and, if it is installed, the
     * policies are listed; or when the CRD cannot be read at all (e.g. RBAC from an older chart): the rest of the
     * watcher works without ClusterNetworkPolicies then, and the CRD informer keeps retrying with backoff.
     */
    CompletableFuture<Void> start() {
        crds = client.apiextensions().v1().customResourceDefinitions().withField("metadata.name", CRD_NAME)
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
            failures.failed("customresourcedefinitions/" + CRD_NAME, started, t);
            if (!started) {
                initial.complete(null);
            }
            return true;
        });
        crds.start().thenRun(() -> {
            // the add notification may still be queued: decide from the listed cache, so that a cluster with the CRD
            // is reported started only once its policies are listed too
            crds.getStore().list().forEach(this::crdChanged);
            if (policies == null) {
                initial.complete(null);
            }
        });
        return initial;
    }

    private synchronized void crdChanged(CustomResourceDefinition crd) {
        boolean serves = crd != null && servesV1alpha2(crd);
        if (serves && policies == null) {
            log.info("{} is installed: watching ClusterNetworkPolicies", CRD_NAME);
            policies = startPolicyInformer();
        } else if (!serves && policies != null) {
            log.info("{} {}: no ClusterNetworkPolicies", CRD_NAME, crd == null ? "was removed" : "no longer serves v1alpha2");
            policies.stop();
            policies = null;
            synchronized (lock) {
                state.snapshot().clusterNetworkPolicies().forEach(p -> state.removeClusterNetworkPolicy(p.name()));
                state.unusableClusterNetworkPolicies().forEach(p -> state.removeClusterNetworkPolicy(p.name()));
            }
            onChange.run();
        } else if (crd != null && !serves) {
            log.warn("{} is installed but does not serve v1alpha2 (the version netfence implements): ClusterNetworkPolicies are ignored", CRD_NAME);
        }
    }

    static boolean servesV1alpha2(CustomResourceDefinition crd) {
        return crd.getSpec() != null && crd.getSpec().getVersions() != null && crd.getSpec().getVersions().stream()
                .anyMatch(v -> CONTEXT.getVersion().equals(v.getName()) && Boolean.TRUE.equals(v.getServed()));
    }

    private SharedIndexInformer<GenericKubernetesResource> startPolicyInformer() {
        SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(CONTEXT)
                .withLimit(pageSize).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                take(obj);
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                // status writes (conditions) do not change what is enforced
                if (oldObj != null && java.util.Objects.equals(oldObj.getAdditionalProperties().get("spec"),
                        newObj.getAdditionalProperties().get("spec"))) {
                    return;
                }
                take(newObj);
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                synchronized (lock) {
                    state.removeClusterNetworkPolicy(obj.getMetadata().getName());
                }
                onChange.run();
            }
        });
        informer.exceptionHandler((started, t) -> {
            failures.failed("clusternetworkpolicies", started, t);
            return true;
        });
        informer.start().thenRun(() -> initial.complete(null));
        return informer;
    }

    private void take(GenericKubernetesResource obj) {
        Optional<UnusableClusterNetworkPolicy> problem;
        synchronized (lock) {
            problem = state.takeClusterNetworkPolicy(obj);
        }
        problem.ifPresent(p -> log.warn("{}", p.describe()));
        onChange.run();
    }

    /** Part of {@link ClusterWatcher#reconcile()}: the caller holds the lock. */
    void reconcile() {
        SharedIndexInformer<GenericKubernetesResource> informer = policies;
        if (informer == null || !informer.hasSynced()) {
            return;
        }
        Set<String> keep = new HashSet<>();
        for (GenericKubernetesResource o : informer.getStore().list()) {
            keep.add(o.getMetadata().getName());
            state.takeClusterNetworkPolicy(o);
        }
        state.snapshot().clusterNetworkPolicies().stream().filter(p -> !keep.contains(p.name()))
                .forEach(p -> state.removeClusterNetworkPolicy(p.name()));
        state.unusableClusterNetworkPolicies().stream().filter(p -> !keep.contains(p.name()))
                .forEach(p -> state.removeClusterNetworkPolicy(p.name()));
    }

    /** Whether the CRD is installed and its policies are being watched. */
    boolean active() {
        return policies != null;
    }

    Optional<GenericKubernetesResource> get(String name) {
        SharedIndexInformer<GenericKubernetesResource> informer = policies;
        return informer == null ? Optional.empty() : Optional.ofNullable(informer.getStore().getByKey(name));
    }

    List<GenericKubernetesResource> list() {
        SharedIndexInformer<GenericKubernetesResource> informer = policies;
        return informer == null ? List.of() : informer.getStore().list();
    }

    @Override
    public synchronized void close() {
        if (policies != null) {
            policies.stop();
        }
        if (crds != null) {
            crds.stop();
        }
    }
}
