package io.netfence.admin.audit;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Recent audited writes, from an informer on the Events labelled {@value AuditEvents#LABEL}=true in all namespaces:
 * the label selector is applied by the API server, so the cache holds only the console's own audit Events, and the
 * API server's event TTL ({@code --event-ttl}, 1 hour by default) bounds it. A page view reads the cache, it never
 * lists the cluster. Older history is in the {@code netfence.audit} log lines.
 * <p>
 * Started without waiting, like the NodeFirewallStatus informer: without RBAC to watch events the console still
 * works and the page says that the history is unavailable.
 */
@Component
public class AuditHistory implements AutoCloseable {

    /** At most this many records per page view or API answer, newest first. */
    public static final int LIMIT = 500;

    private static final Logger log = LoggerFactory.getLogger(AuditHistory.class);

    private final SharedIndexInformer<Event> informer;
    private volatile boolean failing;

    public AuditHistory(KubernetesClient client) {
        informer = client.v1().events().inAnyNamespace().withLabel(AuditEvents.LABEL, "true").runnableInformer(0);
        AtomicBoolean warned = new AtomicBoolean();
        informer.exceptionHandler((started, t) -> {
            failing = true;
            if (warned.compareAndSet(false, true)) {
                log.warn("cannot watch audit Events ({}); the Audit page is empty until it can (retrying)", t.getMessage());
            }
            return true;
        });
        informer.start();
    }

    /** Whether the history could be loaded (the informer synced). */
    public boolean available() {
        return informer.hasSynced();
    }

    /**
     * Newest first, at most {@link #LIMIT}.
     *
     * @param namespace only this namespace (blank: all)
     * @param user      only this user, exactly (blank: all)
     */
    public List<AuditRecord> recent(String namespace, String user) {
        return informer.getStore().list().stream()
                .map(AuditEvents::read).flatMap(Optional::stream)
                .filter(r -> blank(namespace) || namespace.equals(r.namespace()))
                .filter(r -> blank(user) || user.equals(r.user()))
                .sorted(Comparator.comparing(AuditRecord::at).reversed().thenComparing(AuditRecord::event))
                .limit(LIMIT)
                .toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public void close() {
        informer.stop();
    }
}
