package io.netfence.agent.chart;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.schema.json: a wrong value fails helm template with a message naming it. */
class HelmChartSchemaTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            agent.iptablesMode              | iptables      | at '/agent/iptablesMode': value must be one of 'auto', 'nft', 'legacy'
            agent.sync.debounce             | fast          | /agent/sync/debounce
            agent.metricsPort               | 0             | /agent/metricsPort
            agent.updateStrategy.maxUnavailable | 0         | /agent/updateStrategy/maxUnavailable
            console.service.type            | Ingress       | /console/service/type
            agent.iptablesmode              | nft           | at '/agent': additional properties 'iptablesmode' not allowed
            console.sso.enabled             | true          | at '/console/sso/issuerUri': minLength
            console.ingress.enabled         | true          | at '/console/ingress/host': minLength
            console.auth.users[0].name      | ann           | at '/console/auth/users/0': missing properties 'password', 'role'
            console.auth.generateAdmin      | false         | at '/console/auth/generateAdmin': value must be true
            uninstall.timeout               | forever       | /uninstall/timeout
            metrics.serviceMonitor.interval | often         | /metrics/serviceMonitor/interval
            """)
    void aValueThatViolatesTheSchemaFailsNamingIt(String key, String value, String named) {
        assertThatThrownBy(() -> HelmChartTest.template(null, key, value).call())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(named);
    }

    @org.junit.jupiter.api.Test
    void aPlainPasswordIsRefusedNamingTheUser() {
        assertThatThrownBy(() -> HelmChartTest.template(null, "console.auth.users[0].name", "ann",
                "console.auth.users[0].password", "secret", "console.auth.users[0].role", "editor").call())
                .hasMessageContaining("at '/console/auth/users/0/password'");
    }

    @org.junit.jupiter.api.Test
    void ssoNeedsAClientSecretFromASecretOrAValue() {
        assertThatThrownBy(() -> HelmChartTest.template(null, "console.sso.enabled", "true",
                "console.sso.issuerUri", "https://dex.example.com").call())
                .hasMessageContaining("at '/console/sso/existingSecret'").hasMessageContaining("at '/console/sso/clientSecret'");
        HelmChartTest.template(null, "console.sso.enabled", "true", "console.sso.issuerUri", "https://dex.example.com",
                "console.sso.existingSecret", "sso").call();
    }

    /**
     * Every value in values.yaml is explained: a leaf (a key with its value on the line) has a "# --" comment above it,
     * or lies inside a block whose key has one (e.g. resources.requests). The schema covers every value: the defaults
     * validate against a schema that allows no unknown key anywhere (additionalProperties: false).
     */
    @org.junit.jupiter.api.Test
    void everyValueHasACommentAndTheSchemaAllowsNoUndeclaredKey() throws Exception {
        java.util.List<String> lines = java.nio.file.Files.readAllLines(HelmChartTest.CHART.resolve("values.yaml"));
        java.util.List<String> undocumented = new java.util.ArrayList<>();
        int documentedBlockIndent = -1;
        boolean commentAbove = false;
        var key = java.util.regex.Pattern.compile("^( *)(- )?([A-Za-z][\\w.-]*):(.*)$");
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (line.strip().startsWith("#")) {
                commentAbove = commentAbove || line.strip().startsWith("# --") || line.strip().startsWith("#   ");
                continue;
            }
            var m = key.matcher(line);
            if (m.matches()) {
                int indent = m.group(1).length();
                if (documentedBlockIndent >= 0 && indent <= documentedBlockIndent) {
                    documentedBlockIndent = -1;
                }
                boolean leaf = !m.group(4).isBlank();
                if (commentAbove && documentedBlockIndent < 0) {
                    documentedBlockIndent = indent;
                } else if (leaf && documentedBlockIndent < 0) {
                    undocumented.add(line.strip());
                }
            }
            commentAbove = false;
        }
        org.assertj.core.api.Assertions.assertThat(undocumented).as("values without a \"# --\" comment").isEmpty();
        String schema = java.nio.file.Files.readString(HelmChartTest.CHART.resolve("values.schema.json"));
        org.assertj.core.api.Assertions.assertThat(schema).contains("\"additionalProperties\": false");
    }
}
