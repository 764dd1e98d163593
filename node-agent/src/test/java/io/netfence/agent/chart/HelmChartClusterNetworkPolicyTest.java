package io.netfence.agent.chart;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.netfence.agent.chart.HelmChartTest.find;
import static io.netfence.agent.chart.HelmChartTest.map;
import static io.netfence.agent.chart.HelmChartTest.render;
import static io.netfence.agent.chart.HelmChartTest.rules;
import static io.netfence.agent.chart.HelmChartTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

/** The chart's ClusterNetworkPolicy parts: read-only RBAC for both apps, the upstream CRD only when asked for. */
class HelmChartClusterNetworkPolicyTest {

    static final String CRD = "clusternetworkpolicies.policy.networking.k8s.io";

    @Test
    void theCrdIsNotInstalledByDefault() {
        assertThat(render()).noneMatch(d -> "CustomResourceDefinition".equals(d.get("kind"))
                && CRD.equals(map(d.get("metadata")).get("name")));
    }

    @Test
    void theUpstreamStandardChannelCrdIsInstalledOnRequestAndKeptOnUninstall() {
        Map<String, Object> doc = find(render("clusterNetworkPolicy.installCRD", "true"), "CustomResourceDefinition", CRD);
        CustomResourceDefinition crd = StrictModel.parse(doc, CustomResourceDefinition.class);
        assertThat(crd.getSpec().getGroup()).isEqualTo("policy.networking.k8s.io");
        assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo("ClusterNetworkPolicy");
        assertThat(crd.getSpec().getVersions()).singleElement().satisfies(v -> {
            assertThat(v.getName()).isEqualTo("v1alpha2");
            assertThat(v.getServed()).isTrue();
            assertThat(v.getStorage()).isTrue();
            assertThat(v.getSubresources().getStatus()).isNotNull();
            // the standard channel: no nodes/domainNames peers (experimental only)
            var egressPeer = v.getSchema().getOpenAPIV3Schema().getProperties().get("spec").getProperties().get("egress")
                    .getItems().getSchema().getProperties().get("to").getItems().getSchema().getProperties();
            assertThat(egressPeer).containsKeys("namespaces", "pods", "networks").doesNotContainKeys("nodes", "domainNames");
        });
        assertThat(crd.getMetadata().getAnnotations()).containsEntry("policy.networking.k8s.io/bundle-version", "v0.2.0")
                .containsEntry("policy.networking.k8s.io/channel", "standard")
                .containsEntry("helm.sh/resource-policy", "keep");
    }

    @Test
    void agentAndConsoleMayReadClusterNetworkPoliciesAndOnlyThatOneCrd() {
        List<Map<String, Object>> docs = render();
        for (String role : List.of("nf-netfence-agent", "nf-netfence-console")) {
            List<Map<String, Object>> rules = rules(find(docs, "ClusterRole", role));
            assertThat(rules).as(role).anySatisfy(r -> {
                assertThat(strings(r.get("apiGroups"))).containsExactly("policy.networking.k8s.io");
                assertThat(strings(r.get("resources"))).containsExactly("clusternetworkpolicies");
                assertThat(strings(r.get("verbs"))).containsExactly("list", "watch");
            });
            assertThat(rules).as(role).filteredOn(r -> strings(r.get("resources")).contains("customresourcedefinitions"))
                    .singleElement().satisfies(r -> {
                        assertThat(strings(r.get("resourceNames"))).containsExactly(CRD, HelmChartStagedPolicyTest.CRD);
                        assertThat(strings(r.get("verbs"))).containsExactly("get", "list", "watch");
                    });
        }
    }
}
