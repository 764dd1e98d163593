package io.netfence.agent.chart;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netfence.agent.metrics.AgentMetrics;
import io.netfence.agent.sync.SyncTracker;
import io.netfence.engine.snapshot.ClusterState;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.netfence.agent.chart.HelmChartObjectsTest.CUSTOM_VALUES;
import static io.netfence.agent.chart.HelmChartTest.find;
import static io.netfence.agent.chart.HelmChartTest.map;
import static io.netfence.agent.chart.HelmChartTest.render;
import static io.netfence.agent.chart.HelmChartTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

/** ServiceMonitors, alerts and the Grafana dashboard use metrics the agent and the console really export. */
class HelmChartMonitoringTest {

    private static final Pattern METRIC = Pattern.compile("\\bnetfence_[a-z_]+");

    @Test
    void monitoringObjectsAreOptional() {
        assertThat(render()).noneMatch(d -> List.of("ServiceMonitor", "PrometheusRule").contains(d.get("kind"))
                || "nf-netfence-dashboard".equals(map(d.get("metadata")).get("name")));
    }

    @Test
    void serviceMonitorsScrapeTheAgentsAndTheConsolesPrometheusEndpoints() {
        List<Map<String, Object>> docs = render(CUSTOM_VALUES);
        Map<String, Object> agent = find(docs, "ServiceMonitor", "nf-netfence-agent");
        assertThat(map(map(agent.get("metadata")).get("labels"))).containsEntry("release", "kube-prometheus-stack");
        Map<String, Object> agentEndpoint = map(((List<?>) map(agent.get("spec")).get("endpoints")).get(0));
        assertThat(agentEndpoint).containsEntry("port", "metrics").containsEntry("path", "/actuator/prometheus");
        assertThat(map(map(map(agent.get("spec")).get("selector")).get("matchLabels")))
                .isEqualTo(map(map(find(docs, "Service", "nf-netfence-agent-metrics").get("spec"))).get("selector"));
        // console with a management port: the open /actuator/prometheus there, through the in-cluster metrics Service
        Map<String, Object> console = find(docs, "ServiceMonitor", "nf-netfence-console");
        assertThat(map(((List<?>) map(console.get("spec")).get("endpoints")).get(0))).containsEntry("port", "management");
        assertThat(find(docs, "Service", "nf-netfence-console-metrics").toString()).contains("9090");
        // one port for all: Prometheus presents its ServiceAccount token (TokenReview, docs/security.md)
        Map<String, Object> onePort = find(render("metrics.serviceMonitor.enabled", "true"), "ServiceMonitor", "nf-netfence-console");
        assertThat(map(((List<?>) map(onePort.get("spec")).get("endpoints")).get(0)))
                .containsEntry("port", "http").containsKey("bearerTokenFile");
    }

    @Test
    void alertsCoverTheIssuesCasesForBothComponents() {
        Map<String, String> alerts = alerts(render(CUSTOM_VALUES));
        assertThat(alerts).containsOnlyKeys("NetfenceAgentNotReady", "NetfenceNodePending", "NetfenceAgentMissing",
                "NetfenceApplyFailures", "NetfenceDriftRepairs", "NetfencePoliciesUnusable", "NetfenceConsoleDown",
                "NetfenceConsoleAuditFailures");
        assertThat(alerts.get("NetfenceApplyFailures")).contains("rate(netfence_apply_failures_total");
        assertThat(alerts.get("NetfencePoliciesUnusable")).contains("netfence_policies_unusable").endsWith("> 0");
        assertThat(alerts.get("NetfenceDriftRepairs")).contains("netfence_drift_repairs_total");
        assertThat(alerts.get("NetfenceAgentNotReady")).contains("kube_pod_status_ready", "nf-netfence-agent-");
        // the job label of a ServiceMonitor target is its Service's name
        assertThat(alerts.get("NetfenceApplyFailures")).contains("job=\"nf-netfence-agent-metrics\"");
        assertThat(alerts.get("NetfenceConsoleDown")).contains("job=\"nf-netfence-console-metrics\"");
        Map<String, Object> pending = rule(render(CUSTOM_VALUES), "NetfenceNodePending");
        assertThat(pending.get("for")).isEqualTo("5m");
    }

    /** Every netfence_* series in the alerts and the dashboard is one the agent's registry exports (or the console's). */
    @Test
    void alertsAndDashboardUseOnlyMetricsThatExist() throws Exception {
        Set<String> exported = agentSeries();
        assertThat(exported).contains("netfence_apply_failures_total", "netfence_drift_repairs_total", "netfence_policies_unusable",
                "netfence_sync_last_success_seconds", "netfence_sync_duration_seconds_bucket");
        List<Map<String, Object>> docs = render(CUSTOM_VALUES);
        Set<String> used = new TreeSet<>();
        alerts(docs).values().forEach(e -> used.addAll(metrics(e)));
        ConfigMap dashboard = StrictModel.parse(find(docs, "ConfigMap", "nf-netfence-dashboard"), ConfigMap.class);
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
        JsonNode json = JsonMapper.builder().build().readTree(dashboard.getData().get("netfence.json"));
        List<String> exprs = new ArrayList<>();
        json.get("panels").forEach(p -> p.get("targets").forEach(t -> exprs.add(t.get("expr").asString())));
        assertThat(exprs).hasSizeGreaterThan(8);
        exprs.forEach(e -> used.addAll(metrics(e)));
        String consoleSources = consoleSources();
        for (String metric : used) {
            if (metric.startsWith("netfence_console_")) {
                String micrometer = metric.replaceFirst("_total$", "").replace('_', '.');
                assertThat(consoleSources).as("console metric %s (Micrometer %s)", metric, micrometer).contains("\"" + micrometer + "\"");
            } else {
                assertThat(exported).as("agent metric used by the chart").contains(metric);
            }
        }
    }

    private static Set<String> agentSeries() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // per-pod drop counters exist once a status write has read them
        new AgentMetrics(registry, new SyncTracker(), new ClusterState()).dropsPerPod(Map.of("shop/web-0", 3L));
        return registry.scrape().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]")[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String consoleSources() throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(Path.of("..", "admin-app", "src", "main", "java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }

    private static Set<String> metrics(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static Map<String, String> alerts(List<Map<String, Object>> docs) {
        Map<String, String> alerts = new java.util.TreeMap<>();
        for (Object group : (List<?>) map(find(docs, "PrometheusRule", "nf-netfence").get("spec")).get("groups")) {
            for (Object r : (List<?>) map(group).get("rules")) {
                alerts.put((String) map(r).get("alert"), ((String) map(r).get("expr")).strip());
            }
        }
        return alerts;
    }

    private static Map<String, Object> rule(List<Map<String, Object>> docs, String alert) {
        for (Object group : (List<?>) map(find(docs, "PrometheusRule", "nf-netfence").get("spec")).get("groups")) {
            for (Object r : (List<?>) map(group).get("rules")) {
                if (alert.equals(map(r).get("alert"))) {
                    return map(r);
                }
            }
        }
        throw new AssertionError("no alert " + alert);
    }
}
