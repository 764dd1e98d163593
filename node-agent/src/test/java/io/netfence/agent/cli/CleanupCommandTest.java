package io.netfence.agent.cli;

import io.netfence.agent.kernel.ScratchNetns;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CleanupCommandTest {

    @Test
    void removesEveryNetfenceObjectKeepsOthersAndIsIdempotent() {
        try (ScratchNetns ns = ScratchNetns.create()) {
            ns.sh("ipset create nf-a hash:ip && ipset add nf-a 10.0.0.1 && ipset create other hash:ip"
                    + " && iptables -N NETFENCE-FORWARD && iptables -N NETFENCE-X"
                    + " && iptables -A NETFENCE-FORWARD -m set --match-set nf-a src -j NETFENCE-X"
                    + " && iptables -I FORWARD 1 -m comment --comment netfence -j NETFENCE-FORWARD"
                    + " && iptables -A FORWARD -j ACCEPT && iptables -N KUBE-Y && iptables -A OUTPUT -j KUBE-Y"
                    + " && ipset create nf6-b hash:ip family inet6 && ip6tables -N NETFENCE-FORWARD"
                    + " && ip6tables -A NETFENCE-FORWARD -m set --match-set nf6-b src -j DROP"
                    + " && ip6tables -I FORWARD 1 -m comment --comment netfence -j NETFENCE-FORWARD && ip6tables -A FORWARD -j ACCEPT");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int rc = CleanupCommand.main(List.of("--netns", ns.name()), new PrintStream(out), new PrintStream(err));

            assertThat(rc).as(err.toString()).isZero();
            assertThat(out.toString()).contains("iptables: removed 1 jumps and 2 chains", "ip6tables: removed 1 jumps and 1 chains", "ipset: removed 2 sets");
            String save = ns.sh("iptables-save -t filter");
            assertThat(save).doesNotContain("NETFENCE").contains("-A FORWARD -j ACCEPT", "-A OUTPUT -j KUBE-Y");
            assertThat(ns.sh("ip6tables-save -t filter")).doesNotContain("NETFENCE").contains("-A FORWARD -j ACCEPT");
            assertThat(ns.sh("ipset list -n").strip()).isEqualTo("other");

            out.reset();
            assertThat(CleanupCommand.main(List.of("--netns", ns.name()), new PrintStream(out), new PrintStream(err))).isZero();
            assertThat(out.toString()).contains("iptables: nothing to remove", "ip6tables: nothing to remove", "ipset: nothing to remove");
        }
    }

    @Test
    void rejectsUnknownArguments() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(CleanupCommand.main(List.of("--bogus"), System.out, new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString()).contains("--bogus");
    }
}
