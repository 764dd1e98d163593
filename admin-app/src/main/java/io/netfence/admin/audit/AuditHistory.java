package io.netfence.admin.audit;

import io.netfence.admin.paging.Page;
import io.netfence.admin.paging.PageRequest;

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

    /** Every record the Events hold, newest first (the filters' choices). */
    public List<AuditRecord> all() {
        return matching(null, null);
    }

    /** One page of the records matching the filters, newest first (the order of {@link #sortKey}). */
    public Page<AuditRecord> page(String namespace, String user, PageRequest request) {
        return request.page(matching(namespace, user), AuditHistory::sortKey);
    }

    private List<AuditRecord> matching(String namespace, String user) {
        return informer.getStore().list().stream()
                .map(AuditEvents::read).flatMap(Optional::stream)
                .filter(r -> blank(namespace) || namespace.equals(r.namespace()))
                .filter(r -> blank(user) || user.equals(r.user()))
                .sorted(Comparator.comparing(AuditHistory::sortKey))
                .toList();
    }

    /** Ascending keys for newest-first records: the time counted down from the largest instant, then the Event's name. */
    static String sortKey(AuditRecord r) {
        return PageRequest.key(String.format("%019d%09d", Long.MAX_VALUE - r.at().getEpochSecond(), 999_999_999 - r.at().getNano()),
                r.event());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public void close() {
        informer.stop();
    }
}
