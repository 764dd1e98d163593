package io.netfence.agent.chart;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.netfence.agent.chart.HelmChartTest.map;
import static io.netfence.agent.chart.HelmChartTest.render;
import static io.netfence.agent.chart.HelmChartTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's RBAC is exactly the table in docs/security.md ("What netfence's ServiceAccounts may do"): the doc is the
 * single source, this test parses it and compares it with the rendered roles, for each condition on and off.
 */
class HelmChartRbacTest {

    private static final Path SECURITY_MD = HelmChartTest.CHART.resolve("../../docs/security.md").normalize();

    /** identity in the doc → kind and name of its role in a release "nf". */
    private static final Map<String, String> ROLES = Map.of(
            "console", "ClusterRole/nf-netfence-console",
            "agent", "ClusterRole/nf-netfence-agent",
            "agent lease", "Role/nf-netfence-agent-cnp-status",
            "uninstall hook", "Role/nf-netfence-agent-cleanup");

    record Row(String identity, String group, List<String> resources, boolean byName, List<String> verbs, String when) {
    }

    @Test
    void rbacIsExactlyWhatDocsSecurityMdSays() throws Exception {
        List<Row> rows = documentedRows();
        assertThat(rows).extracting(Row::identity).containsAll(ROLES.keySet());
        List<Map<String, String>> settings = List.of(
                Map.of(),
                Map.of("console.allowPush", "false"),
                Map.of("console.impersonate", "true"),
                Map.of("uninstall.cleanup", "false"),
                Map.of("clusterNetworkPolicy.writeStatus", "false"),
                Map.of("agent.flows.enabled", "true"));
        for (Map<String, String> set : settings) {
            String[] sets = set.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);
            List<Map<String, Object>> docs = render(sets);
            Map<String, Object> values = effectiveValues(set);
            for (var identity : ROLES.entrySet()) {
                Map<String, String> expected = new TreeMap<>();
                rows.stream().filter(r -> r.identity().equals(identity.getKey()) && holds(r.when(), values))
                        .forEach(r -> r.resources().forEach(res -> expected.merge(key(r.group(), res, r.byName()), verbs(r.verbs()), HelmChartRbacTest::union)));
                String[] kindName = identity.getValue().split("/");
                Map<String, String> granted = new TreeMap<>();
                docs.stream().filter(d -> kindName[0].equals(d.get("kind")) && kindName[1].equals(map(d.get("metadata")).get("name")))
                        .flatMap(d -> HelmChartTest.rules(d).stream())
                        .forEach(rule -> {
                            boolean byName = !strings(rule.get("resourceNames")).isEmpty();
                            for (String g : strings(rule.get("apiGroups"))) {
                                for (String res : strings(rule.get("resources"))) {
                                    granted.merge(key(g.isEmpty() ? "core" : g, res, byName), verbs(strings(rule.get("verbs"))), HelmChartRbacTest::union);
                                }
                            }
                        });
                assertThat(granted).as("%s with %s: rendered rules vs. docs/security.md", identity.getKey(), set).isEqualTo(expected);
            }
            // no other role in the chart that the doc does not describe
            assertThat(docs.stream().filter(d -> List.of("Role", "ClusterRole").contains(d.get("kind")))
                    .map(d -> d.get("kind") + "/" + map(d.get("metadata")).get("name")).toList())
                    .allMatch(ROLES::containsValue);
        }
    }

    private static String key(String group, String resource, boolean byName) {
        return group + " " + resource + (byName ? " (by name)" : "");
    }

    private static String verbs(List<String> verbs) {
        return String.join(",", new TreeSet<>(verbs));
    }

    private static String union(String a, String b) {
        TreeSet<String> all = new TreeSet<>(Arrays.asList(a.split(",")));
        all.addAll(Arrays.asList(b.split(",")));
        return String.join(",", all);
    }

    static List<Row> documentedRows() throws Exception {
        String md = Files.readString(SECURITY_MD);
        int start = md.indexOf("| identity | API group | resources | verbs | when | why |");
        assertThat(start).as("the RBAC table in docs/security.md").isPositive();
        List<Row> rows = new ArrayList<>();
        for (String line : md.substring(start).lines().skip(2).toList()) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] c = Arrays.stream(line.split("\\|")).map(String::strip).toArray(String[]::new);
            String resources = c[3];
            boolean byName = resources.contains("(by name");
            if (byName) {
                resources = resources.substring(0, resources.indexOf('(')).strip();
            }
            rows.add(new Row(c[1], c[2], List.of(resources.split(",\\s*")), byName, List.of(c[4].split(",\\s*")), c[5]));
        }
        return rows;
    }

    /** "always" or "`a.b=value`" against the chart's values with the --set overrides applied. */
    private static boolean holds(String when, Map<String, Object> values) {
        if (when.equals("always")) {
            return true;
        }
        Matcher m = Pattern.compile("`([\\w.]+)=(\\w+)`").matcher(when);
        assertThat(m.matches()).as("condition %s", when).isTrue();
        Object v = values;
        for (String part : m.group(1).split("\\.")) {
            v = map(v).get(part);
        }
        return String.valueOf(v).equals(m.group(2));
    }

    private static Map<String, Object> effectiveValues(Map<String, String> sets) throws Exception {
        Map<String, Object> values = map(new Yaml().load(Files.readString(HelmChartTest.CHART.resolve("values.yaml"))));
        for (var e : sets.entrySet()) {
            String[] path = e.getKey().split("\\.");
            Map<String, Object> m = values;
            for (int i = 0; i < path.length - 1; i++) {
                m = map(m.computeIfAbsent(path[i], k -> new HashMap<>()));
            }
            m.put(path[path.length - 1], e.getValue().equals("true") || e.getValue().equals("false") ? Boolean.valueOf(e.getValue()) : e.getValue());
        }
        return values;
    }
}
