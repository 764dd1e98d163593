package io.netfence.admin.traffic;

import java.time.Instant;

/**
 * The observed connections from one group (workload or namespace, or an address) to another on one port.
 *
 * @param allowed connections allowed
 * @param denied  connections denied
 * @param flows   how many observed flows (source/destination pod pairs) make up the row
 */
public record TrafficRow(String from, String to, int port, String protocol, long allowed, long denied, int flows, Instant lastSeen) {

    public String key() {
        return String.join("\u0000", from, to, String.format("%05d", port), protocol);
    }

    /** {@code allowed}, {@code denied} or {@code mixed}. */
    public String verdict() {
        return denied == 0 ? ObservedFlow.ALLOWED : allowed == 0 ? ObservedFlow.DENIED : "mixed";
    }
}
