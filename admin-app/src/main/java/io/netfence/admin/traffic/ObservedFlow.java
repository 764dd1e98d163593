package io.netfence.admin.traffic;

import java.time.Instant;
import java.util.List;

/**
 * New connections from {@code source} to {@code destination:port/protocol} with one verdict, as the agents observed
 * them (docs/architecture.md "Observed flows").
 *
 * @param verdict {@code allowed} or {@code denied}
 * @param count   connections counted (first packets the kernel let through to the agent)
 * @param nodes   the agents that reported it (a cross-node connection is seen by both ends' agents)
 * @param chainOrigin for a {@code would-deny} report: what the logging chain is for, as the agent's ruleset names it
 *                ("would-deny ingress of staged policy ns/name …"); null otherwise
 */
public record ObservedFlow(FlowEndpoint source, FlowEndpoint destination, int port, String protocol, String verdict,
                           long count, Instant firstSeen, Instant lastSeen, List<String> nodes,
                           @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                           String chainOrigin) {

    public static final String ALLOWED = "allowed";
    public static final String DENIED = "denied";
    /** Allowed, and logged by a StagedNetworkPolicy's would-deny chain (the connection's allowed report exists too). */
    public static final String WOULD_DENY = "would-deny";

    public ObservedFlow {
        nodes = List.copyOf(nodes);
    }

    public ObservedFlow(FlowEndpoint source, FlowEndpoint destination, int port, String protocol, String verdict,
                        long count, Instant firstSeen, Instant lastSeen, List<String> nodes) {
        this(source, destination, port, protocol, verdict, count, firstSeen, lastSeen, nodes, null);
    }

    public boolean wouldDeny() {
        return WOULD_DENY.equals(verdict);
    }

    public boolean denied() {
        return DENIED.equals(verdict);
    }

    /** Identity of the connection, without the verdict: source IP, destination IP, port, protocol. */
    public String connectionKey() {
        return String.join("\u0000", source.ip(), destination.ip(), String.valueOf(port), protocol);
    }

    /** Unique sort key for paging. */
    public String sortKey() {
        return String.join("\u0000", source.podLabel(), destination.podLabel(), String.format("%05d", port), protocol,
                verdict, source.ip(), destination.ip());
    }
}
