package io.netfence.engine.compile;

import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles the NetworkPolicies of a cluster snapshot into the ipsets and filter-table chains one node needs.
 * See docs/dataplane.md for the contract (names, hooks, marks, order). Stateless and thread-safe.
 */
public final class NodeRulesetCompiler {

    public static final String FORWARD_CHAIN = "NETFENCE-FORWARD";
    public static final String OUTPUT_CHAIN = "NETFENCE-OUTPUT";
    public static final String INPUT_CHAIN = "NETFENCE-INPUT";
    public static final String REJECT_CHAIN = "NETFENCE-REJECT";

    private final CompilerOptions options;

    public NodeRulesetCompiler() {
        this(CompilerOptions.DEFAULTS);
    }

    public NodeRulesetCompiler(CompilerOptions options) {
        this.options = options;
    }

    public CompilerOptions options() {
        return options;
    }

    public NodeRuleset compile(ClusterSnapshot snapshot, String nodeName) {
        Map<IpFamily, List<ChainSpec>> chains = new EnumMap<>(IpFamily.class);
        Map<IpFamily, List<HookSpec>> hooks = new EnumMap<>(IpFamily.class);
        for (IpFamily family : IpFamily.values()) {
            if (family == IpFamily.IPV6) {
                continue;
            }
            List<ChainSpec> cs = new ArrayList<>();
            cs.add(new ChainSpec(FORWARD_CHAIN, List.of("-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN")));
            cs.add(new ChainSpec(INPUT_CHAIN, List.of("-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN")));
            cs.add(new ChainSpec(OUTPUT_CHAIN, List.of("-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN")));
            cs.add(new ChainSpec(REJECT_CHAIN, List.of("-p tcp -j REJECT --reject-with tcp-reset",
                    "-j REJECT --reject-with " + family.rejectWith())));
            chains.put(family, cs);
            hooks.put(family, List.of(hook("FORWARD", FORWARD_CHAIN), hook("INPUT", INPUT_CHAIN), hook("OUTPUT", OUTPUT_CHAIN)));
        }
        int local = (int) snapshot.podsOnNode(nodeName).stream().filter(p -> p.selectable()).count();
        return new NodeRuleset(nodeName, List.of(), chains, hooks, local, 0);
    }

    private static HookSpec hook(String builtin, String target) {
        String comment = "netfence";
        return new HookSpec(builtin, "-m comment --comment " + comment + " -j " + target,
                List.of("-m", "comment", "--comment", comment, "-j", target));
    }
}
