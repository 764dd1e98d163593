package io.netfence.admin.traffic;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the console reads the agents' flows ({@code netfence.console.agent-flows.*}; the chart sets them when
 * {@code agent.flows.enabled}).
 *
 * @param enabled   read the agents' {@code /flows}
 * @param namespace namespace of the agent pods (the release namespace)
 * @param selector  label selector of the agent pods (equality terms, comma-separated)
 * @param port      the agents' TLS port for flows (host network: {@code https://<podIP>:<port>/flows})
 * @param tokenPath the console's ServiceAccount token bound to the agents' audience (a projected token the chart
 *                  mounts, never the console's API token), read on each request (the kubelet rotates it)
 * @param caPath    the agents' CA (PEM): the only certificates an agent's chain may end in
 * @param serverName the one DNS name every agent's certificate carries (its subject alternative names), checked instead
 *                  of the node IP the console connects to
 * @param timeout   per agent, connect and response together; a slower agent is reported, never waited for
 * @param cacheFor  how long one read of all agents is reused (page views, filter changes and previews in between): at
 *                  most one read per agent per {@code cacheFor} and console replica, none while nobody looks; it is
 *                  most of the flow-to-console delay (docs/benchmarks.md, "Flow → console, end to end")
 */
@ConfigurationProperties("netfence.console.agent-flows")
public record AgentFlowsProperties(@DefaultValue("false") boolean enabled,
                                   @DefaultValue("netfence") String namespace,
                                   @DefaultValue("app.kubernetes.io/component=agent") String selector,
                                   @DefaultValue("9478") int port,
                                   @DefaultValue("/var/run/secrets/netfence.io/agent-token/token") Path tokenPath,
                                   @DefaultValue("/etc/netfence/agent-flows-ca/ca.crt") Path caPath,
                                   @DefaultValue("") String serverName,
                                   @DefaultValue("3s") Duration timeout,
                                   @DefaultValue("1s") Duration cacheFor) {

    public AgentFlowsProperties {
        if (enabled && (serverName == null || serverName.isBlank())) {
            throw new IllegalArgumentException("netfence.console.agent-flows.server-name must name the DNS name in the agents' "
                    + "certificates (the chart sets <release>-netfence-agent.<namespace>.svc) when agent-flows.enabled=true");
        }
    }
}
