package io.netfence.agent.flows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netfence.agent.dataplane.RequiresRoot;
import io.netfence.agent.kernel.ScratchNetns;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The reader against the real nfnetlink_log: binds a group in a scratch netns and reads what an NFLOG rule logs there. */
@RequiresRoot
class NflogReaderKernelTest {

    @Test
    void readsLoggedFirstPacketsAndReportsABusyGroupWithoutFailingTheAgent() throws Exception {
        try (ScratchNetns ns = ScratchNetns.create()) {
            ns.sh("iptables -A OUTPUT -p tcp --dport 9 -j NFLOG --nflog-prefix 'netfence flow allow NETFENCE-OUTPUT' --nflog-group 77");
            List<FlowObservation> seen = new CopyOnWriteArrayList<>();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (NflogReader reader = new NflogReader(77, "/var/run/netns/" + ns.name(), seen::add, registry)) {
                reader.start();
                await().atMost(java.time.Duration.ofSeconds(10)).until(reader::listening);
                // a refused connection still sends its SYN through OUTPUT
                ns.sh("bash -c 'exec 3<>/dev/tcp/127.0.0.1/9' 2>/dev/null || true");
                await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
                assertThat(seen.get(0)).isEqualTo(new FlowObservation(FlowObservation.Verdict.ALLOWED, "NETFENCE-OUTPUT",
                        new FlowTuple("127.0.0.1", "127.0.0.1", "tcp", seen.get(0).tuple().srcPort(), 9)));
                assertThat(seen.get(0).tuple().srcPort()).isPositive();

                SimpleMeterRegistry second = new SimpleMeterRegistry();
                try (NflogReader busy = new NflogReader(77, "/var/run/netns/" + ns.name(), o -> { }, second)) {
                    busy.start();
                    await().atMost(java.time.Duration.ofSeconds(10))
                            .until(() -> second.get("netfence.flows.reader.errors").counter().count() == 1);
                    assertThat(busy.listening()).isFalse();
                }
                assertThat(reader.listening()).isTrue();
                assertThat(registry.get("netfence.flows.reader.errors").counter().count()).isZero();
            }
        }
    }
}
