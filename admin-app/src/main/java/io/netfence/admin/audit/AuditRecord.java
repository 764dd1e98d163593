package io.netfence.admin.audit;

import java.time.Instant;
import java.util.List;

/**
 * One recorded write as the Audit page and {@code GET /api/v1/audit} show it, read back from its Event.
 *
 * @param verb            create, update or delete
 * @param via             how the user logged in: form, oidc, token, system
 * @param resourceVersion of the object after the write (before it, for a delete)
 * @param diff            unified diff of labels/annotations/spec (may be truncated, see {@link AuditEvents})
 */
public record AuditRecord(Instant at, String user, String via, String verb, String namespace, String name,
                          String resourceVersion, List<String> changedPaths, String diff, String message, String event) {

    public AuditRecord {
        changedPaths = List.copyOf(changedPaths);
    }
}
