package io.netfence.engine.model;

import com.google.common.net.InetAddresses;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PackedIpTest {

    /** Property: the packed membership test agrees with {@link Cidr#contains(String)} for every prefix length. */
    @Test
    void agreesWithCidrContainsForRandomAddressesAndEveryPrefix() throws Exception {
        Random rnd = new Random(3);
        for (int round = 0; round < 400; round++) {
            boolean v4 = round % 2 == 0;
            byte[] net = new byte[v4 ? 4 : 16];
            rnd.nextBytes(net);
            byte[] near = net.clone();
            near[near.length - 1 - rnd.nextInt(near.length)] ^= (byte) (1 << rnd.nextInt(8));
            String netIp = InetAddresses.toAddrString(InetAddress.getByAddress(net));
            String nearIp = InetAddresses.toAddrString(InetAddress.getByAddress(near));
            for (int prefix = 0; prefix <= (v4 ? 32 : 128); prefix++) {
                Cidr cidr = Cidr.of(netIp + "/" + prefix);
                PackedIp.Net packed = PackedIp.Net.of(cidr);
                for (String ip : List.of(netIp, nearIp)) {
                    assertThat(packed.contains(PackedIp.of(ip))).as("%s in %s", ip, cidr).isEqualTo(cidr.contains(ip));
                }
            }
        }
    }

    @Test
    void familiesNeverMix() {
        assertThat(PackedIp.Net.of(Cidr.of("0.0.0.0/0")).contains(PackedIp.of("::1"))).isFalse();
        assertThat(PackedIp.Net.of(Cidr.of("::/0")).contains(PackedIp.of("10.0.0.1"))).isFalse();
        // ::a00:1 has the same low 32 bits as 10.0.0.1
        assertThat(PackedIp.Net.of(Cidr.of("10.0.0.0/8")).contains(PackedIp.of("::a00:1"))).isFalse();
    }

    @Test
    void blockHonoursExcept() {
        PackedIp.Block b = PackedIp.Block.of(new IpBlockPeer(Cidr.of("fd00::/64"), List.of(Cidr.of("fd00::8/125"))));
        assertThat(b.contains(PackedIp.of("fd00::7"))).isTrue();
        assertThat(b.contains(PackedIp.of("fd00::8"))).isFalse();
        assertThat(b.contains(PackedIp.of("fd00::f"))).isFalse();
        assertThat(b.contains(PackedIp.of("fd00::10"))).isTrue();
        assertThat(b.contains(PackedIp.of("fd00:0:0:1::1"))).isFalse();
    }
}
