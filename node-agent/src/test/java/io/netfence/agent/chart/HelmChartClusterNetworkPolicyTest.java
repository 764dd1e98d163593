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

/** The chart's ClusterNetworkPolicy parts: RBAC (read for the agent; the console writes only with push), the upstream CRD only when asked for. */
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
    void theAgentAndAReadOnlyConsoleOnlyReadClusterNetworkPoliciesAPushingConsoleWritesThemLikeNetworkPolicies() {
        List<Map<String, Object>> docs = render();
        assertThat(rules(find(docs, "ClusterRole", "nf-netfence-console"))).filteredOn(r -> strings(r.get("resources")).contains("clusternetworkpolicies"))
                .singleElement().satisfies(r -> {
                    assertThat(strings(r.get("apiGroups"))).containsExactly("policy.networking.k8s.io");
                    assertThat(strings(r.get("resources"))).containsExactly("clusternetworkpolicies");
                    // the composer's push: get (the stored object an update starts from), create, update, delete; no patch
                    assertThat(strings(r.get("verbs"))).containsExactly("get", "list", "watch", "create", "update", "delete");
                });
        List<Map<String, Object>> readOnly = render("console.allowPush", "false");
        // the agent's read side (with the status writer on it also gets `get` for the re-read after a conflict: see below)
        List<Map<String, Object>> agentReadOnly = render("clusterNetworkPolicy.writeStatus", "false");
        for (var entry : Map.of("nf-netfence-agent", agentReadOnly, "nf-netfence-console", readOnly).entrySet()) {
            String role = entry.getKey();
            List<Map<String, Object>> rules = rules(find(entry.getValue(), "ClusterRole", role));
            assertThat(rules).as(role).filteredOn(r -> strings(r.get("resources")).contains("clusternetworkpolicies")).singleElement().satisfies(r -> {
                assertThat(strings(r.get("apiGroups"))).containsExactly("policy.networking.k8s.io");
                assertThat(strings(r.get("resources"))).containsExactly("clusternetworkpolicies");
                assertThat(strings(r.get("verbs"))).containsExactly("list", "watch");
            });
            assertThat(rules).as(role).filteredOn(r -> strings(r.get("resources")).contains("customresourcedefinitions"))
                    .singleElement().satisfies(r -> {
                        assertThat(strings(r.get("resourceNames"))).containsExactly(CRD, HelmChartStagedPolicyTest.CRD,
                                HelmChartStagedClusterPolicyTest.CRD);
                        assertThat(strings(r.get("verbs"))).containsExactly("get", "list", "watch");
                    });
        }
    }

    /**
     * The status writer: the agents elect it with the Lease the agent uses by default (application.yaml), in the
     * release namespace (downward API), with a Role bound to the agent's ServiceAccount; the winner writes the status
     * subresource. All of it goes away with {@code clusterNetworkPolicy.writeStatus=false}.
     */
    @Test
    void theAgentsElectOneStatusWriterWithALeaseInTheReleaseNamespace() throws Exception {
        String leaseName = String.valueOf(map(map(map(map(new org.yaml.snakeyaml.Yaml().load(java.nio.file.Files.readString(
                java.nio.file.Path.of("src/main/resources/application.yaml")))).get("netfence")).get("agent")).get("cnp-status")).get("lease-name"));
        assertThat(leaseName).isEqualTo("netfence-cnp-status");
        List<Map<String, Object>> docs = render();
        Map<String, Object> role = find(docs, "Role", "nf-netfence-agent-cnp-status");
        assertThat(map(role.get("metadata")).get("namespace")).isEqualTo("netfence");
        assertThat(rules(role)).allSatisfy(r -> assertThat(strings(r.get("resources"))).containsExactly("leases"))
                .anySatisfy(r -> {
                    assertThat(strings(r.get("resourceNames"))).containsExactly(leaseName);
                    assertThat(strings(r.get("verbs"))).doesNotContain("create", "delete", "list", "watch");
                })
                .anySatisfy(r -> {
                    assertThat(r.get("resourceNames")).isNull();
                    assertThat(strings(r.get("verbs"))).containsExactly("create");
                });
        Map<String, Object> binding = find(docs, "RoleBinding", "nf-netfence-agent-cnp-status");
        assertThat(map(binding.get("roleRef"))).containsEntry("kind", "Role").containsEntry("name", "nf-netfence-agent-cnp-status");
        assertThat(binding.get("subjects").toString()).contains("name=nf-netfence-agent", "namespace=netfence");
        assertThat(rules(find(docs, "ClusterRole", "nf-netfence-agent"))).anySatisfy(r -> {
            assertThat(strings(r.get("resources"))).containsExactly("clusternetworkpolicies/status");
            assertThat(strings(r.get("verbs"))).containsExactly("update");
        });
        var pod = StrictModel.parse(find(docs, "DaemonSet", "nf-netfence-agent"), io.fabric8.kubernetes.api.model.apps.DaemonSet.class)
                .getSpec().getTemplate().getSpec();
        var agent = pod.getContainers().get(0);
        assertThat(agent.getArgs()).contains("--netfence.agent.cnp-status.enabled=true", "--netfence.agent.cnp-status.candidates=3");
        assertThat(find(render("clusterNetworkPolicy.statusCandidates", "0"), "DaemonSet", "nf-netfence-agent").toString())
                .contains("--netfence.agent.cnp-status.candidates=0");
        assertThat(agent.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("POD_NAMESPACE");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        }).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("POD_NAME");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        });

        List<Map<String, Object>> off = render("clusterNetworkPolicy.writeStatus", "false");
        assertThat(off).noneMatch(d -> String.valueOf(map(d.get("metadata")).get("name")).endsWith("-cnp-status"));
        assertThat(rules(find(off, "ClusterRole", "nf-netfence-agent")))
                .noneMatch(r -> strings(r.get("resources")).contains("clusternetworkpolicies/status"));
        assertThat(find(off, "DaemonSet", "nf-netfence-agent").toString()).contains("--netfence.agent.cnp-status.enabled=false");
    }
}
