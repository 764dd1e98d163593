package io.netfence.agent.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.netfence.agent.cnpstatus.ClusterNetworkPolicyStatusController;
import io.netfence.agent.cnpstatus.ClusterNetworkPolicyStatusLifecycle;
import io.netfence.agent.cnpstatus.ClusterNetworkPolicyStatusProperties;
import io.netfence.agent.cnpstatus.ClusterNetworkPolicyStatusWriter;
import io.netfence.agent.cnpstatus.ElectionCandidates;
import io.netfence.agent.cnpstatus.LeaseElection;
import io.netfence.engine.snapshot.ClusterState;
import io.netfence.watch.ClusterWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * ClusterNetworkPolicy {@code status.conditions} written by one agent at a time, the holder of a Lease in the agent's
 * namespace ({@code netfence.agent.cnp-status.enabled}, default true).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterNetworkPolicyStatusProperties.class)
@ConditionalOnProperty(name = "netfence.agent.cnp-status.enabled", havingValue = "true", matchIfMissing = true)
public class ClusterNetworkPolicyStatusConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClusterNetworkPolicyStatusConfiguration.class);

    /** Conflicts retried with a fresh read before the write waits for the next check. */
    static final int WRITE_ATTEMPTS = 5;

    @Bean
    ClusterNetworkPolicyStatusController clusterNetworkPolicyStatusController(KubernetesClient client, ClusterWatcher watcher,
                                                                            ClusterState state, MeterRegistry registry) {
        io.micrometer.core.instrument.Counter conflicts = io.micrometer.core.instrument.Counter.builder("netfence.cnp.status.conflicts")
                .description("ClusterNetworkPolicy status writes refused with 409 Conflict (retried on a fresh read)").register(registry);
        return new ClusterNetworkPolicyStatusController(watcher, state,
                new ClusterNetworkPolicyStatusWriter(client, Clock.systemUTC(), WRITE_ATTEMPTS, conflicts::increment), registry);
    }

    @Bean
    ClusterNetworkPolicyStatusLifecycle clusterNetworkPolicyStatusLifecycle(KubernetesClient client, ClusterWatcher watcher,
                                                                          ClusterNetworkPolicyStatusController controller,
                                                                          ClusterNetworkPolicyStatusProperties props,
                                                                          AgentProperties agent, ClusterState state) {
        String namespace = props.leaseNamespace().isBlank() ? client.getNamespace() : props.leaseNamespace();
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalStateException("netfence.agent.cnp-status.lease-namespace is not set: set the POD_NAMESPACE environment "
                    + "variable (downward API metadata.namespace) or --netfence.agent.cnp-status.lease-namespace=NAMESPACE, "
                    + "or turn the status writer off with --netfence.agent.cnp-status.enabled=false");
        }
        String identity = props.identity().isBlank() ? agent.nodeName() : props.identity();
        log.info("ClusterNetworkPolicy status: {} for lease {}/{} ({} candidates)", identity, namespace, props.leaseName(),
                props.candidates() > 0 ? props.candidates() : "all agents");
        LeaseElection election = new LeaseElection(client, namespace, props.leaseName(), identity, props.timing(),
                controller::startLeading, controller::stopLeading);
        ElectionCandidates candidates = new ElectionCandidates(namespace, identity, props.leaseName(), props.candidates());
        return new ClusterNetworkPolicyStatusLifecycle(watcher, election, controller, props.checkPeriod(),
                () -> candidates.includesSelf(state.snapshot()));
    }
}
