package io.netfence.engine.compile;

import io.netfence.engine.model.Cidr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny in-memory netfilter for tests: walks one packet through a node's rendered chains and sets the way the
 * kernel's filter table would (first matching rule, jumps, RETURN, marks, REJECT), understanding exactly the
 * matches and targets netfence emits. Anything else fails loudly, so the compiler cannot emit a rule the tests
 * do not understand.
 */
public final class PacketWalker {

    /** One packet: addresses, protocol (tcp/udp/sctp/ipv6-icmp), destination port (ICMPv6: the type), conntrack state. */
    public record Packet(String src, String dst, String proto, int dport, String ctstate) {
        public static Packet newConnection(String src, String dst, String proto, int dport) {
            return new Packet(src, dst, proto, dport, "NEW");
        }
    }

    public enum Verdict { ACCEPT, REJECT, DROP }

    private final Map<String, List<String>> chains = new HashMap<>();
    private final Map<String, List<List<String>>> tokens = new HashMap<>();
    private final Map<String, IpSetSpec> sets = new HashMap<>();
    private final Map<String, Long> ruleHits = new HashMap<>();
    private final List<String> nflogPrefixes = new ArrayList<>();

    public PacketWalker(NodeRuleset ruleset, IpFamily family) {
        for (IpSetSpec s : ruleset.ipsets(family)) {
            sets.put(s.name(), s);
        }
        for (ChainSpec c : ruleset.chains(family)) {
            chains.put(c.name(), c.rules());
        }
        for (String builtin : List.of("FORWARD", "INPUT", "OUTPUT")) {
            List<String> rules = new ArrayList<>();
            for (HookSpec h : ruleset.hooks(family)) {
                if (h.builtinChain().equals(builtin)) {
                    rules.add(h.rule());
                }
            }
            rules.add("-j ACCEPT"); // the built-in policy
            chains.put(builtin, rules);
        }
        chains.forEach((name, rules) -> tokens.put(name, rules.stream().map(PacketWalker::tokenize).toList()));
    }

    private final List<String> trace = new ArrayList<>();
    private long evaluated;

    /** The chains the last {@link #walk} entered, in order (the built-in chain first). */
    public List<String> trace() {
        return List.copyOf(trace);
    }

    /** How many rules the last {@link #walk} evaluated (matched or not): what a packet costs netfilter. */
    public long rulesEvaluated() {
        return evaluated;
    }

    private final Map<String, Cidr> parsed = new HashMap<>();

    private Cidr cidr(String text) {
        return parsed.computeIfAbsent(text, Cidr::of);
    }

    /** How often each "CHAIN#index" rule matched (like iptables-save -c counters). */
    public Map<String, Long> ruleHits() {
        return ruleHits;
    }

    /** The {@code --nflog-prefix} of every NFLOG rule the walked packets hit, in order (rate limits always pass). */
    public List<String> nflogPrefixes() {
        return nflogPrefixes;
    }

    public Verdict walk(String builtinChain, Packet packet) {
        int[] mark = {0};
        trace.clear();
        evaluated = 0;
        Verdict v = walkChain(builtinChain, packet, mark, 0);
        if (v == null) {
            throw new IllegalStateException("built-in chain " + builtinChain + " fell off its end");
        }
        if (mark[0] != 0 && v == Verdict.ACCEPT) {
            throw new AssertionError("packet left netfence with mark 0x" + Integer.toHexString(mark[0]) + ": " + packet);
        }
        return v;
    }

    /** null = RETURN / fell off the end of a user chain. */
    private Verdict walkChain(String chain, Packet p, int[] mark, int depth) {
        List<String> rules = chains.get(chain);
        if (rules == null) {
            throw new AssertionError("jump to undeclared chain " + chain);
        }
        if (depth > 40) {
            throw new AssertionError("jump loop at " + chain);
        }
        trace.add(chain);
        for (int i = 0; i < rules.size(); i++) {
            evaluated++;
            List<String> t = tokens.get(chain).get(i);
            String target = null;
            List<String> targetArgs = List.of();
            boolean matches = true;
            String ruleProto = null;
            int k = 0;
            while (k < t.size()) {
                String tok = t.get(k);
                switch (tok) {
                    case "-s" -> matches &= cidr(t.get(++k)).contains(p.src());
                    case "-d" -> matches &= cidr(t.get(++k)).contains(p.dst());
                    case "-p" -> {
                        ruleProto = t.get(++k);
                        matches &= ruleProto.equals(p.proto());
                    }
                    case "-m" -> {
                        String module = t.get(++k);
                        int end = k + 1;
                        while (end < t.size() && !t.get(end).equals("-m") && !t.get(end).equals("-j")
                                && !t.get(end).equals("-p") && !t.get(end).equals("-s") && !t.get(end).equals("-d")) {
                            end++;
                        }
                        if ((module.equals("tcp") || module.equals("udp") || module.equals("multiport") || module.equals("icmp6"))
                                && ruleProto == null) {
                            throw new AssertionError("-m " + module + " without -p: " + rules.get(i));
                        }
                        matches &= match(module, t.subList(k + 1, end), p, mark[0]);
                        k = end - 1;
                    }
                    case "-j" -> {
                        target = t.get(++k);
                        targetArgs = t.subList(k + 1, t.size());
                        k = t.size();
                    }
                    default -> throw new AssertionError("unknown token " + tok + " in " + chain + ": " + rules.get(i));
                }
                k++;
            }
            if (!matches) {
                continue;
            }
            ruleHits.merge(chain + "#" + i, 1L, Long::sum);
            if (target == null) {
                continue;
            }
            switch (target) {
                case "RETURN":
                    return null;
                case "ACCEPT":
                    return Verdict.ACCEPT;
                case "DROP":
                    return Verdict.DROP;
                case "REJECT":
                    return Verdict.REJECT;
                case "NFLOG":
                    nflogPrefixes.add(targetArgs.get(targetArgs.indexOf("--nflog-prefix") + 1));
                    break;
                case "MARK": {
                    if (!targetArgs.get(0).equals("--set-xmark")) {
                        throw new AssertionError("unsupported MARK " + targetArgs);
                    }
                    String[] vm = targetArgs.get(1).split("/");
                    int value = Integer.decode(vm[0]);
                    int maskBits = Integer.decode(vm[1]);
                    mark[0] = (mark[0] & ~maskBits) ^ value;
                    break;
                }
                default: {
                    Verdict v = walkChain(target, p, mark, depth + 1);
                    if (v != null) {
                        return v;
                    }
                }
            }
        }
        return null;
    }

