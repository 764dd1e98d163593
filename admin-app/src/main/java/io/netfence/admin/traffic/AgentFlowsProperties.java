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
 * @param port      the agents' port (host network: {@code http://<podIP>:<port>/flows})
 * @param tokenPath the console's ServiceAccount token, read on each request (the kubelet rotates it)
 * @param timeout   per agent, connect and response together; a slower agent is reported, never waited for
 * @param cacheFor  how long one read of all agents is reused (page views, filter changes and previews in between)
 */
@ConfigurationProperties("netfence.console.agent-flows")
public record AgentFlowsProperties(@DefaultValue("false") boolean enabled,
                                   @DefaultValue("netfence") String namespace,
                                   @DefaultValue("app.kubernetes.io/component=agent") String selector,
                                   @DefaultValue("9477") int port,
                                   @DefaultValue("/var/run/secrets/kubernetes.io/serviceaccount/token") Path tokenPath,
                                   @DefaultValue("3s") Duration timeout,
                                   @DefaultValue("5s") Duration cacheFor) {
}
