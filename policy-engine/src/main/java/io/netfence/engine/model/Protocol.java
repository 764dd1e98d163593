package io.netfence.engine.model;

import java.util.Locale;
import java.util.Optional;

/** The transport protocols a NetworkPolicy port may name. */
public enum Protocol {
    TCP, UDP, SCTP;

    /** Parses the API spelling (upper case); {@code null} means the API default, TCP. */
    public static Optional<Protocol> parse(String value) {
        if (value == null) {
            return Optional.of(TCP);
        }
        for (Protocol p : values()) {
            if (p.name().equals(value)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The lower-case name iptables and ipset use ({@code -p tcp}, {@code tcp:80}). */
    public String kernelName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
