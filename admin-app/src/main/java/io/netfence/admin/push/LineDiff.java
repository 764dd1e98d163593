package io.netfence.admin.push;

import java.util.ArrayList;
import java.util.List;

/** A line diff (longest common subsequence) of two short texts, e.g. two versions of a policy's YAML. */
public final class LineDiff {

    public enum Kind { SAME, ADDED, REMOVED }

    public record Line(Kind kind, String text) {
        public String prefix() {
            return switch (kind) {
                case SAME -> "  ";
                case ADDED -> "+ ";
                case REMOVED -> "- ";
            };
        }
    }

    private LineDiff() {
    }

    /** Lines of {@code from} not in {@code to} are REMOVED, lines of {@code to} not in {@code from} ADDED. */
    public static List<Line> between(String from, String to) {
        String[] a = from.stripTrailing().split("\n");
        String[] b = to.stripTrailing().split("\n");
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Line> out = new ArrayList<>();
        int i = 0, j = 0;
        while (i < a.length && j < b.length) {
            if (a[i].equals(b[j])) {
                out.add(new Line(Kind.SAME, a[i++]));
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add(new Line(Kind.REMOVED, a[i++]));
            } else {
                out.add(new Line(Kind.ADDED, b[j++]));
            }
        }
        while (i < a.length) {
            out.add(new Line(Kind.REMOVED, a[i++]));
        }
        while (j < b.length) {
            out.add(new Line(Kind.ADDED, b[j++]));
        }
        return out;
    }

    public static boolean changed(List<Line> diff) {
        return diff.stream().anyMatch(l -> l.kind() != Kind.SAME);
    }
}
