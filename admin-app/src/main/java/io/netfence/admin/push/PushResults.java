package io.netfence.admin.push;

import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.SessionScope;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * This session's recent push and bundle outcomes, so a result page is a GET that can be refreshed without pushing again.
 */
@Component
@SessionScope
public class PushResults implements Serializable {

    private static final int KEEP = 20;

    private final Map<String, Serializable> results = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Serializable> eldest) {
            return size() > KEEP;
        }
    };

    /** The convergence of a written push, by result id (same bound as the results). */
    private final Map<String, io.netfence.admin.nodes.Convergence> convergences = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, io.netfence.admin.nodes.Convergence> eldest) {
            return size() > KEEP;
        }
    };

    public synchronized void track(String id, io.netfence.admin.nodes.Convergence convergence) {
        convergences.put(id, convergence);
    }

    public synchronized Optional<io.netfence.admin.nodes.Convergence> convergence(String id) {
        return Optional.ofNullable(convergences.get(id));
    }

    public synchronized String put(Serializable outcome) {
        String id = UUID.randomUUID().toString();
        results.put(id, outcome);
        return id;
    }

    public synchronized Optional<PushOutcome> get(String id) {
        return results.get(id) instanceof PushOutcome o ? Optional.of(o) : Optional.empty();
    }

    /** A ClusterNetworkPolicy push's outcome (any Serializable outcome type is kept the same way). */
    public synchronized <T extends Serializable> Optional<T> get(String id, Class<T> type) {
        return type.isInstance(results.get(id)) ? Optional.of(type.cast(results.get(id))) : Optional.empty();
    }

    public synchronized Optional<BundleOutcome> bundle(String id) {
        return results.get(id) instanceof BundleOutcome o ? Optional.of(o) : Optional.empty();
    }
}
