package io.netfence.admin.policies;

import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The pods of an ipBlock peer (pods filter, peer resolution) are those with an IP the block contains, parsed or not. */
class PolicyPodsIpBlockTest {

    @Test
    void anIpBlockPeersPodsAreThoseWithAnIpInTheBlock() {
        Random rnd = new Random(17);
        List<PodInfo> pods = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            List<String> ips = new ArrayList<>();
            for (int k = rnd.nextInt(3); k > 0; k--) {
                ips.add(rnd.nextInt(6) == 0 ? "fd00::" + Integer.toHexString(rnd.nextInt(4096)) : "10." + rnd.nextInt(3) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256));
            }
            pods.add(new PodInfo("ns" + i % 4, "p" + i, Map.of("app", "a" + i % 7), ips, "n1", rnd.nextInt(9) == 0, "Running", List.of()));
        }
        IpBlockPeer block = new IpBlockPeer(Cidr.of("10.0.0.0/15"), List.of(Cidr.of("10.1.128.0/17"), Cidr.of("10.0.7.0/24")));
        IpBlockPeer v6 = new IpBlockPeer(Cidr.of("fd00::/116"), List.of(Cidr.of("fd00::/118")));
        Policy policy = new Policy("ns0", "blocks", LabelSelector.EVERYTHING, Set.of(Direction.INGRESS),
                List.of(new PolicyRule(List.of(block, v6), List.of())), List.of());
        ClusterSnapshot s = ClusterSnapshot.of(List.of(), pods, List.of(), List.of(policy));
        for (int peer = 0; peer < 2; peer++) {
            IpBlockPeer b = peer == 0 ? block : v6;
            List<PodInfo> expected = s.pods().stream().filter(p -> p.ips().stream().anyMatch(b::contains)).toList();
            assertThat(expected).hasSizeBetween(10, 480);
            var filter = PolicyPods.filter("ns0/blocks", "spec.ingress[0].from[" + peer + "]", s);
            assertThat(s.pods().stream().filter(filter).toList()).isEqualTo(expected);
            assertThat(PolicyResolver.peerPods(policy, b, s)).isEqualTo(expected);
            assertThat(PolicyResolver.resolve(policy, s).ingress().get(0).peers().get(peer).pods())
                    .isEqualTo(expected.stream().map(PodInfo::key).toList());
        }
    }
}
