package io.netfence.admin.traffic;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CachedFlowSourceTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T04:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void oneReadIsReusedForTheTtlThenReadAgain() {
        AtomicInteger reads = new AtomicInteger();
        MovableClock clock = new MovableClock();
        FlowSource counting = () -> new FlowReadout(true, List.of(), List.of(new FlowReadout.NodeError("n", "read " + reads.incrementAndGet())), clock.instant());
        CachedFlowSource cached = new CachedFlowSource(counting, Duration.ofSeconds(5), clock);

        assertThat(cached.read().errors().get(0).message()).isEqualTo("read 1");
        clock.now = clock.now.plusSeconds(4);
        assertThat(cached.read().errors().get(0).message()).isEqualTo("read 1");
        clock.now = clock.now.plusSeconds(1);
        assertThat(cached.read().errors().get(0).message()).isEqualTo("read 2");
        clock.now = clock.now.minusSeconds(60);   // the clock went back: never serve a read from the "future"
        assertThat(cached.read().errors().get(0).message()).isEqualTo("read 3");
        assertThat(reads).hasValue(3);
    }
}
