package io.netfence.engine.truthtable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A reachability matrix over named endpoints in the upstream e2e notation: one row per source ({@code from}), one
 * column per destination ({@code to}), {@code .} = connected, {@code X} = blocked. Parsed from and rendered to
 * a text table such as
 * <pre>
 *     x/a x/b
 * x/a .   X
 * x/b .   .
 * </pre>
 */
public final class PodMatrix {

    private final List<String> rows;
    private final List<String> columns;
    private final boolean[][] allowed;

    private PodMatrix(List<String> rows, List<String> columns, boolean[][] allowed) {
        this.rows = List.copyOf(rows);
        this.columns = List.copyOf(columns);
        this.allowed = allowed;
    }

    public static PodMatrix of(List<String> rows, List<String> columns, BiPredicate<String, String> allowed) {
        boolean[][] cells = new boolean[rows.size()][columns.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < columns.size(); j++) {
                cells[i][j] = allowed.test(rows.get(i), columns.get(j));
            }
        }
        return new PodMatrix(rows, columns, cells);
    }

    /** Parses a table: a header of column names, then one line per row: its name and one {@code .}/{@code X} per column. */
    public static PodMatrix parse(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("empty matrix text");
        }
        List<String> columns = Arrays.asList(lines.get(0).split("\\s+"));
        List<String> rows = new ArrayList<>();
        boolean[][] cells = new boolean[lines.size() - 1][columns.size()];
        for (int i = 1; i < lines.size(); i++) {
            String[] t = lines.get(i).split("\\s+");
            if (t.length != columns.size() + 1) {
                throw new IllegalArgumentException("matrix line " + (i + 1) + " \"" + lines.get(i) + "\": expected a row name and "
                        + columns.size() + " cells");
            }
            rows.add(t[0]);
            for (int j = 0; j < columns.size(); j++) {
                cells[i - 1][j] = switch (t[j + 1]) {
                    case "." -> true;
                    case "X" -> false;
                    default -> throw new IllegalArgumentException("matrix line " + (i + 1) + ": cell \"" + t[j + 1]
                            + "\" must be . (connected) or X (blocked)");
                };
            }
        }
        return new PodMatrix(rows, columns, cells);
    }

    public List<String> rows() {
        return rows;
    }

    public List<String> columns() {
        return columns;
    }

    public boolean allowed(String from, String to) {
        int i = rows.indexOf(from);
        int j = columns.indexOf(to);
        if (i < 0 || j < 0) {
            throw new IllegalArgumentException("no cell " + from + " → " + to);
        }
        return allowed[i][j];
    }

    /** The table text ({@code .}/{@code X}), parseable by {@link #parse(String)}. */
    public String render() {
        return render((i, j) -> allowed[i][j] ? "." : "X");
    }

    /** The cells that differ from {@code actual}, as {@code from → to: expected X, got .} lines; empty if equal. */
    public List<String> mismatches(PodMatrix actual) {
        requireSameShape(actual);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < columns.size(); j++) {
                if (allowed[i][j] != actual.allowed[i][j]) {
                    out.add(rows.get(i) + " → " + columns.get(j) + ": expected " + (allowed[i][j] ? "." : "X")
                            + ", got " + (actual.allowed[i][j] ? "." : "X"));
                }
            }
        }
        return out;
    }

    /**
     * Expected, actual and a diff table where equal cells read {@code .}/{@code X} as usual, and a cell that should
     * be blocked but is connected reads {@code +}, one that should be connected but is blocked reads {@code -}.
     */
    public String diff(PodMatrix actual) {
        requireSameShape(actual);
        String d = render((i, j) -> allowed[i][j] == actual.allowed[i][j] ? (allowed[i][j] ? "." : "X")
                : actual.allowed[i][j] ? "+" : "-");
        return "expected:\n" + render() + "actual:\n" + actual.render()
                + "diff (+ connected but expected blocked, - blocked but expected connected):\n" + d;
    }

    private void requireSameShape(PodMatrix other) {
        if (!rows.equals(other.rows) || !columns.equals(other.columns)) {
            throw new IllegalArgumentException("matrices differ in shape: " + rows + "×" + columns + " vs " + other.rows + "×" + other.columns);
        }
    }

    private interface Cell {
        String text(int i, int j);
    }

    private String render(Cell cell) {
        int first = rows.stream().mapToInt(String::length).max().orElse(0);
        StringBuilder sb = new StringBuilder(" ".repeat(first));
        for (String c : columns) {
            sb.append(' ').append(c);
        }
        sb.append('\n');
        for (int i = 0; i < rows.size(); i++) {
            sb.append(rows.get(i)).append(" ".repeat(first - rows.get(i).length()));
            for (int j = 0; j < columns.size(); j++) {
                String t = cell.text(i, j);
                sb.append(' ').append(t).append(" ".repeat(Math.max(0, columns.get(j).length() - t.length())));
            }
            sb.append('\n');
        }
        return sb.toString().lines().map(String::stripTrailing).reduce("", (a, b) -> a + b + "\n");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PodMatrix m && rows.equals(m.rows) && columns.equals(m.columns) && Arrays.deepEquals(allowed, m.allowed);
    }

    @Override
    public int hashCode() {
        return rows.hashCode() * 31 + Arrays.deepHashCode(allowed);
    }

    @Override
    public String toString() {
        return render();
    }
}
