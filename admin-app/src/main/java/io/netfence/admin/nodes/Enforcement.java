package io.netfence.admin.nodes;

import java.util.List;

/**
 * Where a policy is enforced: of the {@code nodes} whose ruleset the policy changes, {@code enforced} are in sync with the
 * console's snapshot; {@code pending} lists the others that are not in sync (pending, stale, no agent, version skew),
 * {@code errors} those whose agent reports an apply error.
 */
public record Enforcement(int nodes, int enforced, List<String> pending, List<String> errors) {

    public Enforcement {
        pending = List.copyOf(pending);
        errors = List.copyOf(errors);
    }

    /** The policy changes no node's ruleset (it selects no pod and no rule of a selected pod needs it). */
    public boolean selectsNoPod() {
        return nodes == 0;
    }

    public boolean complete() {
        return enforced == nodes;
    }

    public String text() {
        return selectsNoPod() ? "selects no pod" : "enforced on " + enforced + " of " + nodes + (nodes == 1 ? " node" : " nodes");
    }
}
