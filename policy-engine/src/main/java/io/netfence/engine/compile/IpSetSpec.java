package io.netfence.engine.compile;

import java.util.List;
import java.util.Objects;

/**
 * One ipset: name ({@code nf...}/{@code nf6...}, at most 31 characters), ipset type ({@code hash:ip},
 * {@code hash:net}, {@code hash:ip,port}), family and its entries, sorted, in {@code ipset add} syntax
 * ({@code 10.244.1.5}, {@code 10.0.0.0/8}, {@code 10.1.0.0/16 nomatch}, {@code 10.244.1.5,tcp:8080}).
 */
public record IpSetSpec(String name, String type, IpFamily family, List<String> entries) {

    public static final int MAX_NAME_LENGTH = 31;

    public IpSetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(family, "family");
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("ipset name longer than " + MAX_NAME_LENGTH + ": " + name);
        }
        entries = List.copyOf(entries);
    }

    /** The set without its entries: what the chains depend on. */
    public String declaration() {
        return name + " " + type + " family " + family.ipsetFamily();
    }
}
