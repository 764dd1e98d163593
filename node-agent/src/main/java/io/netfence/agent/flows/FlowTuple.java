package io.netfence.agent.flows;

/**
 * Addresses, protocol and ports of one packet, from its network header on.
 *
 * @param protocol kernel protocol name ({@code tcp}, {@code udp}, {@code sctp}, {@code icmp}, {@code ipv6-icmp}) or the
 *                 number as text
 * @param srcPort  0 when the protocol has no ports (or the packet is a non-first fragment)
 * @param dstPort  likewise
 */
public record FlowTuple(String srcIp, String dstIp, String protocol, int srcPort, int dstPort) {
}
