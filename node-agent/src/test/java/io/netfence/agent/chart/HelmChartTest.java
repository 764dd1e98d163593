package io.netfence.agent.chart;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.netfence.agent.config.AgentProperties;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** Lints and renders charts/netfence with the real Helm (bundled by helm-java) and checks its least-privilege RBAC. */
class HelmChartTest {

    static final Path CHART = Path.of("..", "charts", "netfence").toAbsolutePath().normalize();

    @Test
    void chartLintsStrictly() {
        var result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    /** helm lint takes no values file: lint a copy of the chart whose values.yaml has the customised values merged in. */
    @Test
    void chartLintsStrictlyWithEveryOptionOn() throws IOException {
        Path copy = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "chart-custom");
        try (var files = Files.walk(CHART)) {
            for (Path f : files.toList()) {
                Path target = copy.resolve(CHART.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        Map<String, Object> values = map(new Yaml().load(Files.readString(CHART.resolve("values.yaml"))));
        deepMerge(values, map(new Yaml().load(Files.readString(HelmChartObjectsTest.CUSTOM_VALUES))));
        Files.writeString(copy.resolve("values.yaml"), new Yaml().dump(values));
        var result = new Helm(copy).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        // the copy really is the customised chart
        assertThat(Files.readString(copy.resolve("values.yaml"))).contains("netfence.example.com");
    }

    private static void deepMerge(Map<String, Object> into, Map<String, Object> from) {
        from.forEach((k, v) -> {
            if (v instanceof Map<?, ?> && into.get(k) instanceof Map<?, ?>) {
                deepMerge(map(into.get(k)), map(v));
            } else {
                into.put(k, v);
            }
        });
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
            if (resources.equals(List.of("clusternetworkpolicies/status"))) {
                // the ClusterNetworkPolicy status writer (the Lease holder): the status subresource only, never the spec
                assertThat(verbs).as("agent access to %s", resources).containsExactly("update");
            } else if (resources.stream().noneMatch(r -> r.startsWith("nodefirewallstatuses"))) {
                assertThat(verbs).as("agent access to %s", resources).isNotEmpty().isSubsetOf("get", "list", "watch");
            }
        }
        // RBAC cannot say "only your own node"; the admission policy does.
        Map<String, Object> vap = find(docs, "ValidatingAdmissionPolicy", "nf-netfence-agent-own-node-status");
        assertThat(vap.toString()).contains("authentication.kubernetes.io/node-name").contains("request.name");
    }

    @Test
    void consoleIsReadOnlyUnlessPushIsAllowed() {
        Map<String, Object> pushing = find(render(), "ClusterRole", "nf-netfence-console");
        for (Map<String, Object> rule : rules(pushing)) {
            List<String> verbs = strings(rule.get("verbs"));
            if (strings(rule.get("resources")).contains("networkpolicies") || strings(rule.get("resources")).contains("clusternetworkpolicies")
                    || strings(rule.get("resources")).contains("stagednetworkpolicies")
                    || strings(rule.get("resources")).contains("stagedclusternetworkpolicies")) {
                assertThat(verbs).as("push: create, update, delete from the policy page (staged: push as staged, promote)").containsExactly("get", "list", "watch", "create", "update", "delete");
            } else {
                assertThat(verbs).doesNotContain("delete", "update", "patch", "*");
            }
        }
        Map<String, Object> readOnly = find(render("console.allowPush", "false"), "ClusterRole", "nf-netfence-console");
        for (Map<String, Object> rule : rules(readOnly)) {
            if (!REVIEWS.containsAll(strings(rule.get("resources")))) {
                assertThat(strings(rule.get("verbs"))).isNotEmpty().isSubsetOf("get", "list", "watch");
            }
        }
    }

    /** Asking the API server "who is this token" and "may they" changes nothing in the cluster. */
    private static final List<String> REVIEWS = List.of("tokenreviews", "subjectaccessreviews");

    @Test
    void consoleReviewsTokensAndAccessAndImpersonatesOnlyWhenEnabled() {
        Map<String, Object> role = find(render(), "ClusterRole", "nf-netfence-console");
        assertThat(rules(role)).anySatisfy(r -> {
            assertThat(strings(r.get("apiGroups"))).containsExactly("authentication.k8s.io");
            assertThat(strings(r.get("resources"))).containsExactly("tokenreviews");
            assertThat(strings(r.get("verbs"))).containsExactly("create");
        }).anySatisfy(r -> {
            assertThat(strings(r.get("apiGroups"))).containsExactly("authorization.k8s.io");
            assertThat(strings(r.get("resources"))).containsExactly("subjectaccessreviews");
            assertThat(strings(r.get("verbs"))).containsExactly("create");
        });
        assertThat(rules(role)).allSatisfy(r -> assertThat(strings(r.get("verbs"))).doesNotContain("impersonate", "*"));

        List<Map<String, Object>> docs = render("console.impersonate", "true");
        Map<String, Object> impersonating = find(docs, "ClusterRole", "nf-netfence-console");
        assertThat(rules(impersonating)).anySatisfy(r -> {
            assertThat(strings(r.get("apiGroups"))).containsExactly("");
            assertThat(strings(r.get("resources"))).containsExactlyInAnyOrder("users", "groups", "serviceaccounts");
            assertThat(strings(r.get("verbs"))).containsExactly("impersonate");
        });
        assertThat(strings(consoleContainer(docs).get("args"))).contains("--netfence.console.impersonate=true");
    }

    @Test
    void consoleUsersSecretHasARandomAdminPasswordAsABcryptHashNeverAFixedOne() {
        List<Map<String, Object>> first = render();
        List<Map<String, Object>> second = render();
        String password1 = secretValue(find(first, "Secret", "nf-netfence-console-users"), "admin-password");
        String password2 = secretValue(find(second, "Secret", "nf-netfence-console-users"), "admin-password");
        assertThat(password1).hasSize(24).isNotEqualTo(password2);
        Map<String, Object> usersYaml = map(new Yaml().load(secretValue(find(first, "Secret", "nf-netfence-console-users"), "users.yaml")));
        List<?> users = (List<?>) map(map(usersYaml.get("netfence")).get("console")).get("users");
        Map<String, Object> admin = map(users.get(0));
        assertThat(admin.get("name")).isEqualTo("admin");
        assertThat(admin.get("role")).isEqualTo("editor");
        assertThat((String) admin.get("password")).matches("^\\$2a\\$\\d\\d\\$[./A-Za-z0-9]{53}$").doesNotContain(password1);

        Map<String, Object> container = consoleContainer(first);
        assertThat(strings(container.get("args"))).contains("--spring.config.import=optional:file:/etc/netfence/console-users/users.yaml");
        assertThat(container.get("volumeMounts").toString()).contains("/etc/netfence/console-users");
        assertThat(consolePod(first).get("volumes").toString()).contains("secretName=nf-netfence-console-users");
    }

    @Test
    void anExistingUsersSecretIsMountedAndNothingIsGenerated() {
        List<Map<String, Object>> docs = render("console.auth.existingSecret", "my-console-users");
        assertThat(docs).noneMatch(d -> "Secret".equals(d.get("kind")) && map(d.get("metadata")).get("name").equals("nf-netfence-console-users"));
        assertThat(consolePod(docs).get("volumes").toString()).contains("secretName=my-console-users");
    }

    @Test
    void ssoSettingsReachTheConsoleAndTheClientSecretComesFromASecret() {
        List<Map<String, Object>> docs = render("console.sso.enabled", "true", "console.sso.issuerUri", "https://dex.example.com",
                "console.sso.clientSecret", "s3cret", "console.sso.editorGroups[0]", "platform", "console.sso.viewerGroups[0]", "dev",
                "console.auth.generateAdmin", "false");
        Map<String, Object> container = consoleContainer(docs);
        assertThat(strings(container.get("args"))).contains("--netfence.console.oidc.issuer-uri=https://dex.example.com",
                "--netfence.console.oidc.client-id=netfence-console", "--netfence.console.oidc.editor-groups=platform",
                "--netfence.console.oidc.viewer-groups=dev", "--netfence.console.oidc.groups-claim=groups");
        assertThat(container.toString()).doesNotContain("s3cret").contains("NETFENCE_CONSOLE_OIDC_CLIENT_SECRET");
        assertThat(secretValue(find(docs, "Secret", "nf-netfence-console-sso"), "client-secret")).isEqualTo("s3cret");
        // SSO only: no users Secret, no mount
        assertThat(docs).noneMatch(d -> "Secret".equals(d.get("kind")) && map(d.get("metadata")).get("name").equals("nf-netfence-console-users"));
        assertThat(strings(container.get("args"))).noneMatch(a -> a.startsWith("--spring.config.import"));
    }

    private static String secretValue(Map<String, Object> secret, String key) {
        return new String(java.util.Base64.getDecoder().decode((String) map(secret.get("data")).get(key)), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Map<String, Object> consolePod(List<Map<String, Object>> docs) {
        return map(map(map(find(docs, "Deployment", "nf-netfence-console").get("spec")).get("template")).get("spec"));
    }

    private static Map<String, Object> consoleContainer(List<Map<String, Object>> docs) {
        return map(((List<?>) consolePod(docs).get("containers")).get(0));
    }

    @Test
    void consoleReadsAuditEventsAndCreatesThemOnlyWhenPushing() {
        assertThat(eventVerbs(render())).containsExactlyInAnyOrder("get", "list", "watch", "create");
        assertThat(eventVerbs(render("console.allowPush", "false"))).containsExactlyInAnyOrder("get", "list", "watch");
    }

    private static List<String> eventVerbs(List<Map<String, Object>> docs) {
        return rules(find(docs, "ClusterRole", "nf-netfence-console")).stream()
                .filter(r -> strings(r.get("resources")).contains("events"))
                .flatMap(r -> strings(r.get("verbs")).stream()).toList();
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

    @Test
    void everyAgentSettingTheChartPassesBindsToTheAgentsProperties() {
        Map<String, Object> ds = find(render("agent.sync.debounce", "70ms", "agent.sync.maxDelay", "700ms",
                "agent.sync.resyncPeriod", "7m", "agent.sync.heartbeat", "77s", "agent.defaultDenyUntilProgrammed", "true",
                "agent.nflog.enabled", "true", "agent.nflog.group", "7"), "DaemonSet", "nf-netfence-agent");
        Map<String, Object> container = map(((List<?>) map(map(map(ds.get("spec")).get("template")).get("spec"))
                .get("containers")).get(0));
        Map<String, String> props = new java.util.HashMap<>();
        for (String arg : strings(container.get("args"))) {
            String kv = arg.substring(2);
            props.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        assertThat(props).containsKey("server.port");
        AgentProperties bound = new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(props))
                .bind("netfence.agent", AgentProperties.class).get();
        assertThat(bound.sync().debounce()).isEqualTo(Duration.ofMillis(70));
        assertThat(bound.sync().maxDelay()).isEqualTo(Duration.ofMillis(700));
        assertThat(bound.resyncPeriod()).isEqualTo(Duration.ofMinutes(7));
        assertThat(bound.heartbeat()).isEqualTo(Duration.ofSeconds(77));
        assertThat(bound.defaultDenyUntilProgrammed()).isTrue();
        assertThat(bound.nflogGroup()).isEqualTo(7);
    }

    @Test
    void flowSettingsAreOffByDefaultAndBindToTheAgentsFlowProperties() {
        Map<String, Object> off = find(render(), "DaemonSet", "nf-netfence-agent");
        assertThat(off.toString()).doesNotContain("netfence.agent.flows");
        Map<String, Object> ds = find(render("agent.flows.enabled", "true", "agent.flows.nflogGroup", "77",
                "agent.flows.pairPerSecond", "3", "agent.flows.pairBurst", "4", "agent.flows.nodePerSecond", "500",
                "agent.flows.maxAggregates", "123456"), "DaemonSet", "nf-netfence-agent");
        Map<String, Object> container = map(((List<?>) map(map(map(ds.get("spec")).get("template")).get("spec"))
                .get("containers")).get(0));
        Map<String, String> props = new java.util.HashMap<>();
        for (String arg : strings(container.get("args"))) {
            String kv = arg.substring(2);
            props.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        io.netfence.agent.flows.FlowProperties bound = new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(props))
                .bind("netfence.agent.flows", io.netfence.agent.flows.FlowProperties.class).get();
        assertThat(bound.enabled()).isTrue();
        assertThat(bound.logOptions()).isEqualTo(new io.netfence.engine.compile.FlowLogOptions(77, 3, 4, 500));
        assertThat(bound.maxAggregates()).isEqualTo(123456);
    }

    /** The console compiles with the agents' options, or every node's hash would differ from what its agent reports. */
    @Test
    void theConsoleGetsTheAgentsCompileOptions() {
        List<Map<String, Object>> docs = render("agent.flows.enabled", "true", "agent.flows.nflogGroup", "77",
                "agent.flows.pairPerSecond", "3", "agent.flows.pairBurst", "4", "agent.flows.nodePerSecond", "500",
                "agent.nflog.enabled", "true", "agent.nflog.group", "7");
        Map<String, Object> console = map(((List<?>) map(map(map(find(docs, "Deployment", "nf-netfence-console").get("spec"))
                .get("template")).get("spec")).get("containers")).get(0));
        assertThat(strings(console.get("args"))).contains("--netfence.console.nflog-group=7",
                "--netfence.console.agent-flows.enabled=true", "--netfence.console.agent-flows.nflog-group=77",
                "--netfence.console.agent-flows.pair-per-second=3", "--netfence.console.agent-flows.pair-burst=4",
                "--netfence.console.agent-flows.node-per-second=500");
        Map<String, Object> off = map(((List<?>) map(map(map(find(render(), "Deployment", "nf-netfence-console").get("spec"))
                .get("template")).get("spec")).get("containers")).get(0));
        assertThat(strings(off.get("args"))).noneMatch(a -> a.contains("nflog-group") || a.contains("agent-flows"));
    }

    @Test
    void statusCrdIsClusterScopedWithAStatusSubresource() throws Exception {
        Map<String, Object> crd = map(new Yaml().load(java.nio.file.Files.readString(
                CHART.resolve("crds/nodefirewallstatuses.yaml"))));
        Map<String, Object> spec = map(crd.get("spec"));
        assertThat(spec.get("group")).isEqualTo("netfence.io");
        assertThat(spec.get("scope")).isEqualTo("Cluster");
        Map<String, Object> version = map(((List<?>) spec.get("versions")).get(0));
        assertThat(version.get("name")).isEqualTo("v1alpha1");
        assertThat(map(version.get("subresources"))).containsKey("status");
        // the RBAC above grants exactly this resource
        assertThat(map(spec.get("names")).get("plural")).isEqualTo("nodefirewallstatuses");
    }

    static List<Map<String, Object>> render(String... sets) {
        return render(null, sets);
    }

    /**
     * helm template with the release "nf" in namespace "netfence", an optional values file and --set pairs; hooks
     * included (with their helm.sh/hook annotations as in the chart).
     */
    static List<Map<String, Object>> render(Path valuesFile, String... sets) {
        String out = template(valuesFile, sets).call().replace(HOOK_STAND_IN, "helm.sh/hook");
        return parseAll(out);
    }

    /**
     * helm-java's template prints the release manifest only, without hooks. This copy of the chart names the hook
     * annotations differently, so Helm renders the hook objects as ordinary ones; render() names them back.
     */
    private static final String HOOK_STAND_IN = "test.netfence.io/hook";
    private static final Path CHART_WITH_VISIBLE_HOOKS = copyWithVisibleHooks();

    private static Path copyWithVisibleHooks() {
        try {
            Path copy = Files.createDirectories(Path.of("target")).resolve("chart-with-visible-hooks");
            if (Files.exists(copy)) {
                try (var old = Files.walk(copy)) {
                    for (Path f : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(f);
                    }
                }
            }
            Files.createDirectories(copy);
            try (var files = Files.walk(CHART)) {
                for (Path f : files.toList()) {
                    Path target = copy.resolve(CHART.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.writeString(target, Files.readString(f).replace("helm.sh/hook", HOOK_STAND_IN));
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static com.marcnuri.helm.TemplateCommand template(Path valuesFile, String... sets) {
        var template = new Helm(CHART_WITH_VISIBLE_HOOKS).template().withName("nf").withNamespace("netfence").withKubeVersion("1.31.0");
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        for (int i = 0; i + 1 < sets.length; i += 2) {
            template = template.set(sets[i], sets[i + 1]);
        }
        return template;
    }

    static List<Map<String, Object>> parseAll(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            if (doc != null) {
                docs.add(map(doc));
            }
        }
        return docs;
    }

    static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
        return docs.stream()
                .filter(d -> kind.equals(d.get("kind")) && name.equals(map(d.get("metadata")).get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("chart renders no " + kind + " " + name));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules(Map<String, Object> role) {
        return (List<Map<String, Object>>) role.get("rules");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) Objects.requireNonNull(o);
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object o) {
        return o == null ? List.of() : (List<String>) o;
    }
}
