package io.netfence.agent.apply;

/** A jump from a built-in chain ({@code FORWARD}, {@code OUTPUT}, {@code INPUT}) into netfence; hooks go first. */
public record DesiredHook(String builtinChain, String body) {
}
