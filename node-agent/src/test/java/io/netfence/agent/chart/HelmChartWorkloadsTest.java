package io.netfence.agent.chart;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.netfence.agent.chart.HelmChartObjectsTest.CUSTOM_VALUES;
import static io.netfence.agent.chart.HelmChartTest.find;
import static io.netfence.agent.chart.HelmChartTest.map;
import static io.netfence.agent.chart.HelmChartTest.render;
import static org.assertj.core.api.Assertions.assertThat;

/** The agent DaemonSet and the console Deployment as an operator expects them of an add-on. */
class HelmChartWorkloadsTest {

    private static PodSpec agentPod(List<Map<String, Object>> docs) {
        return StrictModel.parse(find(docs, "DaemonSet", "nf-netfence-agent"), DaemonSet.class).getSpec().getTemplate().getSpec();
    }

    private static PodSpec consolePod(List<Map<String, Object>> docs) {
        return StrictModel.parse(find(docs, "Deployment", "nf-netfence-console"), Deployment.class).getSpec().getTemplate().getSpec();
    }

    @Test
    void agentRunsOnEveryNodeAsNodeCriticalWithOnlyNetAdminAndNetRaw() {
        List<Map<String, Object>> docs = render();
        PodSpec pod = agentPod(docs);
        assertThat(pod.getPriorityClassName()).isEqualTo("system-node-critical");
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getKey()).isNull();
        });
        Container agent = pod.getContainers().get(0);
        var sc = agent.getSecurityContext();
        assertThat(sc.getPrivileged()).isFalse();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).containsExactlyInAnyOrder("NET_ADMIN", "NET_RAW");
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(agent.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/run/xtables.lock"));
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getHostPath().getPath()).isEqualTo("/run/xtables.lock");
            assertThat(v.getHostPath().getType()).isEqualTo("FileOrCreate");
        });
        DaemonSet ds = StrictModel.parse(find(docs, "DaemonSet", "nf-netfence-agent"), DaemonSet.class);
        assertThat(ds.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(StrictModel.parse(find(render(CUSTOM_VALUES), "DaemonSet", "nf-netfence-agent"), DaemonSet.class)
                .getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getStrVal()).isEqualTo("20%");
    }

    /** docs/benchmarks.md "Agent memory": the image sizes the JVM from the container limit, measured within 512Mi. */
    @Test
    void agentMemoryLimitIsTheBenchmarkedOneAndTheImageSizesItsHeapFromIt() throws Exception {
        Container agent = agentPod(render()).getContainers().get(0);
        assertThat(agent.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
        assertThat(DockerfilesTest.entrypoint(Path.of("Dockerfile"))).anyMatch(f -> f.startsWith("-XX:MaxRAMPercentage="))
                .noneMatch(f -> f.startsWith("-Xmx") || f.startsWith("-XX:MaxRAM="));
    }

    /** The probes hit the actuator's probe groups on the port the agent's server listens on (node-agent application.yaml). */
    @Test
    void agentProbesUseTheActuatorProbeGroupsOnTheAgentsServerPort() throws Exception {
        Container agent = agentPod(render("agent.metricsPort", "9555")).getContainers().get(0);
        assertThat(agent.getArgs()).contains("--server.port=9555");
        assertThat(agent.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("metrics");
            assertThat(p.getContainerPort()).isEqualTo(9555);
        });
        assertThat(agent.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(agent.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        assertThat(agent.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(agent.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        Map<String, Object> config = map(new Yaml().load(Files.readString(Path.of("src/main/resources/application.yaml"))));
        Map<String, Object> management = map(config.get("management"));
        assertThat(management).as("actuator on the server port, not a separate management port").doesNotContainKey("server");
        Map<String, Object> health = map(map(management.get("endpoint")).get("health"));
        assertThat(map(health.get("probes")).get("enabled")).isEqualTo(true);
        assertThat(map(health.get("group"))).containsKeys("liveness", "readiness");
        assertThat(String.valueOf(map(map(management.get("endpoints")).get("web")).get("exposure"))).contains("health", "prometheus");
    }

    /** agent.iptablesMode reaches the agent as NETFENCE_AGENT_IPTABLES_MODE, i.e. the property netfence.agent.iptables-mode. */
    @Test
    void iptablesModeReachesTheAgentsProperty() {
        for (String mode : List.of("auto", "nft", "legacy")) {
            Container agent = agentPod(render("agent.iptablesMode", mode)).getContainers().get(0);
            Map<String, Object> env = new java.util.HashMap<>();
            agent.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
            MutablePropertySources sources = new MutablePropertySources();
            sources.addFirst(new SystemEnvironmentPropertySource("env", env));
            assertThat(new Binder(ConfigurationPropertySources.from(sources)).bind("netfence.agent.iptables-mode", String.class).get())
                    .isEqualTo(mode);
        }
    }

    @Test
    void agentMetricsServiceSelectsTheAgentPods() {
        List<Map<String, Object>> docs = render();
        Service svc = StrictModel.parse(find(docs, "Service", "nf-netfence-agent-metrics"), Service.class);
        DaemonSet ds = StrictModel.parse(find(docs, "DaemonSet", "nf-netfence-agent"), DaemonSet.class);
        assertThat(ds.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(svc.getSpec().getSelector());
        assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("metrics");
            assertThat(p.getPort()).isEqualTo(9477);
        });
    }

    @Test
    void consoleRunsNonRootOnAReadOnlyRootWithNoCapabilitiesAndWritableTmp() {
        List<Map<String, Object>> docs = render();
        PodSpec pod = consolePod(docs);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        Container console = pod.getContainers().get(0);
        assertThat(console.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(console.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(console.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(console.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(console.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/tmp");
            assertThat(pod.getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo(m.getName());
                assertThat(v.getEmptyDir()).isNotNull();
            });
        });
        assertThat(console.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(console.getResources().getLimits()).containsKey("memory");
        assertThat(console.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(console.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");

        PodDisruptionBudget pdb = StrictModel.parse(find(docs, "PodDisruptionBudget", "nf-netfence-console"), PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(
                StrictModel.parse(find(docs, "Deployment", "nf-netfence-console"), Deployment.class).getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(render("console.podDisruptionBudget.enabled", "false")).noneMatch(d -> "PodDisruptionBudget".equals(d.get("kind")));
    }

    @Test
    void anIngressWithClassAndTlsServesTheConsole() {
        assertThat(render()).noneMatch(d -> "Ingress".equals(d.get("kind")));
        Ingress ingress = StrictModel.parse(find(render(CUSTOM_VALUES), "Ingress", "nf-netfence-console"), Ingress.class);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(t -> {
            assertThat(t.getSecretName()).isEqualTo("netfence-tls");
            assertThat(t.getHosts()).containsExactly("netfence.example.com");
        });
        var rule = ingress.getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo("netfence.example.com");
        var backend = rule.getHttp().getPaths().get(0).getBackend().getService();
        assertThat(backend.getName()).isEqualTo("nf-netfence-console");
        assertThat(backend.getPort().getName()).isEqualTo("http");
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
        // the management port (prometheus open there) is never behind the Ingress
        assertThat(ingress.toString()).doesNotContain("management", "9090");
    }

    @Test
    void imagePullSecretsReachEveryPod() {
        List<Map<String, Object>> docs = render(CUSTOM_VALUES);
        assertThat(agentPod(docs).getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("regcred");
        assertThat(consolePod(docs).getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("regcred");
    }

    /** The console calls a node stale after 3 missed heartbeats: it is told the agents' interval. */
    @Test
    void theConsoleKnowsTheAgentsHeartbeat() {
        assertThat(consolePod(render("agent.sync.heartbeat", "90s")).getContainers().get(0).getArgs())
                .contains("--netfence.console.agent-heartbeat=90s");
        assertThat(agentPod(render("agent.sync.heartbeat", "90s")).getContainers().get(0).getArgs())
                .contains("--netfence.agent.heartbeat=90s");
    }
}
