package io.netfence.agent.dataplane;

import io.netfence.agent.dataplane.KernelCaseRunner.Cell;
import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.compile.NodeRuleset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of one kernel case: every probed cell and, when some differ, a readable from×to table per address
 * family and port with the engine's explanation and the kernel's outcome of each differing cell.
 */
public record CaseReport(String name, List<Cell> cells, Map<String, NodeRuleset> rulesets, long applyMillis,
                         long probeMillis) {

    public List<Cell> mismatches() {
        return cells.stream().filter(c -> !c.agrees()).toList();
    }

    public boolean agrees() {
        return mismatches().isEmpty();
    }

    public long allowedCells() {
        return cells.stream().filter(c -> c.kernel().delivered()).count();
    }

    /** Empty when the kernel agrees with the engine everywhere. */
    public String describeMismatches() {
        List<Cell> bad = mismatches();
        if (bad.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("case \"").append(name).append("\": ").append(bad.size()).append(" of ").append(cells.size())
                .append(" cells differ between the engine (ReachabilityAnalyzer) and the kernel (real probes)\n")
                .append("legend: '.' both allow, 'x' both deny, 'K' kernel delivers but engine denies,"
                        + " 'E' engine allows but kernel blocks\n");
        Map<String, List<Cell>> byTable = new LinkedHashMap<>();
        for (Cell c : cells) {
            byTable.computeIfAbsent(c.family() + " " + c.port(), k -> new ArrayList<>()).add(c);
        }
        byTable.forEach((title, cs) -> {
            if (cs.stream().allMatch(Cell::agrees)) {
                return;
            }
            sb.append('\n').append(title).append(" (rows: from, columns: to)\n").append(table(cs));
        });
        sb.append("\ndiffering cells:\n");
        for (Cell c : bad) {
            sb.append("  ").append(c.from()).append(" -> ").append(c.to()).append(" ").append(c.port()).append(' ')
                    .append(c.family()).append(": engine ").append(c.engineAllows() ? "ALLOWS" : "DENIES")
                    .append(", kernel ").append(c.kernel().outcome()).append(c.kernel().detail().isEmpty() ? "" : " (" + c.kernel().detail() + ")")
                    .append(" after ").append(c.kernel().millis()).append(" ms\n");
            c.explanation().lines().forEach(l -> sb.append("      ").append(l).append('\n'));
        }
        return sb.toString();
    }

    /** The rendered scripts of every node, for a failure message. */
    public String scripts() {
        StringBuilder sb = new StringBuilder();
        rulesets.forEach((node, r) -> {
            sb.append("----- ").append(node).append(" ipset.restore\n").append(r.ipsetRestore())
                    .append("----- ").append(node).append(" iptables.restore\n").append(r.iptablesRestore());
            if (!r.ip6tablesRestore().isEmpty()) {
                sb.append("----- ").append(node).append(" ip6tables.restore\n").append(r.ip6tablesRestore());
            }
        });
        return sb.toString();
    }

    private static String table(List<Cell> cells) {
        Set<String> rows = new LinkedHashSet<>();
        Set<String> cols = new LinkedHashSet<>();
        Map<String, Cell> byPair = new LinkedHashMap<>();
        for (Cell c : cells) {
            rows.add(c.from());
            cols.add(c.to());
            byPair.put(c.from() + "\0" + c.to(), c);
        }
        int w = Math.max(6, rows.stream().mapToInt(String::length).max().orElse(0)) + 2;
        int cw = Math.max(4, cols.stream().mapToInt(String::length).max().orElse(0)) + 1;
        StringBuilder sb = new StringBuilder();
        sb.append(" ".repeat(w));
        cols.forEach(c -> sb.append(pad(c, cw)));
        sb.append('\n');
        for (String r : rows) {
            sb.append(pad(r, w));
            for (String c : cols) {
                Cell cell = byPair.get(r + "\0" + c);
                sb.append(pad(cell == null ? " " : symbol(cell), cw));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String symbol(Cell c) {
        boolean k = c.kernel().delivered();
        if (c.engineAllows() == k) {
            return k ? "." : "x";
        }
        return k ? "K" : "E";
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
    }

    /** Cells of one family, for summaries. */
    public long cells(IpFamily family) {
        return cells.stream().filter(c -> c.family() == family).count();
    }
}
