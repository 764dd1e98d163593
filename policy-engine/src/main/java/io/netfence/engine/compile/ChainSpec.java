package io.netfence.engine.compile;

import java.util.List;
import java.util.Objects;

/**
 * One netfence chain of the filter table: its name (starts with {@code NETFENCE-}, at most 28 characters)
 * and its rule bodies in order, each written as {@code iptables-save} prints it after {@code -A NAME }.
 */
public record ChainSpec(String name, List<String> rules) {

    public static final int MAX_NAME_LENGTH = 28;

    public ChainSpec {
        Objects.requireNonNull(name, "name");
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("chain name longer than " + MAX_NAME_LENGTH + ": " + name);
        }
        rules = List.copyOf(rules);
    }
}
