package io.netfence.engine.snapshot;

import com.google.common.net.InetAddresses;
import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.PodInfo;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The once-parsed pod addresses answer exactly what parsing each pod IP against the ipBlock does. */
class PodAddressesTest {

    /** Property: over random pods (v4, v6, v4-mapped, not-an-address IPs; 0–3 each) and random blocks with excepts. */
    @Test
    void agreesWithIpBlockContainsOverRandomBlocksAndIps() throws Exception {
        Random rnd = new Random(11);
        int matched = 0;
        int empty = 0;
        for (int round = 0; round < 40; round++) {
            // addresses near a few bases, so that blocks cover some pods and excepts cut some out
            List<byte[]> bases = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                byte[] base = new byte[rnd.nextBoolean() ? 4 : 16];
                rnd.nextBytes(base);
                bases.add(base);
            }
            List<PodInfo> pods = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                List<String> ips = new ArrayList<>();
                for (int k = rnd.nextInt(4); k > 0; k--) {
                    ips.add(randomIp(rnd, bases));
                }
                pods.add(new PodInfo("ns" + rnd.nextInt(3), "pod-" + i, Map.of(), ips, "n", false, "Running", List.of()));
            }
            ClusterSnapshot s = ClusterSnapshot.of(List.of(), pods, List.of(), List.of());
            for (int b = 0; b < 30; b++) {
                IpBlockPeer block = randomBlock(rnd, bases);
                List<PodAddresses.Match> expected = new ArrayList<>();
                for (PodInfo p : s.pods()) {
                    p.ips().stream().filter(block::contains).findFirst().ifPresent(ip -> expected.add(new PodAddresses.Match(p, ip)));
                }
                assertThat(s.podAddresses().in(block)).as("%s", block.describe()).isEqualTo(expected);
                matched += expected.size();
                empty += expected.isEmpty() ? 1 : 0;
                assertThat(s.podAddresses().podsIn(block)).isEqualTo(expected.stream().map(PodAddresses.Match::pod).toList());
            }
        }
        // the random blocks both cover pods and miss them: the comparison is not of empty lists only
        assertThat(matched).isGreaterThan(1000);
        assertThat(empty).isGreaterThan(10);
    }

    /** The IP → pod map equals the one built by parsing every pod IP, with a selectable pod winning a shared IP. */
    @Test
    void podByCanonicalIpEqualsTheParsedMap() throws Exception {
        Random rnd = new Random(5);
        List<byte[]> bases = List.of(new byte[]{10, 1, 0, 0}, InetAddress.getByName("fd00::").getAddress());
        List<PodInfo> pods = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            List<String> ips = new ArrayList<>();
            for (int k = rnd.nextInt(3); k > 0; k--) {
                ips.add(randomIp(rnd, bases));
            }
            String phase = rnd.nextInt(5) == 0 ? "Succeeded" : "Running";
            pods.add(new PodInfo("ns", "pod-" + i, Map.of(), ips, "n", rnd.nextInt(7) == 0, phase, List.of()));
        }
        ClusterSnapshot s = ClusterSnapshot.of(List.of(), pods, List.of(), List.of());
        Map<String, PodInfo> expected = new java.util.HashMap<>();
        for (PodInfo pod : s.pods()) {
            for (String ip : pod.ips()) {
                if (InetAddresses.isInetAddress(ip)) {
                    expected.merge(InetAddresses.toAddrString(InetAddresses.forString(ip)), pod,
                            (old, cur) -> old.selectable() || !cur.selectable() ? old : cur);
                }
            }
        }
        assertThat(s.podAddresses().byCanonicalIp()).isEqualTo(expected);
        // the random addresses collide, so the tie rule is exercised
        assertThat(expected.size()).isLessThan(s.pods().stream().mapToInt(p -> p.ips().size()).sum() - 100);
    }

    @Test
    void notAnAddressIsInNoBlockAndMappedV4CountsAsV4() {
        PodInfo odd = new PodInfo("a", "odd", Map.of(), List.of("not-an-ip", "10.1.2.3/32", "::ffff:10.1.2.3"), "n", false, "Running",
                List.of());
        ClusterSnapshot s = ClusterSnapshot.of(List.of(), List.of(odd), List.of(), List.of());
        IpBlockPeer tenOne = new IpBlockPeer(Cidr.of("10.1.0.0/16"), List.of());
        assertThat(tenOne.contains("::ffff:10.1.2.3")).isTrue();
        assertThat(s.podAddresses().in(tenOne)).containsExactly(new PodAddresses.Match(odd, "::ffff:10.1.2.3"));
        assertThat(s.podAddresses().in(new IpBlockPeer(Cidr.of("::/0"), List.of()))).isEmpty();
    }

    /** A copy with other policies has the same pods: it uses the addresses parsed for the original. */
    @Test
    void copiesWithOtherPoliciesShareTheParsedAddresses() {
        ClusterSnapshot s = ClusterSnapshot.of(List.of(), List.of(new PodInfo("a", "p", Map.of(), List.of("10.0.0.1"), "n", false,
                "Running", List.of())), List.of(), List.of());
        PodAddresses parsed = s.podAddresses();
        assertThat(s.withoutPolicy("a", "x").podAddresses()).isSameAs(parsed);
        assertThat(s.withStagedEnforced().podAddresses()).isSameAs(parsed);
        // and the other way: parsed first on a copy, the original reads the same
        ClusterSnapshot fresh = ClusterSnapshot.of(List.of(), s.pods(), List.of(), List.of());
        assertThat(fresh.withoutPolicy("a", "x").podAddresses()).isSameAs(fresh.podAddresses());
    }

    private static String randomIp(Random rnd, List<byte[]> bases) throws Exception {
        int kind = rnd.nextInt(10);
        if (kind == 0) {
            return "pending";
        }
        byte[] a = bases.get(rnd.nextInt(bases.size())).clone();
        // flip a few low bits so addresses cluster under the bases' prefixes
        for (int f = rnd.nextInt(3); f > 0; f--) {
            int bit = rnd.nextInt(Math.min(24, a.length * 8));
            a[a.length - 1 - bit / 8] ^= (byte) (1 << (bit % 8));
        }
        if (kind == 1 && a.length == 4) {
            return "::ffff:" + InetAddresses.toAddrString(InetAddress.getByAddress(a));
        }
        return InetAddresses.toAddrString(InetAddress.getByAddress(a));
    }

    private static IpBlockPeer randomBlock(Random rnd, List<byte[]> bases) throws Exception {
        byte[] base = bases.get(rnd.nextInt(bases.size()));
        int bits = base.length * 8;
        String net = InetAddresses.toAddrString(InetAddress.getByAddress(base));
        int prefix = Math.max(0, bits - 1 - rnd.nextInt(28));
        List<Cidr> except = new ArrayList<>();
        for (int e = rnd.nextInt(3); e > 0; e--) {
            byte[] inside = base.clone();
            inside[inside.length - 1] ^= (byte) rnd.nextInt(256);
            int p = Math.min(bits, prefix + 1 + rnd.nextInt(bits - prefix));
            except.add(Cidr.of(InetAddresses.toAddrString(InetAddress.getByAddress(inside)) + "/" + p));
        }
        return new IpBlockPeer(Cidr.of(net + "/" + prefix), except);
    }
}
