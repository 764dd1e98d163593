package io.netfence.agent.chart;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.netfence.agent.chart.HelmChartTest.CHART;
import static io.netfence.agent.chart.HelmChartTest.map;
import static io.netfence.agent.chart.HelmChartTest.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every object the chart renders is a valid object of an API that the chart's minimum Kubernetes serves. */
class HelmChartObjectsTest {

    static final Path CUSTOM_VALUES = Path.of("src/test/resources/chart/custom-values.yaml").toAbsolutePath();

    /**
     * apiVersion + kind the chart renders → the first Kubernetes minor release that serves it (GA). A kind missing here
     * fails the test: add it with its version when the chart starts using it. monitoring.coreos.com comes from the
     * Prometheus Operator's CRDs, not from Kubernetes (0 = any version).
     */
    static final Map<String, Integer> SERVED_SINCE = Map.ofEntries(
            Map.entry("v1/ServiceAccount", 0), Map.entry("v1/Service", 0), Map.entry("v1/Secret", 0),
            Map.entry("v1/ConfigMap", 0),
            Map.entry("apps/v1/DaemonSet", 9), Map.entry("apps/v1/Deployment", 9),
            Map.entry("batch/v1/Job", 2),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", 8), Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", 8),
            Map.entry("rbac.authorization.k8s.io/v1/Role", 8), Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", 8),
            Map.entry("policy/v1/PodDisruptionBudget", 21),
            Map.entry("networking.k8s.io/v1/Ingress", 19),
            Map.entry("admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy", 30),
            Map.entry("admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding", 30),
            Map.entry("apiextensions.k8s.io/v1/CustomResourceDefinition", 16),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", 0), Map.entry("monitoring.coreos.com/v1/PrometheusRule", 0));

    @Test
    void everyRenderedObjectParsesStrictlyWithDefaultAndCustomisedValues() {
        List<Map<String, Object>> all = new ArrayList<>(render());
        all.addAll(render(CUSTOM_VALUES));
        assertThat(all).extracting(d -> d.get("kind")).contains("DaemonSet", "Deployment", "Ingress", "PodDisruptionBudget",
                "ServiceMonitor", "PrometheusRule", "Job", "ConfigMap");
        for (Map<String, Object> doc : all) {
            strict(doc);
        }
        // the cleanup DaemonSet travels inside a ConfigMap to the hook Job: it is an object too
        Map<String, Object> cleanup = new Yaml().load((String) map(HelmChartTest.find(all, "ConfigMap", "nf-netfence-agent-cleanup")
                .get("data")).get("daemonset.yaml"));
        assertThat(StrictModel.parse(cleanup, DaemonSet.class).getSpec().getTemplate().getSpec().getHostNetwork()).isTrue();
    }

    @Test
    void eachComponentAloneRendersOnlyItsObjects() {
        List<Map<String, Object>> agentOnly = render(CUSTOM_VALUES, "console.enabled", "false");
        agentOnly.forEach(HelmChartObjectsTest::strict);
        assertThat(agentOnly).noneMatch(d -> String.valueOf(map(d.get("metadata")).get("name")).contains("console"));
        assertThat(agentOnly).anyMatch(d -> "ServiceMonitor".equals(d.get("kind")));

        List<Map<String, Object>> consoleOnly = render(CUSTOM_VALUES, "agent.enabled", "false");
        consoleOnly.forEach(HelmChartObjectsTest::strict);
        assertThat(consoleOnly).noneMatch(d -> String.valueOf(map(d.get("metadata")).get("name")).contains("agent"));
        assertThat(consoleOnly).anyMatch(d -> "ServiceMonitor".equals(d.get("kind")));
    }

    @Test
    void aMisspelledFieldFailsTheStrictParse() {
        Map<String, Object> ds = HelmChartTest.find(render(), "DaemonSet", "nf-netfence-agent");
        Map<String, Object> podSpec = map(map(map(ds.get("spec")).get("template")).get("spec"));
        Map<String, Object> container = map(((List<?>) podSpec.get("containers")).get(0));
        map(container.get("securityContext")).put("readOnlyRootFilesytem", true);
        assertThatThrownBy(() -> StrictModel.parse(ds)).hasMessageContaining("readOnlyRootFilesytem");
        map(container.get("securityContext")).remove("readOnlyRootFilesytem");
        map(((List<?>) container.get("ports")).get(0)).put("containerPort", "9477");
        assertThatThrownBy(() -> StrictModel.parse(ds)).hasMessageContaining("containerPort: \"9477\" became 9477");
        Map<String, Object> rule = HelmChartTest.find(render(CUSTOM_VALUES), "PrometheusRule", "nf-netfence");
        map(rule.get("spec")).put("group", List.of());
        assertThatThrownBy(() -> MonitoringFields.check(rule)).hasMessageContaining(".spec.group");
    }

    @Test
    void everyApiVersionIsServedByTheChartsMinimumKubernetes() throws Exception {
        int minimum = minimumKubernetesMinor();
        assertThat(minimum).as("Chart.yaml kubeVersion").isEqualTo(30);
        List<Map<String, Object>> all = new ArrayList<>(render());
        all.addAll(render(CUSTOM_VALUES));
        try (var crds = Files.list(CHART.resolve("crds"))) {
            crds.forEach(f -> all.add(map(new Yaml().load(read(f)))));
        }
        for (Map<String, Object> doc : all) {
            String key = doc.get("apiVersion") + "/" + doc.get("kind");
            assertThat(SERVED_SINCE).as("minimum Kubernetes of %s is not in the table", key).containsKey(key);
            assertThat(SERVED_SINCE.get(key)).as("%s is served only since 1.%d, but kubeVersion allows 1.%d", key,
                    SERVED_SINCE.get(key), minimum).isLessThanOrEqualTo(minimum);
        }
    }

    @Test
    void aClusterOlderThanKubeVersionIsRefused() {
        assertThatThrownBy(() -> new com.marcnuri.helm.Helm(CHART).template().withName("nf").withKubeVersion("1.29.9").call())
                .hasMessageContaining("kubeVersion");
    }

    static void strict(Map<String, Object> doc) {
        if (MonitoringFields.covers((String) doc.get("apiVersion"), (String) doc.get("kind"))) {
            MonitoringFields.check(doc);
        } else {
            StrictModel.parse(doc);
        }
    }

    /** ">=1.30.0-0" → 30. */
    static int minimumKubernetesMinor() {
        String kubeVersion = (String) map(new Yaml().load(read(CHART.resolve("Chart.yaml")))).get("kubeVersion");
        Matcher m = Pattern.compile("^>=\\s*1\\.(\\d+)").matcher(kubeVersion);
        assertThat(m.find()).as("kubeVersion %s has the form >=1.N", kubeVersion).isTrue();
        return Integer.parseInt(m.group(1));
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
