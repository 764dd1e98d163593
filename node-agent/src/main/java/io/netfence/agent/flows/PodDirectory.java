package io.netfence.agent.flows;

import com.google.common.net.InetAddresses;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterState;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Pod IP → pod identity from the agent's {@link ClusterState}. The index is rebuilt from a snapshot when the state
 * changed and either an address is unknown or the index is older than {@code maxAge}, so a stream of first packets
 * costs a map lookup each, not a snapshot each, and a new pod is known from its first connection on.
 */
public final class PodDirectory {

    private record Index(long version, long builtAtNanos, Map<String, PodIdentity> byIp) {
    }

    private final ClusterState state;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private volatile Index index = new Index(-1, 0, Map.of());

    public PodDirectory(ClusterState state, java.time.Duration maxAge, LongSupplier nanoTime) {
        this.state = state;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    public PodDirectory(ClusterState state) {
        this(state, java.time.Duration.ofSeconds(1), System::nanoTime);
    }

    /** The live, non-host-network pod holding {@code ip} now. */
    public Optional<PodIdentity> lookup(String ip) {
        Index i = index;
        PodIdentity found = i.byIp().get(ip);
        long version = state.version();
        if (version != i.version() && (found == null || nanoTime.getAsLong() - i.builtAtNanos() > maxAgeNanos)) {
            i = rebuild(version);
            found = i.byIp().get(ip);
        }
        return Optional.ofNullable(found);
    }

    private synchronized Index rebuild(long version) {
        Index current = index;
        if (current.version() == version) {
            return current;
        }
        Map<String, PodIdentity> byIp = new HashMap<>();
        for (PodInfo pod : state.snapshot().pods()) {
            if (!pod.selectable()) {
                continue; // host-network pods share the node's address; a finished pod's address may be reused
            }
            PodIdentity id = PodIdentity.of(pod);
            for (String ip : pod.ips()) {
                canonical(ip).ifPresent(c -> byIp.put(c, id));
            }
        }
        Index built = new Index(version, nanoTime.getAsLong(), Map.copyOf(byIp));
        index = built;
        return built;
    }

    private static Optional<String> canonical(String ip) {
        try {
            return Optional.of(InetAddresses.toAddrString(InetAddresses.forString(ip)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
