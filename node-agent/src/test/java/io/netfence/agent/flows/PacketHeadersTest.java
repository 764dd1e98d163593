package io.netfence.agent.flows;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class PacketHeadersTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void ipv4TcpGivesAddressesAndPorts() {
        assertThat(PacketHeaders.parse(hex(NflogCodecTest.TCP_SYN_V4)))
                .contains(new FlowTuple("10.244.1.5", "10.244.2.7", "tcp", 54321, 8080));
    }

    @Test
    void ipv4WithOptionsReadsPortsAfterTheLongerHeader() {
        // IHL 6 (24 bytes: one 4-byte option), UDP 5353 -> 53
        byte[] p = hex("46000030 0000 0000 4011 0000 c0a80001 08080808 01010101 14e90035 0010 0000");
        assertThat(PacketHeaders.parse(p)).contains(new FlowTuple("192.168.0.1", "8.8.8.8", "udp", 5353, 53));
    }

    @Test
    void laterFragmentsAndPortlessProtocolsHaveNoPorts() {
        byte[] fragment = hex("45000030 0000 00b9 4006 0000 0a000001 0a000002 d4311f90 00000000");
        assertThat(PacketHeaders.parse(fragment)).contains(new FlowTuple("10.0.0.1", "10.0.0.2", "tcp", 0, 0));
        byte[] icmp = hex("45000054 0000 4000 4001 0000 0a000001 0a000002 0800 0000");
        assertThat(PacketHeaders.parse(icmp)).contains(new FlowTuple("10.0.0.1", "10.0.0.2", "icmp", 0, 0));
    }

    @Test
    void ipv6TcpAndSctpAfterAnExtensionHeaderInShortestForm() {
        String v6 = "60000000 0014 06 40 fd000000000000000000000000000009 fd0000000000000000000000000000a1";
        assertThat(PacketHeaders.parse(hex(v6 + "c0001f90 00000000")))
                .contains(new FlowTuple("fd00::9", "fd00::a1", "tcp", 49152, 8080));
        // hop-by-hop (8 bytes) then SCTP 132 -> port 9003
        String withHbh = "60000000 0014 00 40 fd000000000000000000000000000009 fd0000000000000000000000000000a1"
                + "84 00 0000 00000000" + "0050232b 00000000";
        assertThat(PacketHeaders.parse(hex(withHbh))).contains(new FlowTuple("fd00::9", "fd00::a1", "sctp", 80, 9003));
    }

    @Test
    void truncatedOrForeignBytesAreNotFlows() {
        assertThat(PacketHeaders.parse(new byte[0])).isEmpty();
        assertThat(PacketHeaders.parse(hex("4500003c1c46"))).isEmpty();
        assertThat(PacketHeaders.parse(hex("60000000"))).isEmpty();
        assertThat(PacketHeaders.parse(hex("ff00"))).isEmpty();
        // a header cut before the ports: addresses without ports
        assertThat(PacketHeaders.parse(hex(NflogCodecTest.TCP_SYN_V4.substring(0, 44)))).contains(new FlowTuple("10.244.1.5", "10.244.2.7", "tcp", 0, 0));
    }

    @Test
    void flowPrefixesGiveVerdictAndChainOthersAreIgnored() {
        byte[] syn = hex(NflogCodecTest.TCP_SYN_V4);
        assertThat(FlowObservation.of(new NflogCodec.Packet("netfence flow deny NETFENCE-IN-0bc001f3d4c08096", syn)))
                .contains(new FlowObservation(FlowObservation.Verdict.DENIED, "NETFENCE-IN-0bc001f3d4c08096",
                        new FlowTuple("10.244.1.5", "10.244.2.7", "tcp", 54321, 8080)));
        assertThat(FlowObservation.of(new NflogCodec.Packet("netfence flow allow NETFENCE-FORWARD", syn)))
                .hasValueSatisfying(o -> assertThat(o.verdict()).isEqualTo(FlowObservation.Verdict.ALLOWED));
        assertThat(FlowObservation.of(new NflogCodec.Packet("netfence drop", syn))).isEmpty();
        assertThat(FlowObservation.of(new NflogCodec.Packet("netfence flow maybe X", syn))).isEmpty();
        assertThat(FlowObservation.of(new NflogCodec.Packet("netfence flow allow ", syn))).isEmpty();
        assertThat(FlowObservation.of(new NflogCodec.Packet("netfence flow allow X", new byte[3]))).isEmpty();
    }
}
