package io.netfence.admin.clusterpolicies;

import io.netfence.engine.lint.LintWarning;

import java.util.List;
import java.util.Map;

/**
 * The detail page and {@code GET /api/v1/clusternetworkpolicies/{name}}.
 *
 * @param resolved null when nothing is enforced for the stored object (its subject cannot be read)
 * @param object   the stored object without managedFields (null when the informer has none, e.g. a test upsert)
 * @param yaml     the same as YAML
 */
public record ClusterPolicyDetail(ClusterPolicySummary summary, ResolvedClusterPolicy resolved, List<LintWarning> warnings,
                                  Map<String, Object> object, String yaml) {
}
