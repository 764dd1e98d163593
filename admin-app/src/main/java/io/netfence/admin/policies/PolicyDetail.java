package io.netfence.admin.policies;

import io.netfence.engine.lint.LintWarning;
import io.netfence.engine.snapshot.UnusablePolicy;

import java.util.List;
import java.util.Map;

/**
 * The policy detail page and {@code GET /api/v1/policies/{ns}/{name}}: the stored object (as YAML and as JSON), the
 * resourceVersion an update or delete must name, its live resolution (selected pods, peers) and lint warnings.
 * {@code unusable}: present when the stored object cannot be used as it is; {@code resolved} is then what is enforced
 * instead (its last usable version, or the policy failed closed).
 */
public record PolicyDetail(String namespace, String name, String resourceVersion, Map<String, Object> object, String yaml,
                           ResolvedPolicy resolved, List<LintWarning> warnings, UnusablePolicy unusable,
                           io.netfence.admin.nodes.Enforcement enforcement) {
}
