package io.netfence.admin.policies;

import io.netfence.engine.lint.LintWarning;

import java.util.List;

/** The policy detail page: the stored object as YAML, its live resolution and lint warnings. */
public record PolicyDetail(String namespace, String name, String yaml, ResolvedPolicy resolved, List<LintWarning> warnings) {
}
