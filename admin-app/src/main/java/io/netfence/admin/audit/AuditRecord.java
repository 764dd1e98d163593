package io.netfence.admin.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One recorded write as the Audit page and {@code GET /api/v1/audit} show it, read back from its Event.
 *
 * @param verb            create, update or delete
 * @param kind            NetworkPolicy or ClusterNetworkPolicy
 * @param namespace       null for a ClusterNetworkPolicy (its Event is in {@value AuditEvents#CLUSTER_SCOPED_NAMESPACE})
 * @param via             how the user logged in: form, oidc, token, system
 * @param resourceVersion of the object after the write (before it, for a delete)
 * @param diff            unified diff of labels/annotations/spec (may be truncated, see {@link AuditEvents})
 */
public record AuditRecord(Instant at, String user, String via, String verb, String kind, String namespace, String name,
                          String resourceVersion, List<String> changedPaths, String diff, String message, String event) {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    public AuditRecord {
        changedPaths = List.copyOf(changedPaths);
    }

    public boolean clusterScoped() {
        return "ClusterNetworkPolicy".equals(kind);
    }

    /** {@code at} as the page shows it: UTC to the second. */
    public String shownAt() {
        return SHOWN.format(at);
    }
}
