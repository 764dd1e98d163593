package io.netfence.engine.compile;

import java.util.List;

/**
 * A jump from a built-in filter chain ({@code FORWARD}, {@code OUTPUT}, {@code INPUT}) into netfence's
 * top-level chain; it must be the first rule of the built-in chain.
 *
 * @param builtinChain the built-in chain, e.g. {@code FORWARD}
 * @param rule         the rule body as {@code iptables-save} prints it after {@code -A FORWARD }
 * @param args         the same rule as separate arguments, for {@code iptables -C/-I FORWARD ...}
 */
public record HookSpec(String builtinChain, String rule, List<String> args) {

    public HookSpec {
        args = List.copyOf(args);
    }

    /** The {@code iptables-restore} line that inserts this jump first: {@code -I FORWARD 1 ...}. */
    public String insertLine() {
        return "-I " + builtinChain + " 1 " + rule;
    }
}
