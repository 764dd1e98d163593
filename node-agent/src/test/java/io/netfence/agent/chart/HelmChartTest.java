package io.netfence.agent.chart;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** Lints and renders charts/netfence with the real Helm (bundled by helm-java) and checks its least-privilege RBAC. */
class HelmChartTest {

    private static final Path CHART = Path.of("..", "charts", "netfence").toAbsolutePath().normalize();

    @Test
    void chartLintsStrictly() {
        var result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void agentMayOnlyReadClusterStateAndWriteItsStatus() {
        List<Map<String, Object>> docs = render();
        Map<String, Object> role = find(docs, "ClusterRole", "nf-netfence-agent");
        for (Map<String, Object> rule : rules(role)) {
            List<String> resources = strings(rule.get("resources"));
            List<String> verbs = strings(rule.get("verbs"));
            assertThat(verbs).doesNotContain("*", "delete", "deletecollection", "escalate", "bind", "impersonate");
            assertThat(resources).doesNotContain("*", "secrets", "configmaps");
            if (resources.stream().noneMatch(r -> r.startsWith("nodefirewallstatuses"))) {
                assertThat(verbs).as("agent access to %s", resources).containsOnly("get", "list", "watch");
            }
        }
        // RBAC cannot say "only your own node"; the admission policy does.
        Map<String, Object> vap = find(docs, "ValidatingAdmissionPolicy", "nf-netfence-agent-own-node-status");
        assertThat(vap.toString()).contains("authentication.kubernetes.io/node-name").contains("request.name");
    }

    @Test
    void consoleIsReadOnlyUnlessPushIsAllowed() {
        Map<String, Object> pushing = find(render(), "ClusterRole", "nf-netfence-console");
        assertThat(pushing.toString()).contains("create").doesNotContain("delete");
        Map<String, Object> readOnly = find(render("console.allowPush", "false"), "ClusterRole", "nf-netfence-console");
        for (Map<String, Object> rule : rules(readOnly)) {
            assertThat(strings(rule.get("verbs"))).containsOnly("get", "list", "watch");
        }
    }

    @Test
    void agentDaemonSetRunsOnTheHostNetworkWithOnlyNetAdminAndItsNodeName() {
        Map<String, Object> ds = find(render(), "DaemonSet", "nf-netfence-agent");
        Map<String, Object> podSpec = map(map(map(ds.get("spec")).get("template")).get("spec"));
        assertThat(podSpec.get("hostNetwork")).isEqualTo(true);
        Map<String, Object> container = map(((List<?>) podSpec.get("containers")).get(0));
        Map<String, Object> sc = map(container.get("securityContext"));
        assertThat(sc.get("privileged")).isEqualTo(false);
        assertThat(strings(map(sc.get("capabilities")).get("add"))).containsExactlyInAnyOrder("NET_ADMIN", "NET_RAW");
        assertThat(container.get("env").toString()).contains("NODE_NAME").contains("spec.nodeName");
        assertThat(container.get("volumeMounts").toString()).contains("/run/xtables.lock");
    }

    private static List<Map<String, Object>> render(String... sets) {
        var template = new Helm(CHART).template().withName("nf").withNamespace("netfence").withKubeVersion("1.31.0");
        for (int i = 0; i + 1 < sets.length; i += 2) {
            template = template.set(sets[i], sets[i + 1]);
        }
        String out = template.call();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(out)) {
            if (doc != null) {
                docs.add(map(doc));
            }
        }
        return docs;
    }

    private static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream()
                .filter(d -> kind.equals(d.get("kind")) && name.equals(map(d.get("metadata")).get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("chart renders no " + kind + " " + name));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(Map<String, Object> role) {
        return (List<Map<String, Object>>) role.get("rules");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) Objects.requireNonNull(o);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return o == null ? List.of() : (List<String>) o;
    }
}
