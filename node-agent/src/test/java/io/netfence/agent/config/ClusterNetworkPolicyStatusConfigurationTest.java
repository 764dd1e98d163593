package io.netfence.agent.config;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netfence.agent.cnpstatus.ClusterNetworkPolicyStatusController;
import io.netfence.agent.cnpstatus.ClusterNetworkPolicyStatusLifecycle;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.watch.ClusterWatcher;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** netfence.agent.cnp-status.*: on by default, off leaves no bean, and a missing lease namespace is a clear error. */
class ClusterNetworkPolicyStatusConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AgentProperties.class)
    static class Agent {
        @Bean(destroyMethod = "close")
        KubernetesClient client(org.springframework.core.env.Environment env) {
            // nothing listens there: the lifecycle only starts the election once the CRD is watched, which it never is
            return new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:9")
                    .withNamespace(env.getProperty("test.client-namespace")).withAutoConfigure(false).build()).build();
        }

        @Bean
        ClusterState state() {
            return new ClusterState();
        }

        @Bean
        ClusterWatcher watcher(KubernetesClient client, ClusterState state) {
            return new ClusterWatcher(client, state, "node-1", () -> { });
        }

        @Bean
        MeterRegistry registry() {
            return new SimpleMeterRegistry();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Agent.class, ClusterNetworkPolicyStatusConfiguration.class)
            .withPropertyValues("netfence.agent.node-name=node-1");

    @Test
    void onByDefaultWithTheNamespaceOfTheClientWhenNoneIsGiven() {
        runner.withPropertyValues("test.client-namespace=netfence").run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(ClusterNetworkPolicyStatusLifecycle.class)
                    .hasSingleBean(ClusterNetworkPolicyStatusController.class);
            assertThat(ctx.getBean(MeterRegistry.class).get("netfence.cnp.status.leader").gauge().value()).isZero();
            assertThat(ctx.getBean(ClusterNetworkPolicyStatusController.class).leading()).isFalse();
        });
    }

    @Test
    void offLeavesNothingRunning() {
        runner.withPropertyValues("netfence.agent.cnp-status.enabled=false").run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(ClusterNetworkPolicyStatusLifecycle.class)
                    .doesNotHaveBean(ClusterNetworkPolicyStatusController.class);
            assertThat(ctx.getBean(MeterRegistry.class).find("netfence.cnp.status.leader").gauge()).isNull();
        });
    }

    @Test
    void withoutAnyNamespaceTheAgentSaysWhatToSet() {
        runner.run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                .hasMessageContaining("netfence.agent.cnp-status.lease-namespace is not set")
                .hasMessageContaining("POD_NAMESPACE").hasMessageContaining("--netfence.agent.cnp-status.enabled=false"));
    }

    @Test
    void leaseTimingsThatCannotWorkAreRefusedNamingThem() {
        runner.withPropertyValues("test.client-namespace=netfence", "netfence.agent.cnp-status.renew-deadline=90s")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("retry-period < renew-deadline < lease-duration"));
    }
}
