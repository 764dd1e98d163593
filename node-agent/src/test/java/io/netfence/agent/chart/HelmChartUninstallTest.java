package io.netfence.agent.chart;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.netfence.agent.chart.HelmChartTest.find;
import static io.netfence.agent.chart.HelmChartTest.map;
import static io.netfence.agent.chart.HelmChartTest.render;
import static org.assertj.core.api.Assertions.assertThat;

/** helm uninstall runs the agent's own cleanup on every node after stopping the agents (a pre-delete hook). */
class HelmChartUninstallTest {

    private static final String HOOK = "nf-netfence-agent-cleanup";

    @Test
    void thePreDeleteHookStopsTheAgentsThenRunsCleanupOnEveryNodeAndWaitsForIt() {
        List<Map<String, Object>> docs = render();
        for (String kind : List.of("ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Job")) {
            Map<String, String> annotations = stringMap(map(find(docs, kind, HOOK).get("metadata")).get("annotations"));
            assertThat(annotations).as(kind).containsEntry("helm.sh/hook", "pre-delete");
            assertThat(annotations.get("helm.sh/hook-delete-policy")).as(kind).contains("hook-succeeded", "before-hook-creation");
        }
        Job job = StrictModel.parse(find(docs, "Job", HOOK), Job.class);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(HOOK);
        List<List<String>> steps = new ArrayList<>();
        pod.getInitContainers().forEach(c -> steps.add(kubectl(c)));
        pod.getContainers().forEach(c -> steps.add(kubectl(c)));
        assertThat(steps.get(0)).as("first the agents stop, so none re-applies its rules")
                .startsWith("delete", "daemonset", "nf-netfence-agent").contains("--cascade=foreground", "--wait");
        assertThat(steps.get(1)).containsExactly("apply", "--filename=/etc/netfence-cleanup/daemonset.yaml");
        assertThat(steps.get(2)).startsWith("rollout", "status", "daemonset/" + HOOK);
        assertThat(steps.get(3)).startsWith("delete", "daemonset", HOOK);
        assertThat(job.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo(HOOK));

        DaemonSet cleanup = cleanupDaemonSet(docs);
        PodSpec node = cleanup.getSpec().getTemplate().getSpec();
        DaemonSet agent = StrictModel.parse(find(docs, "DaemonSet", "nf-netfence-agent"), DaemonSet.class);
        PodSpec agentPod = agent.getSpec().getTemplate().getSpec();
        assertThat(node.getHostNetwork()).isTrue();
        assertThat(node.getTolerations()).as("every node the agent ran on").isEqualTo(agentPod.getTolerations());
        assertThat(node.getNodeSelector()).isEqualTo(agentPod.getNodeSelector());
        Container run = node.getInitContainers().get(0);
        assertThat(run.getImage()).isEqualTo(agentPod.getContainers().get(0).getImage());
        assertThat(run.getSecurityContext().getCapabilities().getAdd()).containsExactlyInAnyOrder("NET_ADMIN", "NET_RAW");
        assertThat(run.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/run/xtables.lock"));
    }

    /**
     * The hook's command is the agent's real cleanup: the jar is where the image puts it (node-agent/Dockerfile) and the
     * same arguments, run against the agent's main class, reach CleanupCommand (asked for its usage, so that the test
     * touches no firewall).
     */
    @Test
    void theHookRunsTheAgentsRealCleanupEntrypoint() throws Exception {
        List<String> command = cleanupDaemonSet(render()).getSpec().getTemplate().getSpec().getInitContainers().get(0).getCommand();
        String jar = DockerfilesTest.jarInImage(Path.of("Dockerfile"));
        assertThat(command).containsExactly("java", "-jar", jar, "cleanup");
        assertThat(DockerfilesTest.entrypoint(Path.of("Dockerfile"))).containsSequence("-jar", jar);

        List<String> asRun = new ArrayList<>();
        asRun.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        asRun.addAll(List.of("-cp", System.getProperty("java.class.path"), io.netfence.agent.NodeAgentApplication.class.getName()));
        asRun.addAll(command.subList(command.indexOf(jar) + 1, command.size()));
        asRun.add("--help");
        Process p = new ProcessBuilder(asRun).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: node-agent cleanup");
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void noHookWhenCleanupIsOff() {
        assertThat(render("uninstall.cleanup", "false")).noneMatch(d -> HOOK.equals(map(d.get("metadata")).get("name")));
    }

    private static DaemonSet cleanupDaemonSet(List<Map<String, Object>> docs) {
        String manifest = (String) map(find(docs, "ConfigMap", HOOK).get("data")).get("daemonset.yaml");
        return StrictModel.parse(map(new Yaml().load(manifest)), DaemonSet.class);
    }

    private static List<String> kubectl(Container c) {
        assertThat(c.getCommand()).containsExactly("kubectl");
        return c.getArgs();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(Object o) {
        return (Map<String, String>) o;
    }
}
