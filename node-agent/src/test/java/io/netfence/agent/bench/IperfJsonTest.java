package io.netfence.agent.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The datapath benchmark reads the receiver's rate (not the sender's) and the CPU of both ends from iperf3 --json. */
class IperfJsonTest {

    // the "end" object of a real iperf3 3.12 run (-t 1 --json), other fields left out
    static final String END = """
            {"end": {
             "sum_sent": {"start": 0, "end": 1.026848, "seconds": 1.026848, "bytes": 226623488,
              "bits_per_second": 1765585465.4242887, "retransmits": 0, "sender": true},
             "sum_received": {"start": 0, "end": 1.043493, "seconds": 1.043493, "bytes": 225312768,
              "bits_per_second": 1727373488.84947, "sender": true},
             "cpu_utilization_percent": {"host_total": 5.789646927419757, "host_user": 0, "host_system": 5.789646927419757,
              "remote_total": 3.388199757739309, "remote_user": 0.7734517548567135, "remote_system": 2.6146521719130926}
            }}""";

    @Test
    void readsTheReceivedRateAndTheCpuOfBothEndsPerGigabyte() {
        DatapathBenchmark.Iperf r = DatapathBenchmark.parseIperf(END, 1);

        assertThat(r.bitsPerSecond()).isEqualTo(1727373488.84947);
        // (5.79 % + 3.39 %) of 1 s = 91.8 ms of CPU for 0.2159 GB
        assertThat(r.cpuMsPerGigabyte()).isCloseTo(91.78 / 0.21592, within(0.5));
    }

    @Test
    void aRunWithoutResultIsAnErrorNotAZero() {
        assertThatThrownBy(() -> DatapathBenchmark.parseIperf("{\"error\": \"unable to connect to server\"}", 1))
                .hasMessageContaining("sum_received");
    }
}
