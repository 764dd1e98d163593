package io.netfence.engine.compile;

/**
 * Size of one node's ruleset, summed over both families.
 *
 * @param localPods    pods on the node that policies can select (have an IP, not host network, not finished)
 * @param isolatedPods local pods selected by at least one policy, for ingress or egress
 * @param chains       netfence chains (top-level ones included)
 * @param rules        rules in netfence chains (the hook jumps in built-in chains not included)
 * @param sets         ipsets
 * @param setEntries   entries in all ipsets
 */
public record RulesetStats(int localPods, int isolatedPods, int chains, int rules, int sets, int setEntries) {
}
