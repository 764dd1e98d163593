package io.netfence.engine.model;

/** A container port of a pod; {@code name} may be null. */
public record ContainerPortInfo(String name, int port, Protocol protocol) {
}
