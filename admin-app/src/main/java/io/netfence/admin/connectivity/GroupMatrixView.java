package io.netfence.admin.connectivity;

import java.util.List;

/**
 * The connectivity matrix by workload or namespace: rows are source groups, columns destination groups, a cell counts
 * the pod pairs between them that are allowed now and with the draft.
 *
 * @param groupBy        {@code workload} or {@code namespace}
 * @param groups         the groups shown (rows and columns), at most {@link GroupedConnectivity#MAX_GROUPS}
 * @param moreGroups     how many matching groups are not shown (narrow the filters to see them)
 * @param pods           pods in the matrix (all matching pods, not only those of the groups shown)
 * @param morePods       matching pods left out beyond {@link GroupedConnectivity#MAX_PODS}
 */
public record GroupMatrixView(String groupBy, List<String> namespaces, List<String> chosenNamespaces, String selector, String port,
                              String protocol, String error, String draftPolicy, List<String> draftErrors, List<Group> groups,
                              int moreGroups, List<List<Cell>> rows, int pods, int morePods, long pairs, long allowed, long gained,
                              long lost, long noPort, long computeMillis) {

    /** A row/column: its key (what a drill-down names), label and pod count. */
    public record Group(String key, String label, int pods) {
    }

    public enum State { ALLOWED, DENIED, MIXED }

    /**
     * @param pairs   pod pairs (source pod, destination pod)
     * @param allowed pairs allowed with the draft (now, without one)
     * @param gained  pairs denied now and allowed with the draft
     * @param lost    pairs allowed now and denied with the draft
     * @param noPort  pairs whose destination has no container port of the named port (never allowed)
     */
    public record Cell(String from, String to, long pairs, long allowed, long gained, long lost, long noPort) {

        public State state() {
            return allowed == 0 ? State.DENIED : allowed == pairs ? State.ALLOWED : State.MIXED;
        }

        public String css() {
            return lost > 0 ? "cell-lost" : gained > 0 ? "cell-gained" : "cell-" + state().name().toLowerCase();
        }

        public String symbol() {
            String base = switch (state()) {
                case ALLOWED -> "✓";
                case DENIED -> "✗";
                case MIXED -> allowed + "/" + pairs;
            };
            return (gained > 0 ? "+" : "") + (lost > 0 ? "−" : "") + base;
        }

        public String title() {
            return allowed + " of " + pairs + " pod pairs allowed"
                    + (gained > 0 ? ", " + gained + " gained with the draft" : "") + (lost > 0 ? ", " + lost + " lost with the draft" : "")
                    + (noPort > 0 ? ", " + noPort + " to pods without that port" : "");
        }
    }
}
