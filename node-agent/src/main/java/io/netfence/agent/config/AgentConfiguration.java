package io.netfence.agent.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.netfence.agent.AgentLifecycle;
import io.netfence.agent.flows.FlowProperties;
import io.netfence.agent.apply.ApplyPlanner;
import io.netfence.agent.apply.DataplaneApplier;
import io.netfence.agent.apply.DesiredDataplaneFactory;
import io.netfence.agent.health.ApiServerHealthIndicator;
import io.netfence.agent.health.SyncHealthIndicator;
import io.micrometer.core.instrument.Gauge;
import io.netfence.agent.kernel.BackendCommandRunner;
import io.netfence.agent.kernel.CommandRunner;
import io.netfence.agent.kernel.IptablesBackendDetector;
import io.netfence.agent.kernel.KernelStateReader;
import io.netfence.agent.kernel.ProcessCommandRunner;
import io.netfence.agent.memory.HeapRelease;
import io.netfence.agent.metrics.AgentMetrics;
import io.netfence.agent.status.StatusPublisher;
import io.netfence.agent.status.StatusReporter;
import io.netfence.agent.sync.NodeSynchronizer;
import io.netfence.agent.sync.SyncLoop;
import io.netfence.agent.sync.SyncTracker;
import io.netfence.watch.ClusterWatcher;
import io.netfence.engine.compile.CompilerOptions;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.snapshot.ClusterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The agent's object graph: watch → state → compile → apply → report. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AgentProperties.class, FlowProperties.class})
public class AgentConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AgentConfiguration.class);

    /**
     * From kubeconfig or the in-cluster service account (fabric8 auto-configuration), over HTTP/1.1 unless
     * {@code -Dkubernetes.http2.disable=false}: in the memory benchmark (docs/benchmarks.md, "Agent memory") the JDK's
     * client on one HTTP/2 connection to the mock API server let a slow 10,000-pod LIST page hold up every other request
     * of the agent, status writes included, until its informers timed out in a loop; the Vert.x client the agent used
     * before spoke HTTP/1.1 too.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient() {
        return new KubernetesClientBuilder().withConfig(apiClientConfig(Config.autoConfigure(null))).build();
    }

    static Config apiClientConfig(Config config) {
        if (System.getProperty("kubernetes.http2.disable") == null && System.getenv("KUBERNETES_HTTP2_DISABLE") == null) {
            config.setHttp2Disable(true);
        }
        return config;
    }

    @Bean
    ClusterState clusterState() {
        return new ClusterState();
    }

    /**
     * Runs every iptables command with the backend of {@code netfence.agent.iptables-mode} (auto: detected once, at
     * start, from the node's rules); the choice is logged and exported as {@code netfence_iptables_backend}.
     */
    @Bean
    @ConditionalOnMissingBean
    CommandRunner commandRunner(AgentProperties props, MeterRegistry registry) {
        ProcessCommandRunner node = new ProcessCommandRunner(props.commandPrefix());
        IptablesBackendDetector.Choice choice = new IptablesBackendDetector(node).choose(props.iptablesMode());
        log.info("iptables backend: {} (iptables-mode {}: {})", choice.backend().label(), choice.mode().label(), choice.reason());
        Gauge.builder("netfence.iptables.backend", () -> 1)
                .description("the iptables backend the agent programs (label backend), chosen by iptables-mode (label mode)")
                .tag("backend", choice.backend().label()).tag("mode", choice.mode().label())
                .register(registry);
        return new BackendCommandRunner(choice.backend(), node);
    }

    @Bean
    NodeRulesetCompiler nodeRulesetCompiler(AgentProperties props, FlowProperties flows) {
        return new NodeRulesetCompiler(CompilerOptions.forAgent(props.nflogGroup(), flows.enabled() ? flows.logOptions() : null));
    }

    @Bean
    KernelStateReader kernelStateReader(CommandRunner runner, AgentProperties props) {
        return new KernelStateReader(runner, props.ipv6());
    }

    @Bean
    SyncTracker syncTracker(@Value("${netfence.agent.memory.release-heap-after-first-sync:true}") boolean releaseHeap,
                            @Value("${netfence.agent.memory.max-heap-free-ratio-after-first-sync:10}") int steadyMaxHeapFreeRatio) {
        SyncTracker tracker = new SyncTracker();
        if (releaseHeap) {
            tracker.addListener(new HeapRelease(steadyMaxHeapFreeRatio));
        }
        return tracker;
    }

    @Bean
    NodeSynchronizer nodeSynchronizer(AgentProperties props, ClusterState state, NodeRulesetCompiler compiler,
                                      CommandRunner runner, KernelStateReader reader, MeterRegistry registry) {
        props.requireNodeName();
        NodeSynchronizer sync = new NodeSynchronizer(props.nodeName(), state, compiler,
                new DesiredDataplaneFactory(props.defaultDenyUntilProgrammed()), new ApplyPlanner(), new DataplaneApplier(runner), reader);
        io.micrometer.core.instrument.FunctionCounter.builder("netfence.compile.incremental.mismatches", sync,
                        NodeSynchronizer::incrementalMismatches)
                .description("periodic full compiles that found the incremental compile's ruleset different (then rebuilt)")
                .register(registry);
        return sync;
    }

    @Bean(destroyMethod = "close")
    SyncLoop syncLoop(NodeSynchronizer synchronizer, SyncTracker tracker, AgentProperties props) {
        return new SyncLoop(synchronizer, tracker, props.sync(), props.resyncPeriod());
    }

    @Bean(destroyMethod = "close")
    ClusterWatcher clusterWatcher(KubernetesClient client, ClusterState state, SyncLoop loop, AgentProperties props) {
        return new ClusterWatcher(client, state, props.nodeName(), loop::requestSync);
    }

    @Bean
    AgentMetrics agentMetrics(MeterRegistry registry, SyncTracker tracker, ClusterState state) {
        return new AgentMetrics(registry, tracker, state);
    }

    @Bean(destroyMethod = "close")
    StatusReporter statusReporter(KubernetesClient client, SyncTracker tracker, KernelStateReader reader, ClusterState state,
                                  AgentMetrics metrics, AgentProperties props,
                                  @Value("${netfence.agent.version:dev}") String version) {
        return new StatusReporter(new StatusPublisher(client, props.nodeName()), tracker, reader, state, metrics,
                props.nodeName(), version, props.heartbeat(), props.status());
    }

    @Bean
    SyncHealthIndicator syncHealthIndicator(SyncTracker tracker) {
        return new SyncHealthIndicator(tracker);
    }

    @Bean
    ApiServerHealthIndicator apiServerHealthIndicator(ClusterWatcher watcher) {
        return new ApiServerHealthIndicator(watcher);
    }

    @Bean
    AgentLifecycle agentLifecycle(ClusterWatcher watcher, SyncLoop loop, StatusReporter reporter) {
        return new AgentLifecycle(watcher, loop, reporter);
    }
}
