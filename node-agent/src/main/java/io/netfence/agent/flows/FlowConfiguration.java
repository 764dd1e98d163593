package io.netfence.agent.flows;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.netfence.agent.config.AgentProperties;
import io.netfence.engine.snapshot.ClusterState;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/** Flow observation, only with {@code netfence.agent.flows.enabled=true}: reader → aggregator → authenticated /flows. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "netfence.agent.flows.enabled", havingValue = "true")
public class FlowConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FlowConfiguration.class);

    @Bean
    PodDirectory podDirectory(ClusterState state) {
        return new PodDirectory(state);
    }

    @Bean
    FlowAggregator flowAggregator(FlowProperties props, PodDirectory pods, MeterRegistry registry) {
        return new FlowAggregator(props.maxAggregates(), Clock.systemUTC(), pods::lookup, registry);
    }

    @Bean(destroyMethod = "close")
    NflogReader nflogReader(FlowProperties props, FlowAggregator aggregator, MeterRegistry registry) {
        NflogReader reader = new NflogReader(props.nflogGroup(), props.netns(), aggregator, registry);
        reader.start();
        return reader;
    }

    @Bean
    FilterRegistrationBean<FlowsAuthFilter> flowsAuthFilter(KubernetesClient client, AgentProperties agent, FlowProperties props,
                                                            Environment env) {
        if (!FlowsTls.configured(env)) {
            log.warn("flows are observed but GET /flows is refused: the server has no TLS (server.ssl.*; chart: agent.flows.enabled "
                    + "sets it up, docs/security.md \"Reading an agent's flows\")");
        }
        FlowsAccess access = new FlowsAccess(client, agent.nodeName(), props.audience(), Duration.ofSeconds(props.accessCacheSeconds()),
                Clock.systemUTC());
        FilterRegistrationBean<FlowsAuthFilter> bean = new FilterRegistrationBean<>(new FlowsAuthFilter(access));
        bean.addUrlPatterns("/flows", "/flows/*");
        return bean;
    }
}
