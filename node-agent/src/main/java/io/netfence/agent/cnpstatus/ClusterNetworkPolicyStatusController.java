package io.netfence.agent.cnpstatus;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.snapshot.ClusterChange;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.engine.snapshot.UnusableClusterNetworkPolicy;
import io.netfence.engine.status.ClusterNetworkPolicyConditions;
import io.netfence.engine.status.ClusterNetworkPolicyConditions.Condition;
import io.netfence.watch.ClusterWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * While this agent leads, keeps every ClusterNetworkPolicy's {@code Accepted} condition equal to what the engine says
 * about it ({@link ClusterNetworkPolicyConditions#accepted}), judged from this agent's {@link ClusterState}, i.e. from
 * what it enforces. Work comes from changes of a policy in the state (its spec changed; a change of status alone is no
 * change there, so its own writes do not come back as work) and from full passes (on becoming leader and
 * periodically, which also restores a condition someone else overwrote). Objects are read from the watcher's cache;
 * one thread writes, one object at a time.
 */
public final class ClusterNetworkPolicyStatusController implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterNetworkPolicyStatusController.class);

    private final ClusterWatcher watcher;
    private final ClusterState state;
    private final ClusterNetworkPolicyStatusWriter writer;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "netfence-cnp-status");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** Per policy, the resourceVersion its last write replaced: while the cache still shows it, the write is not seen yet. */
    private final Map<String, String> writtenOver = new ConcurrentHashMap<>();
    private final Consumer<ClusterChange> listener = c -> {
        if (c.kind() == ClusterChange.Kind.CLUSTER_NETWORK_POLICY) {
            request(c.key());
        }
    };
    private final Counter writes;
    private final Counter failures;
    private volatile boolean leading;

    public ClusterNetworkPolicyStatusController(ClusterWatcher watcher, ClusterState state, ClusterNetworkPolicyStatusWriter writer,
                                                MeterRegistry registry) {
        this.watcher = watcher;
        this.state = state;
        this.writer = writer;
        this.writes = Counter.builder("netfence.cnp.status.writes")
                .description("ClusterNetworkPolicy status conditions written (by the agent holding the status lease)").register(registry);
        this.failures = Counter.builder("netfence.cnp.status.write.failures")
                .description("ClusterNetworkPolicy status writes that failed (retried at the next check)").register(registry);
        Gauge.builder("netfence.cnp.status.leader", this, c -> c.leading ? 1 : 0)
                .description("1 while this agent holds the lease to write ClusterNetworkPolicy status conditions").register(registry);
        state.addListener(listener);
    }

    /** This agent holds the lease now: bring every policy's condition up to date. */
    public void startLeading() {
        log.info("writing ClusterNetworkPolicy status conditions (this agent holds the lease)");
        leading = true;
        requestAll();
    }

    /** The lease is lost or released: nothing more is written, queued work is dropped when it runs. */
    public void stopLeading() {
        if (leading) {
            log.info("no longer writing ClusterNetworkPolicy status conditions (lease lost or released)");
        }
        leading = false;
    }

    public boolean leading() {
        return leading;
    }

    /** Checks every policy in the watcher's cache (no API request for those already up to date). */
    public void requestAll() {
        if (leading) {
            watcher.clusterNetworkPolicies().forEach(o -> request(o.getMetadata().getName()));
        }
    }

    private void request(String name) {
        if (!leading || !queued.add(name)) {
            return;
        }
        try {
            worker.execute(() -> {
                queued.remove(name);
                check(name);
            });
        } catch (RejectedExecutionException closed) {
            queued.remove(name);
        }
    }

    private void check(String name) {
        if (!leading) {
            return;
        }
        Optional<GenericKubernetesResource> seen = watcher.clusterNetworkPolicy(name);
        if (seen.isEmpty()) {
            writtenOver.remove(name);
            return;
        }
        String version = seen.get().getMetadata().getResourceVersion();
        if (version != null && version.equals(writtenOver.get(name))) {
            // the cache has not seen our last write yet: judging it would write the same again. A spec change
            // comes back through the state with a newer version; the periodic check covers the rest
            return;
        }
        writtenOver.remove(name);
        try {
            ClusterNetworkPolicyStatusWriter.Outcome outcome = writer.write(seen.get(), this::judge, () -> leading);
            switch (outcome.result()) {
                case WRITTEN -> {
                    writtenOver.put(name, outcome.writtenOver());
                    writes.increment();
                    log.debug("ClusterNetworkPolicy {}: status condition written", name);
                }
                case CONFLICTED -> {
                    failures.increment();
                    log.warn("ClusterNetworkPolicy {}: status kept conflicting with other writers; retried at the next check", name);
                }
                default -> { }
            }
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("ClusterNetworkPolicy {}: writing its status condition failed (retried at the next check): {}", name, e.getMessage());
        }
    }

    /** The condition for what this agent enforces under that name; empty while the state has not taken the object. */
    Optional<Condition> judge(GenericKubernetesResource object) {
        String name = object.getMetadata().getName();
        UnusableClusterNetworkPolicy problem = state.unusableClusterNetworkPolicies().stream()
                .filter(u -> u.name().equals(name)).findFirst().orElse(null);
        ClusterNetworkPolicy enforced = state.clusterNetworkPolicy(name);
        if (problem == null && enforced == null) {
            return Optional.empty();
        }
        return Optional.of(ClusterNetworkPolicyConditions.accepted(enforced, problem));
    }

    @Override
    public void close() {
        leading = false;
        state.removeListener(listener);
        worker.shutdownNow();
    }
}
