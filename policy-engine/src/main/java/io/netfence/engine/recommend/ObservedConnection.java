package io.netfence.engine.recommend;

/**
 * New connections from {@code sourceIp} to {@code destinationIp:port/protocol} as a node agent observed them, with
 * their verdict; the input of {@link PolicyRecommender}.
 *
 * @param protocol {@code tcp}, {@code udp} or {@code sctp} (any case)
 * @param allowed  false for a connection that was denied (it is no evidence of a need and is not recommended)
 */
public record ObservedConnection(String sourceIp, String destinationIp, int port, String protocol, boolean allowed) {
}
