package io.netfence.agent.flows;

import io.netfence.engine.compile.FlowLogOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Flow observation ({@code netfence.agent.flows.*}, docs/architecture.md "Observed flows").
 *
 * @param enabled       compile the flow NFLOG rules, read them and serve {@code /flows}
 * @param nflogGroup    NFLOG group of the flow rules (the agent must be its only reader on the node)
 * @param pairPerSecond kernel limit: logged new connections per second per (source, destination) address pair
 * @param pairBurst     burst of that limit
 * @param nodePerSecond kernel limit: logged new connections per second for the whole node (per family)
 * @param maxAggregates aggregates kept in memory; beyond it the least recently seen is evicted
 * @param netns         network namespace to read NFLOG in (a path such as /var/run/netns/NODE); empty = the agent's
 *                      own, which for the host-network DaemonSet is the node's (for agents driving a namespace through
 *                      {@code command-prefix}, as the tests do)
 * @param accessCacheSeconds how long a token's review and authorization decision is reused
 * @param audience      the audience a caller's token must be bound to: the TokenReview asks the API server for it
 *                      ({@code spec.audiences}) and a review that does not confirm it is refused, so neither a token for
 *                      the API server nor a token bound elsewhere is accepted (docs/security.md)
 */
@ConfigurationProperties("netfence.agent.flows")
public record FlowProperties(@DefaultValue("false") boolean enabled,
                             @DefaultValue("101") int nflogGroup,
                             @DefaultValue("10") int pairPerSecond,
                             @DefaultValue("20") int pairBurst,
                             @DefaultValue("1000") int nodePerSecond,
                             @DefaultValue("50000") int maxAggregates,
                             @DefaultValue("") String netns,
                             @DefaultValue("10") int accessCacheSeconds,
                             @DefaultValue("netfence-agent") String audience) {

    /** The compiler's side of these settings (validated there: group 1..65535, positive limits). */
    public FlowLogOptions logOptions() {
        return new FlowLogOptions(nflogGroup, pairPerSecond, pairBurst, nodePerSecond);
    }
}
