package io.netfence.admin.clusterpolicies;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.netfence.admin.composer.DraftAnalysis.Problem;
import io.netfence.engine.lint.LintWarning;
import io.netfence.engine.model.ClusterNetworkPolicy;

import java.util.List;
import java.util.Map;

/**
 * What the ClusterNetworkPolicy composer shows for a draft: its problems (field path and YAML line when known), or, when
 * it is valid, what its subject and peers match in the live cluster and the linter's warnings.
 *
 * @param object the draft read in generic form, valid or not (null when the text could not be read as one)
 */
public record ClusterDraftAnalysis(List<Problem> errors, List<LintWarning> warnings, ResolvedClusterPolicy resolved,
                                   @JsonIgnore ClusterNetworkPolicy policy, @JsonIgnore GenericKubernetesResource object) {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    public boolean valid() {
        return policy != null;
    }

    public boolean readable() {
        return object != null;
    }

    public String name() {
        return object == null || object.getMetadata() == null ? null : object.getMetadata().getName();
    }

    /** Whether some peer is {@code domainNames}, which netfence accepts but does not enforce. */
    public boolean domainNames() {
        return policy != null && java.util.Arrays.stream(io.netfence.engine.model.Direction.values())
                .flatMap(d -> policy.rules(d).stream()).flatMap(r -> r.peers().stream())
                .anyMatch(io.netfence.engine.model.ClusterPolicyPeer.DomainNames.class::isInstance);
    }

    /** {@code [{"path":..., "message":...}]} for the page script that shows each error at its form field. */
    public String fieldErrorsJson() {
        return JSON.writeValueAsString(errors.stream().filter(e -> e.path() != null)
                .map(e -> Map.of("path", e.path(), "message", e.message())).toList());
    }

    public ClusterDraftAnalysis withApiServerRejections(List<Problem> rejections) {
        if (rejections.isEmpty()) {
            return this;
        }
        List<Problem> all = new java.util.ArrayList<>(errors);
        all.addAll(rejections);
        return new ClusterDraftAnalysis(List.copyOf(all), warnings, resolved, policy, object);
    }

    static ClusterDraftAnalysis failed(List<Problem> errors, GenericKubernetesResource readable) {
        return new ClusterDraftAnalysis(List.copyOf(errors), List.of(), null, null, readable);
    }
}
