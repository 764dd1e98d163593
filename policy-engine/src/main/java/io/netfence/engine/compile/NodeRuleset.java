package io.netfence.engine.compile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one node needs to enforce the cluster's NetworkPolicies: its ipsets, its chains and hooks per
 * address family, rendered as {@code ipset restore} and {@code iptables-restore --noflush} scripts. Immutable;
 * the same snapshot always yields byte-identical scripts and the same {@link #hash()}.
 */
public final class NodeRuleset {

    private final String nodeName;
    private final List<IpSetSpec> ipsets;
    private final Map<IpFamily, List<ChainSpec>> chains;
    private final Map<IpFamily, List<HookSpec>> hooks;
    private final int localPods;
    private final int isolatedPods;
    private final String hash;
    private final Map<IpFamily, String> chainsHash;
    private final Map<String, String> origins;
    /** Lengths of the three scripts (rendered once here for the hashes), for callers that only need the size. */
    private final int ipsetChars;
    private final int iptablesChars;
    private final int ip6tablesChars;

    NodeRuleset(String nodeName, List<IpSetSpec> ipsets, Map<IpFamily, List<ChainSpec>> chains,
                Map<IpFamily, List<HookSpec>> hooks, int localPods, int isolatedPods, Map<String, String> origins) {
        this.nodeName = Objects.requireNonNull(nodeName);
        this.origins = Map.copyOf(origins);
        this.ipsets = List.copyOf(ipsets);
        this.chains = Map.of(IpFamily.IPV4, List.copyOf(chains.getOrDefault(IpFamily.IPV4, List.of())),
                IpFamily.IPV6, List.copyOf(chains.getOrDefault(IpFamily.IPV6, List.of())));
        this.hooks = Map.of(IpFamily.IPV4, List.copyOf(hooks.getOrDefault(IpFamily.IPV4, List.of())),
                IpFamily.IPV6, List.copyOf(hooks.getOrDefault(IpFamily.IPV6, List.of())));
        this.localPods = localPods;
        this.isolatedPods = isolatedPods;
        // the scripts are rendered here for the hashes and then dropped: at 10,000 pods they are most of a ruleset's memory
        // (~0.7 MB per node, and the console keeps every node's ruleset); the accessors render them again (~1 ms)
        String ipsetRestore = IpsetRestoreRenderer.render(this.ipsets);
        String iptablesRestore = IptablesRestoreRenderer.render(this.chains.get(IpFamily.IPV4), this.hooks.get(IpFamily.IPV4));
        String ip6tablesRestore = IptablesRestoreRenderer.render(this.chains.get(IpFamily.IPV6), this.hooks.get(IpFamily.IPV6));
        this.ipsetChars = ipsetRestore.length();
        this.iptablesChars = iptablesRestore.length();
        this.ip6tablesChars = ip6tablesRestore.length();
        this.hash = sha256(ipsetRestore, "\0", iptablesRestore, "\0", ip6tablesRestore);
        this.chainsHash = Map.of(IpFamily.IPV4, computeChainsHash(IpFamily.IPV4, iptablesRestore),
                IpFamily.IPV6, computeChainsHash(IpFamily.IPV6, ip6tablesRestore));
    }

    public String nodeName() {
        return nodeName;
    }

    /** All sets: the IPv4 ones, then the IPv6 ones, each sorted by name. */
    public List<IpSetSpec> ipsets() {
        return ipsets;
    }

    public List<IpSetSpec> ipsets(IpFamily family) {
        return ipsets.stream().filter(s -> s.family() == family).toList();
    }

    /** netfence's own chains of this family, top-level chains first; empty when the family is not in use. */
    public List<ChainSpec> chains(IpFamily family) {
        return chains.get(family);
    }

    /** The jumps from the built-in chains into netfence's top-level chains; empty when the family is not in use. */
    public List<HookSpec> hooks(IpFamily family) {
        return hooks.get(family);
    }

    /** Whether this family has any rules (IPv6 only in clusters with IPv6 pod addresses). */
    public boolean uses(IpFamily family) {
        return !chains.get(family).isEmpty();
    }

    /** The {@code ipset restore} script: every set of both families, each replaced atomically (rendered on each call). */
    public String ipsetRestore() {
        return IpsetRestoreRenderer.render(ipsets);
    }

    /** The complete {@code iptables-restore --noflush} script for a clean node, hooks included (rendered on each call). */
    public String iptablesRestore() {
        return restore(IpFamily.IPV4);
    }

    /** As {@link #iptablesRestore()} for ip6tables; the empty string when the cluster has no IPv6 pod address. */
    public String ip6tablesRestore() {
        return restore(IpFamily.IPV6);
    }

    public String restore(IpFamily family) {
        return IptablesRestoreRenderer.render(chains.get(family), hooks.get(family));
    }

    /**
     * The script without the hook lines, for an agent that keeps the hooks itself ({@code -C}, then {@code -I}):
     * applying it any number of times leaves the same chains.
     */
    public String chainsRestore(IpFamily family) {
        return IptablesRestoreRenderer.render(chains.get(family), List.of());
    }

    /**
     * The length of {@link #ipsetRestore()} + {@link #iptablesRestore()} + {@link #ip6tablesRestore()} in characters,
     * without rendering them (at 10,000 pods they are over a megabyte per node: a caller deciding whether to inline them
     * asks this first).
     */
    public long scriptChars() {
        return (long) ipsetChars + iptablesChars + ip6tablesChars;
    }

    /** The length of {@link #ip6tablesRestore()} (0: the empty string), without rendering it. */
    public int ip6tablesChars() {
        return ip6tablesChars;
    }

    /** sha256 (hex) of all three scripts. */
    public String hash() {
        return hash;
    }

    /**
     * sha256 (hex) of this family's chains, hooks and set declarations, without set entries. Equal between two
     * rulesets means only set members changed: swapping the sets is a complete update.
     */
    public String chainsHash(IpFamily family) {
        return chainsHash.get(family);
    }

    /**
     * What a chain or set of this ruleset is for, in words ({@code ingress of pod shop/web-1},
     * {@code peer set: pods app=frontend in the policy's namespace (policy namespace shop)}); names are hashes, this
     * is how a preview explains them. Not part of the scripts or the hashes.
     */
    public Optional<String> origin(String chainOrSetName) {
        return Optional.ofNullable(origins.get(chainOrSetName));
    }

    /** Every origin text by chain or set name (tests compare them whole). */
    Map<String, String> origins() {
        return origins;
    }

    public RulesetStats stats() {
        int chainCount = chains.get(IpFamily.IPV4).size() + chains.get(IpFamily.IPV6).size();
        int rules = 0;
        for (List<ChainSpec> cs : chains.values()) {
            for (ChainSpec c : cs) {
                rules += c.rules().size();
            }
        }
        int entries = ipsets.stream().mapToInt(s -> s.entries().size()).sum();
        return new RulesetStats(localPods, isolatedPods, chainCount, rules, ipsets.size(), entries);
    }

    private String computeChainsHash(IpFamily family, String restore) {
        StringBuilder sets = new StringBuilder();
        for (IpSetSpec s : ipsets(family)) {
            sets.append(s.declaration()).append('\n');
        }
        return sha256(restore, sets.toString());
    }

    /** sha256 of the concatenation of {@code parts}, without building the concatenation. */
    static String sha256(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeRuleset r && r.nodeName.equals(nodeName) && r.hash.equals(hash);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "NodeRuleset[" + nodeName + " " + stats() + " " + hash + "]";
    }
}
