package io.netfence.admin.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.netfence.admin.demo.DemoApiServer;
import io.netfence.engine.compile.CompilerOptions;
import io.netfence.engine.compile.FlowLogOptions;
import io.netfence.engine.compile.NodeRulesetCompiler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The API client: to the embedded demo API server in demo mode, else from {@code netfence.kubeconfig} (a file), or
 * fabric8's usual discovery ($KUBECONFIG, ~/.kube/config, in-cluster service account).
 */
@Configuration(proxyBeanMethods = false)
class KubernetesClientConfiguration {

    @Bean
    ConsoleMode consoleMode(@Value("${netfence.demo:#{null}}") Boolean demo, @Value("${netfence.kubeconfig:}") String kubeconfig) {
        if (demo == null && !kubeconfig.isBlank()) {
            return new ConsoleMode(false, "netfence.kubeconfig=" + kubeconfig);
        }
        return ConsoleMode.decide(demo, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    @Bean(destroyMethod = "close")
    DemoApiServer demoApiServer(@Value("${netfence.demo.pods:0}") int pods) {
        return new DemoApiServer(pods);
    }

    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient(ConsoleMode mode, DemoApiServer demo, @Value("${netfence.kubeconfig:}") String kubeconfig) throws IOException {
        if (mode.demo()) {
            return demo.start();
        }
        if (!kubeconfig.isBlank()) {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(Path.of(kubeconfig)))).build();
        }
        return new KubernetesClientBuilder().build();
    }

    /**
     * Same options as the node agents (the chart passes the agents' NFLOG and flow settings), so the hashes the console
     * computes match what agents report.
     */
    @Bean
    NodeRulesetCompiler nodeRulesetCompiler(@Value("${netfence.console.nflog-group:0}") int nflogGroup,
                                            @Value("${netfence.console.agent-flows.enabled:false}") boolean flows,
                                            @Value("${netfence.console.agent-flows.nflog-group:101}") int flowGroup,
                                            @Value("${netfence.console.agent-flows.pair-per-second:10}") int pairPerSecond,
                                            @Value("${netfence.console.agent-flows.pair-burst:20}") int pairBurst,
                                            @Value("${netfence.console.agent-flows.node-per-second:1000}") int nodePerSecond) {
        return new NodeRulesetCompiler(CompilerOptions.forAgent(nflogGroup,
                flows ? new FlowLogOptions(flowGroup, pairPerSecond, pairBurst, nodePerSecond) : null));
    }
}
