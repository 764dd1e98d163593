package io.netfence.admin.traffic;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netfence.admin.cluster.ConsoleMode;
import io.netfence.admin.cluster.LiveCluster;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

/** The demo cluster's made-up traffic, the live agents' flows when the chart turned them on, or nothing. */
@Configuration
@EnableConfigurationProperties(AgentFlowsProperties.class)
class FlowSourceConfiguration {

    @Bean
    FlowSource flowSource(ConsoleMode mode, LiveCluster cluster, KubernetesClient client, AgentFlowsProperties properties,
                          JsonMapper json) {
        Clock clock = Clock.systemUTC();
        if (mode.demo()) {
            return new DemoFlowSource(cluster::snapshot, clock);
        }
        if (properties.enabled()) {
            return new CachedFlowSource(new AgentFlowSource(client, properties, json, clock), properties.cacheFor(), clock);
        }
        return () -> FlowReadout.disabled(clock.instant());
    }
}
