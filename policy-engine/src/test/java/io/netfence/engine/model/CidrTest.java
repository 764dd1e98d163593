package io.netfence.engine.model;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Containment compares prefix bytes in place; it must agree with masking the address as a number. */
class CidrTest {

    @Test
    void containsAgreesWithNumericMasking() throws Exception {
        Random r = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            boolean v4 = r.nextBoolean();
            byte[] net = new byte[v4 ? 4 : 16];
            byte[] ip = new byte[net.length];
            r.nextBytes(net);
            System.arraycopy(net, 0, ip, 0, net.length);
            int prefix = r.nextInt(net.length * 8 + 1);
            // flip one bit: sometimes inside the prefix, sometimes after it
            int bit = r.nextInt(net.length * 8);
            ip[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            Cidr cidr = Cidr.of(InetAddress.getByAddress(net).getHostAddress() + "/" + prefix);
            InetAddress a = InetAddress.getByAddress(ip);
            int bits = net.length * 8;
            BigInteger mask = prefix == 0 ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .shiftRight(bits - prefix).shiftLeft(bits - prefix);
            boolean expected = new BigInteger(1, ip).and(mask).equals(new BigInteger(1, net).and(mask));
            assertThat(cidr.contains(a)).as("%s in %s", a.getHostAddress(), cidr).isEqualTo(expected);
            assertThat(cidr.contains(a.getHostAddress())).isEqualTo(expected);
        }
    }

    @Test
    void familiesAndTextThatIsNoAddress() {
        assertThat(Cidr.of("10.0.0.0/8").contains("10.255.1.2")).isTrue();
        assertThat(Cidr.of("10.0.0.0/8").contains("11.0.0.1")).isFalse();
        assertThat(Cidr.of("0.0.0.0/0").contains("fd00::1")).isFalse();
        assertThat(Cidr.of("::/0").contains("fd00::1")).isTrue();
        for (String bad : List.of("", "10.0.0", "pod-ip", "10.0.0.256")) {
            assertThat(Cidr.of("0.0.0.0/0").contains(bad)).as(bad).isFalse();
        }
        assertThat(Cidr.of("0.0.0.0/0").contains((String) null)).isFalse();
        IpBlockPeer block = new IpBlockPeer(Cidr.of("10.100.0.0/16"), List.of(Cidr.of("10.100.92.0/23")));
        assertThat(block.contains("10.100.91.255")).isTrue();
        assertThat(block.contains("10.100.93.7")).isFalse();
        assertThat(block.contains("10.101.0.1")).isFalse();
        assertThat(block.contains("not-an-ip")).isFalse();
    }
}
