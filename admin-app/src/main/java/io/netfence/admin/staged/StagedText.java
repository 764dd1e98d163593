package io.netfence.admin.staged;

import io.netfence.engine.snapshot.StagedPolicyConverter;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A StagedNetworkPolicy manifest read as the NetworkPolicy it stages, so the composer's analysis (parse, API-server
 * validation with field paths and lines, lint) judges it unchanged. Other text is returned as it is.
 */
final class StagedText {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private StagedText() {
    }

    @SuppressWarnings("unchecked")
    static String asNetworkPolicyText(String text) {
        if (text == null || !text.contains(StagedPolicyConverter.KIND)) {
            return text;
        }
        try {
            Object tree = YAML.readValue(text, Object.class);
            if (tree instanceof Map<?, ?> m && StagedPolicyConverter.KIND.equals(m.get("kind"))) {
                Map<String, Object> np = new LinkedHashMap<>((Map<String, Object>) m);
                np.put("apiVersion", "networking.k8s.io/v1");
                np.put("kind", "NetworkPolicy");
                np.remove("status");
                return io.netfence.admin.composer.DraftYaml.write(np);
            }
        } catch (RuntimeException e) {
            // not one readable document: the analysis names what is wrong with the text as sent
        }
        return text;
    }
}
