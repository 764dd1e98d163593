package io.netfence.admin.composer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.netfence.admin.policies.ResolvedPolicy;
import io.netfence.engine.lint.LintWarning;
import io.netfence.engine.model.Policy;

import java.util.List;

/**
 * What the composer shows for a draft: its problems (each with the field path and the line in the YAML when
 * known), or, when it is a valid NetworkPolicy, the pods it selects, what each rule's peers match and lint warnings.
 */
public record DraftAnalysis(List<Problem> errors, List<LintWarning> warnings, ResolvedPolicy resolved,
                           @JsonIgnore Policy policy, @JsonIgnore NetworkPolicy networkPolicy) {

    /**
     * @param path    the field, e.g. {@code spec.ingress[0].ports[0].port}; null for problems of the whole text
     * @param message what is wrong and how to fix it
     * @param line    1-based line in the YAML, 0 when unknown
     */
    public record Problem(String path, String message, int line) {
    }

    public boolean valid() {
        return policy != null;
    }

    /** Whether the text was read as a NetworkPolicy (so the form can show it), valid or not. */
    public boolean readable() {
        return networkPolicy != null;
    }

    /** {@code [{"path":..., "message":...}]} for the page script that shows each error at its form field. */
    public String fieldErrorsJson() {
        List<java.util.Map<String, String>> out = errors.stream().filter(e -> e.path() != null)
                .map(e -> java.util.Map.of("path", e.path(), "message", e.message())).toList();
        return JSON.writeValueAsString(out);
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /** This analysis with the API server's refusals of the same text added (each at its field). */
    public DraftAnalysis withApiServerRejections(List<Problem> rejections) {
        if (rejections.isEmpty()) {
            return this;
        }
        List<Problem> all = new java.util.ArrayList<>(errors);
        all.addAll(rejections);
        return new DraftAnalysis(List.copyOf(all), warnings, resolved, policy, networkPolicy);
    }

    /** This analysis about another copy of the same NetworkPolicy. */
    DraftAnalysis withNetworkPolicy(NetworkPolicy copy) {
        return new DraftAnalysis(errors, warnings, resolved, policy, copy);
    }

    public static DraftAnalysis failed(List<Problem> errors, NetworkPolicy readable) {
        return new DraftAnalysis(List.copyOf(errors), List.of(), null, null, readable);
    }
}
