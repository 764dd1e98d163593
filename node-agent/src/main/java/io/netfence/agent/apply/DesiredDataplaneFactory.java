package io.netfence.agent.apply;

import io.netfence.engine.compile.ChainSpec;
import io.netfence.engine.compile.HookSpec;
import io.netfence.engine.compile.IpFamily;
import io.netfence.engine.compile.IpSetSpec;
import io.netfence.engine.compile.NodeRuleset;
import io.netfence.engine.compile.NodeRulesetCompiler;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns the compiler's {@link NodeRuleset} into what the applier programs, adding the agent's optional guard
 * ({@code netfence.agent.default-deny-until-programmed}): NEW connections to or from an IP of this node's pod
 * CIDRs that is not yet in the programmed-pods set are rejected. The guard is the agent's, not the compiler's, so
 * the reported ruleset hash (which the console recomputes) stays the compiler's.
 */
public final class DesiredDataplaneFactory {

    public static final String GUARD_DST_CHAIN = "NETFENCE-GUARD-DST";
    public static final String GUARD_SRC_CHAIN = "NETFENCE-GUARD-SRC";

    private final boolean guard;
    /**
     * The family built last, per family: reused while its chains hash is the same, so an ipset-only sync neither copies
     * every chain again nor makes the planner compare them one by one. Not thread-safe: the sync thread builds.
     */
    private final Map<IpFamily, DesiredFamily> lastFamily = new EnumMap<>(IpFamily.class);

    public DesiredDataplaneFactory(boolean defaultDenyUntilProgrammed) {
        this.guard = defaultDenyUntilProgrammed;
    }

    /** The guard's set of programmed local pod IPs for a family. */
    public static String programmedSet(IpFamily f) {
        return f.setPrefix() + "-programmed";
    }

    public DesiredDataplane build(NodeRuleset ruleset, ClusterSnapshot snapshot) {
        List<DesiredSet> sets = new ArrayList<>();
        for (IpSetSpec s : ruleset.ipsets()) {
            sets.add(new DesiredSet(s.name(), s.type(), s.family().ipsetFamily(), s.entries()));
        }
        Map<IpFamily, DesiredFamily> families = new EnumMap<>(IpFamily.class);
        List<String> cidrs = snapshot.node(ruleset.nodeName()).map(NodeInfo::podCidrs).orElse(List.of());
        for (IpFamily f : IpFamily.values()) {
            List<ChainSpec> chains = ruleset.chains(f);
            List<String> familyCidrs = cidrs.stream().filter(c -> IpFamily.of(c) == f).toList();
            if (guard && !chains.isEmpty() && !familyCidrs.isEmpty()) {
                families.put(f, guarded(ruleset, f, familyCidrs, lastFamily.get(f)));
                TreeSet<String> ips = new TreeSet<>();
                for (PodInfo p : snapshot.podsOnNode(ruleset.nodeName())) {
                    if (p.selectable()) {
                        p.ips().stream().filter(ip -> IpFamily.of(ip) == f).forEach(ips::add);
                    }
                }
                sets.add(new DesiredSet(programmedSet(f), "hash:ip", f.ipsetFamily(), List.copyOf(ips)));
            } else {
                DesiredFamily previous = lastFamily.get(f);
                families.put(f, previous != null && previous.chainsHash().equals(ruleset.chainsHash(f)) ? previous
                        : new DesiredFamily(chains.stream().map(c -> new DesiredChain(c.name(), c.rules())).toList(),
                        hooks(ruleset.hooks(f)), ruleset.chainsHash(f)));
            }
            lastFamily.put(f, families.get(f));
        }
        sets.sort(java.util.Comparator.comparing(DesiredSet::name));
        return new DesiredDataplane(ruleset.hash(), sets, families);
    }

    private static List<DesiredHook> hooks(List<HookSpec> hooks) {
        return hooks.stream().map(h -> new DesiredHook(h.builtinChain(), h.rule())).toList();
    }

    /**
     * The guard chains jump first from netfence's top-level chains: FORWARD checks both ends, OUTPUT (node → pod)
     * the destination, INPUT (pod → node) the source. Only NEW connections are judged, so established traffic
     * of programmed pods is never affected.
     */
    private static DesiredFamily guarded(NodeRuleset ruleset, IpFamily f, List<String> cidrs, DesiredFamily previous) {
        String set = programmedSet(f);
        List<String> dst = new ArrayList<>();
        List<String> src = new ArrayList<>();
        for (String cidr : cidrs) {
            dst.add("-d " + cidr + " -m conntrack --ctstate NEW -m set ! --match-set " + set
                    + " dst -m comment --comment \"netfence: pod not programmed yet\" -j REJECT --reject-with " + f.rejectWith());
            src.add("-s " + cidr + " -m conntrack --ctstate NEW -m set ! --match-set " + set
                    + " src -m comment --comment \"netfence: pod not programmed yet\" -j REJECT --reject-with " + f.rejectWith());
        }
        String hash = sha256(ruleset.chainsHash(f) + "\0guard\0" + String.join("\n", dst) + "\n" + String.join("\n", src));
        if (previous != null && previous.chainsHash().equals(hash)) {
            return previous;
        }
        List<DesiredChain> chains = new ArrayList<>();
        for (ChainSpec c : ruleset.chains(f)) {
            List<String> rules = new ArrayList<>();
            if (c.name().equals(NodeRulesetCompiler.FORWARD_CHAIN)) {
                rules.add("-j " + GUARD_DST_CHAIN);
                rules.add("-j " + GUARD_SRC_CHAIN);
            } else if (c.name().equals(NodeRulesetCompiler.OUTPUT_CHAIN)) {
                rules.add("-j " + GUARD_DST_CHAIN);
            } else if (c.name().equals(NodeRulesetCompiler.INPUT_CHAIN)) {
                rules.add("-j " + GUARD_SRC_CHAIN);
            }
            rules.addAll(c.rules());
            chains.add(new DesiredChain(c.name(), rules));
        }
        chains.add(new DesiredChain(GUARD_DST_CHAIN, dst));
        chains.add(new DesiredChain(GUARD_SRC_CHAIN, src));
        return new DesiredFamily(chains, hooks(ruleset.hooks(f)), hash);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
