package io.netfence.admin.traffic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Reuses a read for a few seconds, so a page view, its htmx filter requests and a preview do not each call every agent
 * of the cluster. Concurrent readers wait for one read instead of starting their own.
 */
final class CachedFlowSource implements FlowSource {

    private final FlowSource delegate;
    private final Duration ttl;
    private final Clock clock;
    private FlowReadout last;
    private Instant readAt;

    CachedFlowSource(FlowSource delegate, Duration ttl, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public synchronized FlowReadout read() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(readAt.plus(ttl)) || now.isBefore(readAt)) {
            last = delegate.read();
            readAt = now;
        }
        return last;
    }
}
