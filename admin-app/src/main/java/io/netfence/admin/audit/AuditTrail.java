package io.netfence.admin.audit;

/**
 * Records every write of the push pipeline (called once per successful write, after it). Implementations must not
 * throw: a write that happened is never reported as failed because its record could not be written.
 */
public interface AuditTrail {

    void record(AuditEntry entry);
}
