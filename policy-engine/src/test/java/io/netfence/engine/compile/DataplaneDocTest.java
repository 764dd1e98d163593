package io.netfence.engine.compile;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The worked example in docs/dataplane.md is the compiler's real output, byte for byte. */
class DataplaneDocTest {

    private static final Path DOC = Path.of("..", "docs", "dataplane.md");

    @Test
    void workedExampleIsExactlyWhatTheCompilerRenders() throws IOException {
        String doc = Files.readString(DOC);
        NodeRuleset r = new NodeRulesetCompiler().compile(DataplaneDocExample.snapshot(), "n1");
        assertThat(block(doc, "ipset.restore")).isEqualTo(r.ipsetRestore());
        assertThat(block(doc, "iptables.restore")).isEqualTo(r.iptablesRestore());
        assertThat(r.ip6tablesRestore()).isEmpty();
    }

    private static String block(String doc, String name) {
        String marker = "<!-- example:" + name + " -->\n```\n";
        int start = doc.indexOf(marker);
        assertThat(start).as("marker for %s in %s", name, DOC).isNotNegative();
        int from = start + marker.length();
        return doc.substring(from, doc.indexOf("```", from));
    }
}
