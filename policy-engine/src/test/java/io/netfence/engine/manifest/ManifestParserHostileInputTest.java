package io.netfence.engine.manifest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Uploads are untrusted: every one of these must end in a ManifestException, never an Error or a hang. */
class ManifestParserHostileInputTest {

    private final ManifestParser parser = ManifestParser.withDefaults();

    @Test
    void deepNestingYaml() {
        String deep = "a: " + "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> parser.parse(deep)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("nesting depth (501) exceeds the maximum allowed (500");
    }

    @Test
    void deepNestingJson() {
        String deep = "{\"a\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> parser.parse(deep)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("nesting depth (501) exceeds the maximum allowed (500");
    }

    @Test
    void aliasBomb() {
        StringBuilder sb = new StringBuilder("apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\nx:\n a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            sb.append(" a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                sb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            sb.append("]\n");
        }
        assertThatThrownBy(() -> parser.parse(sb.toString())).isInstanceOf(ManifestException.class)
                .hasMessage("document 1 (line 6): x.a1[0]: YAML aliases (*name) are not supported; write the value out");
    }

    @Test
    void binaryGarbage() {
        assertThatThrownBy(() -> parser.parse("\u0000\u0001\u0002: [")).isInstanceOf(ManifestException.class);
        assertThatThrownBy(() -> parser.parse("kind: Pod\napiVersion: v1\nmetadata: {name: [")).isInstanceOf(ManifestException.class);
    }

    @Test
    void scalarDocument() {
        assertThatThrownBy(() -> parser.parse("just some text")).isInstanceOf(ManifestException.class)
                .hasMessage("document 1 (line 1): expected a Kubernetes object (a mapping with apiVersion and kind), got string \"just some text\"");
        assertThatThrownBy(() -> parser.parse("[]")).hasMessage(
                "document 1 (line 1): expected a Kubernetes object (a mapping with apiVersion and kind), got a list");
    }
}
