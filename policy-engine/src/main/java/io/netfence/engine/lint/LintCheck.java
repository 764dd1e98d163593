package io.netfence.engine.lint;

import io.netfence.engine.model.Policy;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.List;

/** One kind of mistake. {@code cluster} already contains {@code policy} (replacing an older version of it). */
interface LintCheck {

    List<LintWarning> check(Policy policy, ClusterSnapshot cluster);
}
