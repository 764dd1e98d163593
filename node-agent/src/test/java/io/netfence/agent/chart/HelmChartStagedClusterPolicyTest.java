package io.netfence.agent.chart;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static io.netfence.agent.chart.HelmChartTest.CHART;
import static io.netfence.agent.chart.HelmChartTest.find;
import static io.netfence.agent.chart.HelmChartTest.map;
import static io.netfence.agent.chart.HelmChartTest.render;
import static io.netfence.agent.chart.HelmChartTest.rules;
import static io.netfence.agent.chart.HelmChartTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

/** The chart's StagedClusterNetworkPolicy parts: the CRD (the upstream ClusterNetworkPolicy spec schema) and least-privilege RBAC. */
class HelmChartStagedClusterPolicyTest {

    static final String CRD = "stagedclusternetworkpolicies.netfence.io";

    @Test
    void theCrdShipsWithTheChartClusterScopedWithTheClusterNetworkPolicySpecSchema() throws Exception {
        CustomResourceDefinition crd = StrictModel.parse(map(new Yaml().load(Files.readString(
                CHART.resolve("crds/stagedclusternetworkpolicies.yaml")))), CustomResourceDefinition.class);
        assertThat(crd.getMetadata().getName()).isEqualTo(CRD);
        assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo("StagedClusterNetworkPolicy");
        assertThat(crd.getSpec().getVersions()).singleElement().satisfies(v -> {
            assertThat(v.getName()).isEqualTo("v1alpha1");
            assertThat(v.getServed()).isTrue();
            var spec = v.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
            assertThat(spec.getProperties()).containsKeys("tier", "priority", "subject", "ingress", "egress");
            assertThat(spec.getProperties().get("tier").getEnum()).isNotEmpty();
        });
    }

    @Test
    void theAgentOnlyListsAndWatchesThem() {
        List<Map<String, Object>> rules = rules(find(render(), "ClusterRole", "nf-netfence-agent"));
        assertThat(rules).filteredOn(r -> strings(r.get("resources")).contains("stagedclusternetworkpolicies")).singleElement()
                .satisfies(r -> {
                    assertThat(strings(r.get("apiGroups"))).containsExactly("netfence.io");
                    assertThat(strings(r.get("resources"))).containsExactly("stagedclusternetworkpolicies");
                    assertThat(strings(r.get("verbs"))).containsExactly("list", "watch");
                });
        assertThat(rules).filteredOn(r -> strings(r.get("resources")).contains("customresourcedefinitions")).singleElement()
                .satisfies(r -> assertThat(strings(r.get("resourceNames"))).contains(CRD));
    }

    @Test
    void theConsoleWritesThemExactlyWhereItWritesStagedNetworkPolicies() {
        for (String push : List.of("true", "false")) {
            List<Map<String, Object>> rules = rules(find(render("console.allowPush", push), "ClusterRole", "nf-netfence-console"));
            List<String> stagedVerbs = rules.stream().filter(r -> strings(r.get("resources")).contains("stagednetworkpolicies"))
                    .findFirst().map(r -> strings(r.get("verbs"))).orElseThrow();
            assertThat(rules).as("allowPush=" + push).filteredOn(r -> strings(r.get("resources")).contains("stagedclusternetworkpolicies"))
                    .singleElement().satisfies(r -> {
                        assertThat(strings(r.get("apiGroups"))).containsExactly("netfence.io");
                        assertThat(strings(r.get("verbs"))).isEqualTo(stagedVerbs);
                        assertThat(strings(r.get("verbs"))).doesNotContain("patch", "deletecollection");
                    });
            assertThat(stagedVerbs.contains("create")).isEqualTo(push.equals("true"));
        }
    }
}
