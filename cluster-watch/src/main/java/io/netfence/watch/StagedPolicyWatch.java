package io.netfence.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.snapshot.StagedPolicyConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * StagedNetworkPolicies ({@code netfence.io/v1alpha1}, namespaced) feeding {@link ClusterState}, tolerating a cluster
 * without their CRD (an older chart, or the CRD removed) exactly as {@link ClusterNetworkPolicyWatch} does: an informer
 * on that one CRD starts the staged policy informer when the CRD serves v1alpha1 and stops it (forgetting the staged
 * policies) when it goes; readiness never waits for a missing CRD. Staged policies never change an enforced verdict.
 */
final class StagedPolicyWatch implements AutoCloseable {

    static final String CRD_NAME = StagedPolicyConverter.PLURAL + "." + StagedPolicyConverter.GROUP;
    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(StagedPolicyConverter.GROUP).withVersion(StagedPolicyConverter.VERSION).withKind(StagedPolicyConverter.KIND)
            .withPlural(StagedPolicyConverter.PLURAL).withNamespaced(true).build();

    private static final Logger log = LoggerFactory.getLogger(StagedPolicyWatch.class);

    private final KubernetesClient client;
    private final ClusterState state;
    private final Object lock;
    private final Runnable onChange;
    private final ListFailureLog failures;
    private final long pageSize;
    private final CompletableFuture<Void> initial = new CompletableFuture<>();
    private SharedIndexInformer<CustomResourceDefinition> crds;
    private volatile SharedIndexInformer<GenericKubernetesResource> policies;

    StagedPolicyWatch(KubernetesClient client, ClusterState state, Object lock, Runnable onChange,
                              ListFailureLog failures, long pageSize) {
        this.client = client;
        this.state = state;
        this.lock = lock;
        this.onChange = onChange;
        this.failures = failures;
        this.pageSize = pageSize;
    }

    /**
     * Starts watching the CRD. The future completes when the CRD's state is known and, if it is installed, the staged
     * policies are listed; or when the CRD cannot be read at all: the rest of the watcher works without them.
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
        boolean serves = crd != null && serves(crd);
        if (serves && policies == null) {
            log.info("{} is installed: watching StagedNetworkPolicies", CRD_NAME);
            policies = startPolicyInformer();
        } else if (!serves && policies != null) {
            log.info("{} {}: no StagedNetworkPolicies", CRD_NAME, crd == null ? "was removed" : "no longer serves v1alpha1");
            policies.stop();
            policies = null;
            synchronized (lock) {
                state.snapshot().stagedPolicies().forEach(p -> state.removeStagedPolicy(p.namespace(), p.name()));
            }
            onChange.run();
        } else if (crd != null && !serves) {
            log.warn("{} is installed but does not serve v1alpha1: StagedNetworkPolicies are ignored", CRD_NAME);
        }
    }

    static boolean serves(CustomResourceDefinition crd) {
        return crd.getSpec() != null && crd.getSpec().getVersions() != null && crd.getSpec().getVersions().stream()
                .anyMatch(v -> CONTEXT.getVersion().equals(v.getName()) && Boolean.TRUE.equals(v.getServed()));
    }

    private SharedIndexInformer<GenericKubernetesResource> startPolicyInformer() {
        SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(CONTEXT).inAnyNamespace()
                .withLimit(pageSize).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                take(obj);
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                // only the spec is staged
                if (oldObj != null && java.util.Objects.equals(oldObj.getAdditionalProperties().get("spec"),
                        newObj.getAdditionalProperties().get("spec"))) {
                    return;
                }
                take(newObj);
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                synchronized (lock) {
                    state.removeStagedPolicy(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
                }
                onChange.run();
            }
        });
        informer.exceptionHandler((started, t) -> {
            failures.failed(StagedPolicyConverter.PLURAL, started, t);
            return true;
        });
        informer.start().thenRun(() -> initial.complete(null));
        return informer;
    }

    private void take(GenericKubernetesResource obj) {
        Optional<String> problem;
        synchronized (lock) {
            problem = state.takeStagedPolicy(obj);
        }
        problem.ifPresent(p -> log.warn("{}", p));
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
            keep.add(o.getMetadata().getNamespace() + "/" + o.getMetadata().getName());
            state.takeStagedPolicy(o);
        }
        state.snapshot().stagedPolicies().stream().filter(p -> !keep.contains(p.key()))
                .forEach(p -> state.removeStagedPolicy(p.namespace(), p.name()));
    }

    /** The stored object (generic form) from the informer's cache; empty without the CRD. */
    Optional<GenericKubernetesResource> get(String namespace, String name) {
        SharedIndexInformer<GenericKubernetesResource> informer = policies;
        return informer == null ? Optional.empty() : Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
    }

    /** Every stored object from the informer's cache, unordered; empty without the CRD. */
    java.util.List<GenericKubernetesResource> list() {
        SharedIndexInformer<GenericKubernetesResource> informer = policies;
        return informer == null ? java.util.List.of() : informer.getStore().list();
    }

    /** Whether the CRD is installed and the staged policies are being watched. */
    boolean active() {
        return policies != null;
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
