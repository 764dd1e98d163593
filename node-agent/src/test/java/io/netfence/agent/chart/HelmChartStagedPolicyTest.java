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

/** The chart's StagedNetworkPolicy parts: the CRD (a NetworkPolicy spec schema) and least-privilege RBAC. */
class HelmChartStagedPolicyTest {

    static final String CRD = "stagednetworkpolicies.netfence.io";

    @Test
    void theCrdShipsWithTheChartNamespacedWithANetworkPolicySpecSchema() throws Exception {
        CustomResourceDefinition crd = StrictModel.parse(map(new Yaml().load(Files.readString(CHART.resolve("crds/stagednetworkpolicies.yaml")))),
                CustomResourceDefinition.class);
        assertThat(crd.getMetadata().getName()).isEqualTo(CRD);
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo("StagedNetworkPolicy");
        assertThat(crd.getSpec().getVersions()).singleElement().satisfies(v -> {
            assertThat(v.getName()).isEqualTo("v1alpha1");
            assertThat(v.getServed()).isTrue();
            var spec = v.getSchema().getOpenAPIV3Schema().getProperties().get("spec").getProperties();
            assertThat(spec).containsKeys("podSelector", "policyTypes", "ingress", "egress");
            var peer = spec.get("egress").getItems().getSchema().getProperties().get("to").getItems().getSchema().getProperties();
            assertThat(peer).containsKeys("podSelector", "namespaceSelector", "ipBlock");
        });
    }

    @Test
    void theAgentOnlyListsAndWatchesStagedPolicies() {
        List<Map<String, Object>> rules = rules(find(render(), "ClusterRole", "nf-netfence-agent"));
        assertThat(rules).filteredOn(r -> strings(r.get("resources")).contains("stagednetworkpolicies")).singleElement()
                .satisfies(r -> {
                    assertThat(strings(r.get("apiGroups"))).containsExactly("netfence.io");
                    assertThat(strings(r.get("resources"))).containsExactly("stagednetworkpolicies");
                    assertThat(strings(r.get("verbs"))).containsExactly("list", "watch");
                });
    }

    @Test
    void theConsoleWritesStagedPoliciesExactlyWhereItWritesNetworkPolicies() {
        for (String push : List.of("true", "false")) {
            List<Map<String, Object>> rules = rules(find(render("console.allowPush", push), "ClusterRole", "nf-netfence-console"));
            List<String> npVerbs = rules.stream().filter(r -> strings(r.get("resources")).contains("networkpolicies"))
                    .findFirst().map(r -> strings(r.get("verbs"))).orElseThrow();
            assertThat(rules).as("allowPush=" + push).filteredOn(r -> strings(r.get("resources")).contains("stagednetworkpolicies"))
                    .singleElement().satisfies(r -> {
                        assertThat(strings(r.get("apiGroups"))).containsExactly("netfence.io");
                        assertThat(strings(r.get("verbs"))).isEqualTo(npVerbs);
                    });
            assertThat(npVerbs.contains("create")).isEqualTo(push.equals("true"));
        }
    }
}
