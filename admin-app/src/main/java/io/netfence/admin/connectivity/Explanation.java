package io.netfence.admin.connectivity;

import java.util.List;

/** Why one connection is allowed or denied, now and with the draft (null without a valid draft). */
public record Explanation(String from, String to, int port, String protocol, Verdict current, Verdict withDraft, String error) {

    /** {@code lines}: the headline, then the source's egress side and the destination's ingress side. */
    public record Verdict(boolean allowed, List<String> lines) {
    }
}
