package io.netfence.agent.apply;

import io.netfence.agent.kernel.CommandResult;
import io.netfence.agent.kernel.CommandRunner;
import io.netfence.engine.compile.IpFamily;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exact commands of an apply: order, the xtables lock and --noflush, and where a failure stops it. */
class DataplaneApplierTest {

    private final List<String> ran = new ArrayList<>();
    private String failing;

    private final CommandRunner recorder = (argv, stdin) -> {
        String line = String.join(" ", argv) + " <<" + (stdin == null ? "" : String.join("|", stdin.lines().toList()));
        ran.add(line);
        return failing != null && line.contains(failing) ? new CommandResult(1, "", "boom") : new CommandResult(0, "", "");
    };

    private static ApplyPlan fullPlan() {
        return new ApplyPlan(SyncKind.FULL, "create nftmp-a hash:ip\n",
                Map.of(IpFamily.IPV4, "*filter\n:NETFENCE-FORWARD - [0:0]\nCOMMIT\n", IpFamily.IPV6, "*filter\n:NETFENCE-FORWARD - [0:0]\nCOMMIT\n"),
                Map.of(IpFamily.IPV4, "*filter\n-X NETFENCE-OLD\nCOMMIT\n"), "flush nf-old\ndestroy nf-old\n", 1);
    }

    @Test
    void setsFirstThenEachFamilyInOneLockedNoflushRestoreThenStaleObjects() {
        new DataplaneApplier(recorder).apply(fullPlan());

        assertThat(ran).hasSize(5);
        assertThat(ran.get(0)).isEqualTo("ipset restore <<create nftmp-a hash:ip");
        assertThat(ran.subList(1, 3)).containsExactlyInAnyOrder(
                "iptables-restore -w --noflush <<*filter|:NETFENCE-FORWARD - [0:0]|COMMIT",
                "ip6tables-restore -w --noflush <<*filter|:NETFENCE-FORWARD - [0:0]|COMMIT");
        assertThat(ran.get(3)).isEqualTo("iptables-restore -w --noflush <<*filter|-X NETFENCE-OLD|COMMIT");
        assertThat(ran.get(4)).isEqualTo("ipset restore <<flush nf-old|destroy nf-old");
    }

    @Test
    void aFailedChainRestoreStopsBeforeAnythingStaleIsRemoved() {
        failing = "ip6tables-restore";

        assertThatThrownBy(() -> new DataplaneApplier(recorder).apply(fullPlan()))
                .isInstanceOf(ApplyFailedException.class).hasMessageContaining("ip6tables-restore").hasMessageContaining("boom");
        assertThat(ran).noneMatch(l -> l.contains("-X NETFENCE-OLD") || l.contains("destroy nf-old"));
    }
}
