package io.netfence.agent.flows;

import io.netfence.engine.compile.FlowLogOptions;

import java.util.Optional;

/**
 * One logged first packet: the verdict and chain from its NFLOG prefix ({@code netfence flow <allow|deny|would-deny> <chain>}, see
 * docs/dataplane.md "Flow observation") and its addresses and ports.
 */
public record FlowObservation(Verdict verdict, String chain, FlowTuple tuple) {

    public enum Verdict {
        ALLOWED, DENIED,
        /**
         * Allowed, but a StagedNetworkPolicy or StagedClusterNetworkPolicy would deny it (logged at that staged policy's
         * would-deny chain, whose origin names it).
         */
        WOULD_DENY;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Empty for a prefix that is not a flow prefix (e.g. {@code netfence drop} sharing the group) or a bad packet. */
    public static Optional<FlowObservation> of(NflogCodec.Packet packet) {
        String prefix = packet.prefix();
        if (!prefix.startsWith(FlowLogOptions.PREFIX)) {
            return Optional.empty();
        }
        String rest = prefix.substring(FlowLogOptions.PREFIX.length());
        int space = rest.indexOf(' ');
        if (space <= 0 || space == rest.length() - 1) {
            return Optional.empty();
        }
        String verdict = rest.substring(0, space);
        Verdict v = FlowLogOptions.ALLOW.equals(verdict) ? Verdict.ALLOWED : FlowLogOptions.DENY.equals(verdict) ? Verdict.DENIED
                : FlowLogOptions.WOULD_DENY.equals(verdict) ? Verdict.WOULD_DENY : null;
        if (v == null) {
            return Optional.empty();
        }
        String chain = rest.substring(space + 1);
        return PacketHeaders.parse(packet.payload()).map(t -> new FlowObservation(v, chain, t));
    }
}
