package io.netfence.agent.chart;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.netfence.agent.chart.HelmChartTest.find;
import static io.netfence.agent.chart.HelmChartTest.map;
import static org.assertj.core.api.Assertions.assertThat;

/** The helm install commands in docs/operations.md render with the chart as they are written. */
class OperationsDocTest {

    private static final Path OPERATIONS_MD = HelmChartTest.CHART.resolve("../../docs/operations.md").normalize();

    @Test
    void everyHelmInstallCommandInTheDocRenders() throws Exception {
        List<List<String>> commands = helmInstallCommands();
        assertThat(commands).as("plain, SSO and Ingress install").hasSizeGreaterThanOrEqualTo(3);
        for (List<String> sets : commands) {
            List<Map<String, Object>> docs = HelmChartTest.render(sets.toArray(String[]::new));
            StrictModel.parse(find(docs, "DaemonSet", "nf-netfence-agent"));
            if (sets.contains("console.ingress.enabled")) {
                Map<String, Object> ingress = find(docs, "Ingress", "nf-netfence-console");
                assertThat(map(map(ingress.get("metadata")).get("annotations"))).containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
            }
            if (sets.contains("console.sso.enabled")) {
                assertThat(find(docs, "Deployment", "nf-netfence-console").toString())
                        .contains("--netfence.console.oidc.editor-groups=platform-admins")
                        .contains("--netfence.console.oidc.viewer-groups=developers,sre");
            }
        }
    }

    /** Each "helm install netfence charts/netfence …" of the doc (continuation lines joined) as --set key/value pairs. */
    private static List<List<String>> helmInstallCommands() throws Exception {
        String md = Files.readString(OPERATIONS_MD).replace("\\\n", " ");
        List<List<String>> commands = new ArrayList<>();
        Matcher line = Pattern.compile("(?m)^helm install netfence charts/netfence(.*)$").matcher(md);
        Pattern set = Pattern.compile("--set(?:-string)? (?:'([^']*)'|(\\S+))");
        while (line.find()) {
            List<String> pairs = new ArrayList<>();
            Matcher s = set.matcher(line.group(1).replaceAll("#[^\\n]*", ""));
            while (s.find()) {
                String kv = s.group(1) != null ? s.group(1) : s.group(2);
                int eq = kv.indexOf('=');
                String key = kv.substring(0, eq);
                String value = kv.substring(eq + 1);
                if (value.startsWith("{") && value.endsWith("}")) {
                    // the CLI's list syntax; helm-java's set() takes values literally, so give the items one by one
                    String[] items = value.substring(1, value.length() - 1).split(",");
                    for (int i = 0; i < items.length; i++) {
                        pairs.add(key + "[" + i + "]");
                        pairs.add(items[i]);
                    }
                } else {
                    pairs.add(key);
                    pairs.add(value);
                }
            }
            commands.add(pairs);
        }
        return commands;
    }
}