    private boolean match(String module, List<String> args, Packet p, int mark) {
        switch (module) {
            case "comment":
            case "limit":
            case "hashlimit":
                return true;
            case "icmp6":
                expect(args.get(0), "--icmpv6-type");
                return p.proto().equals("ipv6-icmp") && Integer.parseInt(args.get(1)) == p.dport();
            case "addrtype": {
                // LOCAL = an address of this node; the model node's addresses are those of its node address set
                expect(args.get(0), "--src-type");
                expect(args.get(1), "LOCAL");
                return sets.values().stream().filter(x -> x.name().matches("nf6?h-.*"))
                        .anyMatch(x -> setContains(x, "src", p));
            }
            case "conntrack":
                expect(args.get(0), "--ctstate");
                return List.of(args.get(1).split(",")).contains(p.ctstate());
            case "mark": {
                boolean negate = args.get(0).equals("!");
                List<String> a = negate ? args.subList(1, args.size()) : args;
                expect(a.get(0), "--mark");
                String[] vm = a.get(1).split("/");
                boolean m = (mark & Integer.decode(vm[1])) == Integer.decode(vm[0]);
                return negate != m;
            }
            case "tcp":
            case "udp":
                expect(args.get(0), "--dport");
                return inRange(args.get(1), p.dport());
            case "multiport":
                expect(args.get(0), "--dports");
                for (String r : args.get(1).split(",")) {
                    if (inRange(r, p.dport())) {
                        return true;
                    }
                }
                return false;
            case "set": {
                boolean negate = args.get(0).equals("!");
                List<String> a = negate ? args.subList(1, args.size()) : args;
                expect(a.get(0), "--match-set");
                IpSetSpec set = sets.get(a.get(1));
                if (set == null) {
                    throw new AssertionError("rule references missing set " + a.get(1));
                }
                return negate != setContains(set, a.get(2), p);
            }
            default:
                throw new AssertionError("unknown match module " + module);
        }
    }

    private static boolean setContains(IpSetSpec set, String flags, Packet p) {
        String ip = flags.startsWith("src") ? p.src() : p.dst();
        switch (set.type()) {
            case "hash:ip":
                return set.entries().stream().anyMatch(e -> Cidr.host(e).contains(ip));
            case "hash:ip,port":
                if (!flags.equals("dst,dst") && !flags.equals("src,dst")) {
                    throw new AssertionError("unsupported flags " + flags);
                }
                return set.entries().stream().anyMatch(e -> {
                    String[] parts = e.split(",");
                    return Cidr.host(parts[0]).contains(ip) && parts[1].equals(p.proto() + ":" + p.dport());
                });
            case "hash:net": {
                // The most specific matching entry decides; a nomatch entry makes the test fail.
                Cidr best = null;
                boolean bestNomatch = false;
                for (String e : set.entries()) {
                    boolean nomatch = e.endsWith(" nomatch");
                    Cidr c = Cidr.of(nomatch ? e.substring(0, e.length() - 8) : e);
                    if (c.contains(ip) && (best == null || c.prefixLength() > best.prefixLength())) {
                        best = c;
                        bestNomatch = nomatch;
                    }
                }
                return best != null && !bestNomatch;
            }
            default:
                throw new AssertionError("unknown set type " + set.type());
        }
    }

    private static boolean inRange(String range, int port) {
        String[] r = range.split(":");
        int lo = Integer.parseInt(r[0]);
        int hi = r.length > 1 ? Integer.parseInt(r[1]) : lo;
        return port >= lo && port <= hi;
    }

    private static void expect(String actual, String expected) {
        if (!actual.equals(expected)) {
            throw new AssertionError("expected " + expected + " but got " + actual);
        }
    }

    static List<String> tokenize(String rule) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < rule.length()) {
            char c = rule.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '"') {
                int end = rule.indexOf('"', i + 1);
                out.add(rule.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = rule.indexOf(' ', i);
                end = end < 0 ? rule.length() : end;
                out.add(rule.substring(i, end));
                i = end;
            }
        }
        return out;
    }
}
