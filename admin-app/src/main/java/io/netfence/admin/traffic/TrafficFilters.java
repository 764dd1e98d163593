package io.netfence.admin.traffic;

import io.netfence.admin.paging.BadParameterException;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Traffic page's and {@code /api/v1/flows}' filters. A flow matches when either end is in {@code namespace}, either
 * end is pod {@code pod} ({@code name} or {@code namespace/name}), its port is {@code port}, its verdict is
 * {@code verdict}, and it was last seen within {@code window} of the read.
 *
 * @param window null = any time
 * @param groupBy {@code workload} or {@code namespace}
 */
public record TrafficFilters(String namespace, String pod, Integer port, String verdict, Duration window, String windowText,
                             String groupBy) {

    public static final String DEFAULT_WINDOW = "1h";
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,4})([mhd])");

    public static TrafficFilters of(String namespace, String pod, String port, String verdict, String window, String groupBy) {
        Integer p = null;
        if (port != null && !port.isBlank()) {
            try {
                p = Integer.parseInt(port.strip());
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new BadParameterException("port", "port \"" + port + "\" is not a port number from 1 to 65535 (leave it out for all ports)");
            }
        }
        String v = blank(verdict);
        if (v != null) {
            v = v.toLowerCase(Locale.ROOT);
            if (!v.equals(ObservedFlow.ALLOWED) && !v.equals(ObservedFlow.DENIED)) {
                throw new BadParameterException("verdict", "verdict \"" + verdict + "\" must be allowed or denied (leave it out for both)");
            }
        }
        String w = blank(window) == null ? DEFAULT_WINDOW : window.strip();
        Duration d = null;
        if (!w.equals("all")) {
            Matcher m = WINDOW.matcher(w);
            if (!m.matches() || Integer.parseInt(m.group(1)) == 0) {
                throw new BadParameterException("window", "window \"" + window + "\" must be a number of minutes, hours or days "
                        + "(15m, 1h, 7d) or all");
            }
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        String g = blank(groupBy) == null ? "workload" : groupBy.strip();
        if (!g.equals("workload") && !g.equals("namespace")) {
            throw new BadParameterException("groupBy", "groupBy \"" + groupBy + "\" must be workload or namespace");
        }
        return new TrafficFilters(blank(namespace), blank(pod), p, v, d, w, g);
    }

    public boolean matches(ObservedFlow f, Instant now) {
        if (namespace != null && !namespace.equals(f.source().namespace()) && !namespace.equals(f.destination().namespace())) {
            return false;
        }
        if (pod != null && !isPod(f.source()) && !isPod(f.destination())) {
            return false;
        }
        if (port != null && port != f.port()) {
            return false;
        }
        if (verdict != null && !verdict.equals(f.verdict())) {
            return false;
        }
        return window == null || !f.lastSeen().isBefore(now.minus(window));
    }

    public boolean byNamespace() {
        return groupBy.equals("namespace");
    }

    private boolean isPod(FlowEndpoint e) {
        return e.isPod() && (pod.equals(e.pod()) || pod.equals(e.namespace() + "/" + e.pod())) || pod.equals(e.ip());
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
