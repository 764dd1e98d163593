package io.netfence.engine.model;

/** One entry of a rule's {@code from}/{@code to} list. */
public sealed interface Peer permits SelectorPeer, IpBlockPeer {

    /** Human-readable summary, e.g. {@code pods app=web in namespaces team=a}. */
    String describe();
}
