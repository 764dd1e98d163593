package io.netfence.admin.traffic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rows as a picture: groups on a circle, one edge per (from, to) pair over all ports, coloured by verdict. Laid
 * out here so the page is plain SVG (no script); at most {@link #MAX_NODES} groups, the busiest first.
 */
public record TrafficGraph(int width, int height, List<Node> nodes, List<Edge> edges, int omittedNodes) {

    public static final int MAX_NODES = 40;
    /** Wide enough for a label of ~40 characters left and right of the circle. */
    static final int WIDTH = 1040;
    static final int HEIGHT = 600;
    static final int RADIUS = 260;

    public record Node(String id, String label, double x, double y, double labelX, String anchor) {
    }

    /** @param verdict {@code allowed}, {@code denied} or {@code mixed} (the CSS class of the line) */
    public record Edge(String from, String to, double x1, double y1, double x2, double y2, String verdict, long allowed, long denied) {
        public String title() {
            return from + " → " + to + ": " + allowed + " allowed, " + denied + " denied";
        }
    }

    public static TrafficGraph of(List<TrafficRow> rows) {
        Map<String, Long> weight = new LinkedHashMap<>();
        Map<String, long[]> pairs = new LinkedHashMap<>();
        for (TrafficRow r : rows) {
            weight.merge(r.from(), r.allowed() + r.denied(), Long::sum);
            weight.merge(r.to(), r.allowed() + r.denied(), Long::sum);
            long[] c = pairs.computeIfAbsent(r.from() + "\u0000" + r.to(), k -> new long[2]);
            c[0] += r.allowed();
            c[1] += r.denied();
        }
        List<String> busiest = weight.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(MAX_NODES).map(Map.Entry::getKey).toList();
        List<String> shown = new ArrayList<>(new TreeSet<>(busiest));
        Map<String, Node> nodes = new LinkedHashMap<>();
        double cx = WIDTH / 2.0;
        double cy = HEIGHT / 2.0;
        double radius = RADIUS;
        for (int i = 0; i < shown.size(); i++) {
            double a = 2 * Math.PI * i / shown.size() - Math.PI / 2;
            double x = round(cx + radius * Math.cos(a));
            double y = round(cy + radius * Math.sin(a));
            boolean right = Math.cos(a) >= 0;
            nodes.put(shown.get(i), new Node("g" + i, shown.get(i), x, y, right ? x + 9 : x - 9, right ? "start" : "end"));
        }
        List<Edge> edges = new ArrayList<>();
        for (var p : pairs.entrySet()) {
            String[] ft = p.getKey().split("\u0000", 2);
            Node a = nodes.get(ft[0]);
            Node b = nodes.get(ft[1]);
            if (a == null || b == null) {
                continue;
            }
            long allowed = p.getValue()[0];
            long denied = p.getValue()[1];
            String verdict = denied == 0 ? ObservedFlow.ALLOWED : allowed == 0 ? ObservedFlow.DENIED : "mixed";
            // stop short of the target's dot so the arrowhead shows
            double dx = b.x() - a.x();
            double dy = b.y() - a.y();
            double len = Math.max(1, Math.hypot(dx, dy));
            edges.add(new Edge(ft[0], ft[1], a.x(), a.y(), round(b.x() - dx / len * 8), round(b.y() - dy / len * 8), verdict, allowed, denied));
        }
        return new TrafficGraph(WIDTH, HEIGHT, List.copyOf(nodes.values()), edges, weight.size() - shown.size());
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
