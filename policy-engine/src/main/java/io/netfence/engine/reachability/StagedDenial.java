package io.netfence.engine.reachability;

import io.netfence.engine.model.Direction;

/**
 * One side of a connection allowed today that a staged policy would deny, and the staged policy its node counts it on
 * ({@link ReachabilityAnalyzer#stagedDenials}).
 *
 * @param key {@code namespace/name} of a StagedNetworkPolicy, or the name of a StagedClusterNetworkPolicy
 */
public record StagedDenial(Direction direction, Kind kind, String key) {

    public enum Kind { STAGED_NETWORK_POLICY, STAGED_CLUSTER_NETWORK_POLICY }
}
