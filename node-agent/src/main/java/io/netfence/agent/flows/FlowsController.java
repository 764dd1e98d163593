package io.netfence.agent.flows;

import io.netfence.agent.config.AgentProperties;
import io.netfence.agent.sync.NodeSynchronizer;
import io.netfence.engine.compile.NodeRuleset;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** {@code GET /flows}: this node's flow aggregates as JSON (callers pass {@link FlowsAuthFilter} first). */
@RestController
@ConditionalOnProperty(name = "netfence.agent.flows.enabled", havingValue = "true")
public class FlowsController {

    /** An address and, when it was a pod this agent knew, that pod. */
    public record Endpoint(String ip, PodIdentity pod) {
    }

    /**
     * @param chain       where the verdict was logged (docs/dataplane.md "Flow observation")
     * @param chainOrigin what that chain is for in the ruleset applied now (e.g. "ingress of pod shop/web-1"), or null
     */
    public record Flow(Endpoint source, Endpoint destination, int port, String protocol, String verdict, String chain,
                       String chainOrigin, long count, Instant firstSeen, Instant lastSeen) {
    }

    public record FlowsResponse(String node, boolean observing, int maxAggregates, long evictions, List<Flow> flows) {
    }

    private final String nodeName;
    private final FlowAggregator aggregator;
    private final NflogReader reader;
    private final Function<String, Optional<String>> chainOrigin;

    @Autowired
    public FlowsController(AgentProperties agent, FlowAggregator aggregator, NflogReader reader, NodeSynchronizer sync) {
        this(agent.nodeName(), aggregator, reader, chain -> {
            NodeRuleset applied = sync.appliedRuleset();
            return applied == null ? Optional.empty() : applied.origin(chain);
        });
    }

    FlowsController(String nodeName, FlowAggregator aggregator, NflogReader reader, Function<String, Optional<String>> chainOrigin) {
        this.nodeName = nodeName;
        this.aggregator = aggregator;
        this.reader = reader;
        this.chainOrigin = chainOrigin;
    }

    @GetMapping(path = "/flows", produces = "application/json")
    public FlowsResponse flows() {
        List<Flow> flows = aggregator.aggregates().stream().map(a -> new Flow(
                new Endpoint(a.key().srcIp(), a.source()), new Endpoint(a.key().dstIp(), a.destination()),
                a.key().dstPort(), a.key().protocol(), a.key().verdict().label(), a.key().chain(),
                chainOrigin.apply(a.key().chain()).orElse(null), a.count(), a.firstSeen(), a.lastSeen())).toList();
        return new FlowsResponse(nodeName, reader.listening(), aggregator.maxAggregates(), aggregator.evictions(), flows);
    }
}
