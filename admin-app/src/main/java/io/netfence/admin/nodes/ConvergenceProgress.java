package io.netfence.admin.nodes;

import java.util.List;

/**
 * How far a push has got: every node it changes, and whether that node's agent enforces it yet.
 *
 * @param seconds time from the push to the last affected agent's sync (when done), or until now (while not)
 */
public record ConvergenceProgress(List<Node> nodes, int enforced, boolean done, double seconds) {

    public record Node(String name, NodeState state, String error) {
    }

    public ConvergenceProgress {
        nodes = List.copyOf(nodes);
    }

    public int errors() {
        return (int) nodes.stream().filter(n -> n.state() == NodeState.ERROR).count();
    }

    public boolean allEnforced() {
        return done && enforced == nodes.size();
    }

    public String text() {
        if (nodes.isEmpty()) {
            return "changes no node's ruleset (selects no pod)";
        }
        String of = "enforced on " + enforced + " of " + nodes.size() + (nodes.size() == 1 ? " node" : " nodes");
        String time = String.format(java.util.Locale.ROOT, "%.1f s", seconds);
        if (!done) {
            return of + " so far (" + time + ")";
        }
        int errors = errors();
        if (errors > 0) {
            return of + "; " + errors + (errors == 1 ? " node reports" : " nodes report") + " an error";
        }
        List<String> unknown = nodes.stream().filter(n -> n.state() == NodeState.NO_AGENT || n.state() == NodeState.VERSION_SKEW)
                .map(n -> n.name() + " (" + n.state().text() + ")").toList();
        return unknown.isEmpty() ? of + " in " + time : of + " in " + time + "; cannot tell for " + String.join(", ", unknown);
    }
}
