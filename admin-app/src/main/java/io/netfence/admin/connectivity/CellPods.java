package io.netfence.admin.connectivity;

import java.util.List;

/**
 * One cell of the grouped matrix opened: its source and destination pods (at most {@link GroupedConnectivity#MAX_CELL_PODS}
 * of each) and, per pod pair, allowed now / with the draft; each pair can be explained.
 */
public record CellPods(String from, String to, String port, String protocol, String error, List<String> sources,
                       List<String> destinations, int moreSources, int moreDestinations, List<List<Pair>> rows) {

    public record Pair(String from, String to, boolean allowed, Boolean allowedWithDraft, boolean noPort) {

        public String css() {
            boolean after = allowedWithDraft == null ? allowed : allowedWithDraft;
            return allowed != after ? (after ? "cell-gained" : "cell-lost") : after ? "cell-allowed" : "cell-denied";
        }

        public String symbol() {
            boolean after = allowedWithDraft == null ? allowed : allowedWithDraft;
            return noPort ? "–" : allowed != after ? (after ? "+" : "−") : after ? "✓" : "✗";
        }
    }
}
