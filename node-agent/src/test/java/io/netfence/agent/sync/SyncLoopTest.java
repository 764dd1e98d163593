package io.netfence.agent.sync;

import io.netfence.agent.config.AgentProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SyncLoopTest {

    @Test
    void retryBackoffDoublesFromTheInitialDelayUpToTheMaximum() {
        AgentProperties.Sync s = new AgentProperties.Sync(Duration.ofMillis(50), Duration.ofMillis(250),
                Duration.ofMillis(500), Duration.ofSeconds(30));
        try (SyncLoop loop = new SyncLoop(null, new SyncTracker(), s, Duration.ofMinutes(5))) {
            assertThat(loop.backoffMillis(1)).isEqualTo(500);
            assertThat(loop.backoffMillis(2)).isEqualTo(1000);
            assertThat(loop.backoffMillis(3)).isEqualTo(2000);
            assertThat(loop.backoffMillis(7)).isEqualTo(30_000);
            assertThat(loop.backoffMillis(500)).isEqualTo(30_000);
        }
    }
}
