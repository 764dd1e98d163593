package io.netfence.engine.manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** YAML syntax errors say where and what in the user's terms, with the offending line — not the parser's jargon. */
class YamlSyntaxErrorTest {

    private final ManifestParser parser = ManifestParser.withDefaults();

    private ManifestError error(String text) {
        try {
            parser.parse(text);
        } catch (ManifestException e) {
            assertThat(e.errors()).hasSize(1);
            return e.errors().get(0);
        }
        throw new AssertionError("parsed: " + text);
    }

    @Test
    void anUnclosedBraceIsNamedWhereItOpened() {
        ManifestError e = error("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: y\nspec: {}\n");
        assertThat(e.message()).isEqualTo("YAML syntax error at column 11: the `{` opened here is not closed: add the matching `}` "
                + "(or a `,` between its entries); the line: `metadata: {name: x, namespace: y`");
        assertThat(e.location().line()).isEqualTo(3);
        assertThat(e.message()).doesNotContain("while parsing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a: [1, 2\\nb: c\\n|line 1, column 4: the `[` opened here is not closed",
            "a: \"unclosed\\nb: c\\n|line 1, column 4: the quote opened here is not closed",
            "a: b: c\\n|line 1, column 5: a `:` where none is allowed",
            "a:\\n\\tb: c\\n|line 2, column 1: a tab: YAML indents with spaces only",
            "a:\\n  b: c\\n c: d\\n|line 3, column 2: this line is not indented like the keys around it",
            "a:\\n  b: c\\n  just text\\n  d: e\\n|line 3, column 3: this line is not `key: value`: a `:` is missing",
            "kind: [|line 1, column 8: the text ends where a value was expected"})
    void commonMistakesGetAPlainExplanation(String text, String expected) {
        ManifestError e = error(text.replace("\\n", "\n").replace("\\t", "\t"));
        String[] lineAndRest = expected.split(", ", 2);
        assertThat(e.location().line()).isEqualTo(Integer.parseInt(lineAndRest[0].substring("line ".length())));
        assertThat(e.message()).startsWith("YAML syntax error at " + lineAndRest[1]).doesNotContain("while parsing").doesNotContain("while scanning");
    }

    @Test
    void theDocumentOfAMultiDocumentTextIsNamed() {
        ManifestError e = error("---\nkind: Namespace\napiVersion: v1\nmetadata: {name: a}\n---\nkind: Namespace\nmetadata: {name: [b}\n");
        assertThat(e.location().document()).isEqualTo(2);
        assertThat(e.location().line()).isEqualTo(7);
    }

    @Test
    void jsonErrorsStayJsonErrors() {
        assertThatThrownBy(() -> parser.parse("{\"kind\": \"NetworkPolicy\",}")).isInstanceOf(ManifestException.class);
    }
}
