package io.netfence.admin.connectivity;

import java.util.List;

/**
 * The connectivity matrix as the page and {@code /api/v1/connectivity} show it: rows are sources, columns
 * destinations, each cell current vs. with the draft.
 *
 * @param draftPolicy  the draft compared against ({@code namespace/name}), null without a valid draft
 * @param draftErrors  why the draft cannot be compared (invalid), empty otherwise
 * @param error        a problem with the request itself (bad port, bad selector), null when fine
 * @param truncated    more pods matched than the matrix shows ({@link ConnectivityService#MAX_ENDPOINTS})
 */
public record MatrixView(List<String> namespaces, List<String> chosenNamespaces, String selector, int port, String protocol,
                         String error, String draftPolicy, List<String> draftErrors, List<String> endpoints,
                         List<List<Cell>> rows, int gained, int lost, int allowed, int total, boolean truncated, long computeMillis) {

    public enum State { ALLOWED, DENIED, GAINED, LOST }

    public record Cell(String from, String to, State state) {
        public String css() {
            return "cell-" + state.name().toLowerCase();
        }

        public String symbol() {
            return switch (state) {
                case ALLOWED -> "✓";
                case DENIED -> "✗";
                case GAINED -> "+";
                case LOST -> "−";
            };
        }
    }
}
