package io.netfence.admin.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** STEPPING STONE (replaced by the audit work of issue 8 in this session): one log line per write. */
@Component
class LogAuditTrail implements AuditTrail {

    private static final Logger log = LoggerFactory.getLogger("netfence.audit");

    @Override
    public void record(AuditEntry e) {
        log.info("{} {} NetworkPolicy {}/{}", e.actor().name(), e.verb(), e.namespace(), e.name());
    }
}
