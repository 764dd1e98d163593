package io.netfence.watch;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ListFailureLogTest {

    private final ListFailureLog failures = new ListFailureLog(LoggerFactory.getLogger(ListFailureLogTest.class), Duration.ofMinutes(5));

    @Test
    void namesTheRealCauseOncePerResourceAndCause() {
        var refused = new IOException("request failed", new ConnectException("Connection refused"));
        assertThat(failures.failed("pods", false, refused))
                .isEqualTo("listing pods failed: IOException: request failed ← ConnectException: Connection refused (retrying with backoff)");
        assertThat(failures.failed("pods", false, refused)).as("the same cause again is not repeated").isNull();
        assertThat(failures.failed("nodes", false, refused)).as("another resource is").isNotNull();
        assertThat(failures.failed("pods", true, new IOException("stream reset"))).as("a new cause is").startsWith("watching pods failed");
        var soon = new ListFailureLog(LoggerFactory.getLogger(ListFailureLogTest.class), Duration.ZERO);
        soon.failed("pods", false, refused);
        assertThat(soon.failed("pods", false, refused)).as("a persisting cause is logged again after the interval").isNotNull();
    }

    @Test
    void anOutOfMemoryWhileListingNamesTheFix() {
        var oom = new RuntimeException("list failed", new OutOfMemoryError("Java heap space"));
        assertThat(failures.failed("pods", false, oom)).contains("OutOfMemoryError: Java heap space", "raise the container's memory limit");
    }
}
