package io.netfence.admin.connectivity;

import java.util.List;

/**
 * Why one connection is allowed or denied, now and with the draft (null without a valid draft). {@code fromWorkload} and
 * {@code toWorkload} name the pods' workloads (e.g. "Deployment shop/web"), null when a pod is unknown.
 */
public record Explanation(String from, String to, int port, String protocol, Verdict current, Verdict withDraft, String error,
                          String fromWorkload, String toWorkload) {

    public Explanation(String from, String to, int port, String protocol, Verdict current, Verdict withDraft, String error) {
        this(from, to, port, protocol, current, withDraft, error, null, null);
    }

    /** {@code lines}: the headline, then the source's egress side and the destination's ingress side. */
    public record Verdict(boolean allowed, List<String> lines) {
    }
}
