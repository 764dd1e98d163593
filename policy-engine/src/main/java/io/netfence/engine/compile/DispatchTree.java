package io.netfence.engine.compile;

import com.google.common.net.InetAddresses;
import io.netfence.engine.model.Direction;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-pod dispatch of one direction in one family ({@code -s IP -j NETFENCE-EG-…} or {@code -d IP -j NETFENCE-IN-…}
 * for every local pod) as a prefix tree of chains, so a new packet walks a few rules per level instead of one per
 * pod (iptables evaluates rules one by one). Up to {@code maxLeaf} jumps stay flat in the top-level chain, in pod
 * order. More are split by the 4-bit group of address bits that follows their longest common prefix: each group
 * of one jump stays inline, each larger group becomes a jump {@code -s <prefix> -j NETFENCE-DE-<h(prefix)>} into a
 * chain that holds the group, split again the same way while it has more than {@code maxLeaf} jumps.
 * <p>
 * The groups' prefixes are disjoint and a packet has one address, so at most one jump per level matches it and the
 * pod chains a packet passes (in order) are those of the flat layout; jumps of pods sharing an address always fall
 * in one group and keep their order. A chain's name hashes its direction and prefix and its rules depend only on the
 * jumps inside that prefix: a pod added or removed changes its own group's chain (and its parent when the group
 * appears, disappears, or splits).
 */
final class DispatchTree {

    /**
     * Levels of dispatch chains below a top-level chain at most; deeper groups stay flat. nf_tables follows at most 16
     * nested jumps (NFT_JUMP_STACK_SIZE): the deepest path is then built-in, top-level, 4 dispatch chains, pod chain,
     * policy or reject chain. Addresses from a node's pod CIDR never need more (16^4 buckets).
     */
    static final int MAX_DEPTH = 4;

    /** One pod jump: its address (canonical, of the tree's family) and the rule that judges it. */
    record Entry(String ip, String rule) {
    }

    private final IpFamily family;
    private final Direction direction;
    private final int maxLeaf;
    private final String match;
    private final Map<String, ChainSpec> chains = new TreeMap<>();
    private final Map<String, String> origins = new TreeMap<>();

    private DispatchTree(IpFamily family, Direction direction, int maxLeaf) {
        this.family = family;
        this.direction = direction;
        this.maxLeaf = maxLeaf;
        this.match = direction == Direction.EGRESS ? "-s " : "-d ";
    }

    /** The rules of the top-level chain, then every dispatch chain (sorted by name) and what each is for. */
    record Result(List<String> topLevel, List<ChainSpec> chains, Map<String, String> origins) {
    }

    static Result build(IpFamily family, Direction direction, List<Entry> entries, int maxLeaf) {
        if (entries.size() <= maxLeaf) {
            return new Result(entries.stream().map(Entry::rule).toList(), List.of(), Map.of());
        }
        DispatchTree tree = new DispatchTree(family, direction, maxLeaf);
        List<Keyed> keyed = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            keyed.add(new Keyed(tree.value(e.ip()), e.rule()));
        }
        List<String> top = tree.rules(keyed, 0, 0);
        return new Result(top, List.copyOf(tree.chains.values()), tree.origins);
    }

    private record Keyed(BigInteger address, String rule) {
    }

    /**
     * The rules of a chain holding {@code entries} (all inside one prefix of length {@code prefixLength}), {@code depth}
     * dispatch chains below the top-level chain.
     */
    private List<String> rules(List<Keyed> entries, int prefixLength, int depth) {
        int bits = family.hostBits();
        int common = commonPrefix(entries, bits);
        if (entries.size() <= maxLeaf || common == bits || depth == MAX_DEPTH) {
            return entries.stream().map(Keyed::rule).toList();
        }
        int split = Math.max(prefixLength, common - common % 4);
        TreeMap<Integer, List<Keyed>> groups = new TreeMap<>();
        for (Keyed k : entries) {
            int nibble = k.address().shiftRight(bits - split - 4).intValue() & 0xf;
            groups.computeIfAbsent(nibble, n -> new ArrayList<>()).add(k);
        }
        List<String> out = new ArrayList<>(groups.size());
        for (List<Keyed> group : groups.values()) {
            if (group.size() == 1) {
                out.add(group.get(0).rule());
                continue;
            }
            int childLength = split + 4;
            String prefix = text(group.get(0).address(), childLength) + "/" + childLength;
            String name = RulesetNames.dispatchChain(direction, prefix);
            chains.put(name, new ChainSpec(name, rules(group, childLength, depth + 1)));
            origins.put(name, (direction == Direction.EGRESS ? "egress" : "ingress") + " dispatch of the local pods in " + prefix);
            out.add(match + prefix + " -j " + name);
        }
        return out;
    }

    /** Length of the longest prefix all entries share. */
    private static int commonPrefix(List<Keyed> entries, int bits) {
        BigInteger first = entries.get(0).address();
        BigInteger differ = BigInteger.ZERO;
        for (Keyed k : entries) {
            differ = differ.or(k.address().xor(first));
        }
        return bits - differ.bitLength();
    }

    private BigInteger value(String ip) {
        return new BigInteger(1, InetAddresses.forString(ip).getAddress());
    }

    /** The network address of {@code address}'s prefix of {@code length} bits, as iptables-save prints it. */
    private String text(BigInteger address, int length) {
        int bits = family.hostBits();
        BigInteger network = address.shiftRight(bits - length).shiftLeft(bits - length);
        byte[] raw = network.toByteArray();
        byte[] bytes = new byte[bits / 8];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        try {
            InetAddress a = family == IpFamily.IPV4 ? InetAddress.getByAddress(bytes) : Inet6Address.getByAddress(null, bytes, null);
            return InetAddresses.toAddrString(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
