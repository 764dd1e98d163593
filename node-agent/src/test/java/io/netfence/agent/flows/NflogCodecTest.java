package io.netfence.agent.flows;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The nfnetlink_log wire format on byte arrays: requests as the kernel expects them, packet messages as it sends them. */
class NflogCodecTest {

    static final String TCP_SYN_V4 = "4500003c1c4640004006" + "0000" + "0af40105" + "0af40207" // 10.244.1.5 -> 10.244.2.7
            + "d4311f90" + "00000000000000000000000000000000"; // 54321 -> 8080

    /** A netlink message as the kernel builds it: header, nfgenmsg, then the attributes (type, value) in order. */
    static byte[] message(int type, int seq, Object... attrs) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {2, 0, 0, 7}); // AF_INET, version 0, res_id 7 (big-endian)
        for (int i = 0; i < attrs.length; i += 2) {
            byte[] value = (byte[]) attrs[i + 1];
            int len = 4 + value.length;
            ByteBuffer h = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putShort((short) len).putShort((short) (int) (Integer) attrs[i]);
            body.writeBytes(h.array());
            body.writeBytes(value);
            body.writeBytes(new byte[NflogCodec.align(len) - len]);
        }
        byte[] b = body.toByteArray();
        ByteBuffer m = ByteBuffer.allocate(16 + b.length).order(ByteOrder.nativeOrder());
        m.putInt(16 + b.length).putShort((short) type).putShort((short) 0).putInt(seq).putInt(0).put(b);
        return m.array();
    }

    static byte[] packetMessage(String prefix, byte[] payload) {
        byte[] hwProto = {0x08, 0x00, 0, 0}; // NFULA_PACKET_HDR (1): hw_protocol, hook, pad — skipped by the parser
        byte[] p = (prefix + "\0").getBytes(StandardCharsets.US_ASCII);
        return message(4 << 8, 0, 1, hwProto, 10, p, 2 | 0x4000, new byte[] {0, 0, 0, 1}, 9, payload);
    }

    @Test
    void bindRequestIsAConfigMessageForTheGroupWithAnAck() {
        byte[] m = NflogCodec.command(7, NflogCodec.AF_UNSPEC, 300, NflogCodec.CMD_BIND);
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
        assertThat(b.getInt(0)).isEqualTo(m.length).isEqualTo(16 + 4 + 8);
        assertThat(b.getShort(4)).isEqualTo((short) 0x0401); // NFNL_SUBSYS_ULOG << 8 | NFULNL_MSG_CONFIG
        assertThat(b.getShort(6)).isEqualTo((short) 5);      // NLM_F_REQUEST | NLM_F_ACK
        assertThat(b.getInt(8)).isEqualTo(7);
        assertThat(m[16]).isZero();                                           // AF_UNSPEC
        assertThat(HexFormat.of().formatHex(m, 18, 20)).isEqualTo("012c");    // group 300, network order
        assertThat(b.getShort(20)).isEqualTo((short) 5);                      // attr length: 4 + 1 byte
        assertThat(b.getShort(22)).isEqualTo((short) 1);                      // NFULA_CFG_CMD
        assertThat(m[24]).isEqualTo((byte) 1);                                // NFULNL_CFG_CMD_BIND
    }

    @Test
    void copyModeCarriesTheRangeInNetworkOrderAndCopyPacket() {
        byte[] m = NflogCodec.copyPacket(8, 5, 80);
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
        assertThat(b.getShort(20)).isEqualTo((short) 10); // 4 + packed struct of 6
        assertThat(b.getShort(22)).isEqualTo((short) 2);  // NFULA_CFG_MODE
        assertThat(HexFormat.of().formatHex(m, 24, 30)).isEqualTo("000000500200");
        assertThat(m).hasSize(32);                        // padded to 4
    }

    @Test
    void packetMessagesYieldPrefixAndPayloadAndAcksTheirErrno() {
        byte[] syn = HexFormat.of().parseHex(TCP_SYN_V4);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(packetMessage("netfence flow allow NETFENCE-FORWARD", syn));
        buf.writeBytes(packetMessage("netfence drop", syn));
        ByteBuffer err = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder()).putInt(-16).putInt(0).putInt(0).putInt(0).putInt(0);
        buf.writeBytes(message(2, 9, new Object[0]));
        byte[] all = buf.toByteArray();
        // replace the empty ERROR body: header + errno
        ByteBuffer e = ByteBuffer.allocate(36).order(ByteOrder.nativeOrder()).putInt(36).putShort((short) 2).putShort((short) 0)
                .putInt(9).putInt(0).put(err.array());
        byte[] full = new byte[all.length - 20 + 36];
        System.arraycopy(all, 0, full, 0, all.length - 20);
        System.arraycopy(e.array(), 0, full, all.length - 20, 36);

        NflogCodec.Batch batch = NflogCodec.parse(full, full.length);
        assertThat(batch.packets()).extracting(NflogCodec.Packet::prefix).containsExactly("netfence flow allow NETFENCE-FORWARD", "netfence drop");
        assertThat(batch.packets().get(0).payload()).isEqualTo(syn);
        assertThat(batch.acks()).containsExactly(new NflogCodec.Ack(9, -16));
    }

    @Test
    void aTruncatedMessageEndsTheParseKeepingWhatCameBefore() {
        byte[] one = packetMessage("netfence flow deny NETFENCE-IN-0123456789abcdef", HexFormat.of().parseHex(TCP_SYN_V4));
        byte[] two = new byte[one.length * 2];
        System.arraycopy(one, 0, two, 0, one.length);
        System.arraycopy(one, 0, two, one.length, one.length);
        assertThat(NflogCodec.parse(two, one.length + 30).packets()).hasSize(1);
        assertThat(NflogCodec.parse(two, 10).packets()).isEmpty();
        // an attribute claiming more than its message: the packet keeps what was complete
        byte[] bad = one.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.nativeOrder()).putShort(20 + 8, (short) 4000);
        assertThat(NflogCodec.parse(bad, bad.length).packets()).singleElement()
                .satisfies(p -> assertThat(p.prefix()).isEmpty());
    }
}
