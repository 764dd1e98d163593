package io.netfence.agent.config;

import io.netfence.agent.kernel.IptablesMode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the node agent ({@code netfence.agent.*}).
 *
 * @param nodeName                    the node this agent enforces; from {@code NODE_NAME} (downward API)
 * @param sync                        coalescing of changes into syncs
 * @param resyncPeriod                how often the kernel state is compared with the desired ruleset (drift repair)
 * @param heartbeat                   how often the status object is rewritten without a change (jittered ±10 %)
 * @param defaultDenyUntilProgrammed  reject NEW connections to/from local pod IPs the agent has not programmed yet
 * @param commandPrefix               prepended to every iptables/ipset command, e.g. {@code ip netns exec NODE}
 * @param ipv6                        also program ip6tables (needs ip6tables binaries)
 * @param nflogGroup                  NFLOG group for denied packets; 0 = off
 * @param status                      whether to write the NodeFirewallStatus object
 * @param iptablesMode                which iptables backend to use: {@code auto} (the one the node's rules are in),
 *                                    {@code nft} or {@code legacy}
 */
@ConfigurationProperties("netfence.agent")
public record AgentProperties(String nodeName,
                              @DefaultValue Sync sync,
                              @DefaultValue("5m") Duration resyncPeriod,
                              @DefaultValue("60s") Duration heartbeat,
                              @DefaultValue("false") boolean defaultDenyUntilProgrammed,
                              @DefaultValue List<String> commandPrefix,
                              @DefaultValue("true") boolean ipv6,
                              @DefaultValue("0") int nflogGroup,
                              @DefaultValue("true") boolean status,
                              @DefaultValue("auto") IptablesMode iptablesMode) {

    /** The one line an agent without a node name prints: what is missing and how to set it. */
    public static final String NODE_NAME_MISSING = "netfence.agent.node-name is not set: set the NODE_NAME environment "
            + "variable (downward API spec.nodeName) or --netfence.agent.node-name=NODE";

    public AgentProperties {
        commandPrefix = commandPrefix == null ? List.of() : List.copyOf(commandPrefix);
        sync = sync == null ? new Sync(null, null, null, null) : sync;
        iptablesMode = iptablesMode == null ? IptablesMode.AUTO : iptablesMode;
    }

    /**
     * @param debounce     quiet time after the last change before a sync starts
     * @param maxDelay     a stream of changes still syncs at least this often
     * @param retryInitial first retry delay after a failed apply (doubles up to {@code retryMax})
     * @param retryMax     longest retry delay
     */
    public record Sync(@DefaultValue("50ms") Duration debounce,
                       @DefaultValue("250ms") Duration maxDelay,
                       @DefaultValue("500ms") Duration retryInitial,
                       @DefaultValue("30s") Duration retryMax) {
        public Sync {
            debounce = debounce == null ? Duration.ofMillis(50) : debounce;
            maxDelay = maxDelay == null ? Duration.ofMillis(250) : maxDelay;
            retryInitial = retryInitial == null ? Duration.ofMillis(500) : retryInitial;
            retryMax = retryMax == null ? Duration.ofSeconds(30) : retryMax;
        }
    }

    public void requireNodeName() {
        if (nodeName == null || nodeName.isBlank()) {
            throw new IllegalStateException(NODE_NAME_MISSING);
        }
    }
}
