package io.netfence.agent.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The filter table as {@code iptables-save [-c] -t filter} prints it, reduced to what netfence owns: its own
 * chains (in order, with rules and counters) and the rules of the built-in chains that jump into them.
 *
 * @param chains netfence chains by name, in the order iptables-save printed them
 * @param hooks  built-in chain → the netfence jumps in it with their 0-based positions
 */
public record IptablesTable(Map<String, List<Rule>> chains, Map<String, List<Hook>> hooks) {

    /** A rule body as after {@code -A CHAIN }, with its counters (0 when saved without {@code -c}). */
    public record Rule(String body, long packets, long bytes) {
    }

    /** A rule in a built-in chain that jumps into a netfence chain, at {@code position} (0 = first). */
    public record Hook(String builtinChain, int position, String body) {
    }

    public static final IptablesTable EMPTY = new IptablesTable(Map.of(), Map.of());

    /** The rule bodies per chain, without counters: what must stay equal between syncs. */
    public Map<String, List<String>> ruleText() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        chains.forEach((name, rules) -> m.put(name, rules.stream().map(Rule::body).toList()));
        return m;
    }

    /**
     * Parses iptables-save output. {@code ours} says which chain names are netfence's; built-in chains are
     * the ones declared with a policy other than {@code -}.
     */
    public static IptablesTable parse(String save, Predicate<String> ours) {
        Map<String, List<Rule>> chains = new LinkedHashMap<>();
        Map<String, List<Hook>> hooks = new LinkedHashMap<>();
        Map<String, Integer> builtinPositions = new LinkedHashMap<>();
        boolean inFilter = false;
        for (String raw : save.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("*")) {
                inFilter = line.equals("*filter");
                continue;
            }
            if (!inFilter || line.equals("COMMIT")) {
                continue;
            }
            if (line.startsWith(":")) {
                String[] parts = line.substring(1).split(" ");
                if (ours.test(parts[0])) {
                    chains.putIfAbsent(parts[0], new ArrayList<>());
                } else if (parts.length > 1 && !parts[1].equals("-")) {
                    builtinPositions.put(parts[0], 0);
                }
                continue;
            }
            long packets = 0;
            long bytes = 0;
            if (line.startsWith("[")) {
                int close = line.indexOf(']');
                String[] pb = line.substring(1, close).split(":");
                packets = Long.parseLong(pb[0]);
                bytes = Long.parseLong(pb[1]);
                line = line.substring(close + 1).strip();
            }
            if (!line.startsWith("-A ")) {
                continue;
            }
            int space = line.indexOf(' ', 3);
            String chain = space < 0 ? line.substring(3) : line.substring(3, space);
            String body = space < 0 ? "" : line.substring(space + 1);
            if (ours.test(chain)) {
                chains.computeIfAbsent(chain, c -> new ArrayList<>()).add(new Rule(body, packets, bytes));
            } else if (builtinPositions.containsKey(chain)) {
                int pos = builtinPositions.merge(chain, 1, Integer::sum) - 1;
                String target = jumpTarget(body);
                if (target != null && ours.test(target)) {
                    hooks.computeIfAbsent(chain, c -> new ArrayList<>()).add(new Hook(chain, pos, body));
                }
            }
        }
        return new IptablesTable(chains, hooks);
    }

    /** The chain a rule jumps to ({@code -j X} or {@code -g X}), or null. */
    public static String jumpTarget(String body) {
        String[] t = body.split(" ");
        for (int i = 0; i + 1 < t.length; i++) {
            if (t[i].equals("-j") || t[i].equals("-g") || t[i].equals("--jump") || t[i].equals("--goto")) {
                return t[i + 1];
            }
        }
        return null;
    }
}
