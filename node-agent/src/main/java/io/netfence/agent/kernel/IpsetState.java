package io.netfence.agent.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** The ipsets netfence owns, as {@code ipset save} prints them. */
public record IpsetState(Map<String, IpsetState.SetState> sets) {

    /** One set: its type ({@code hash:net}), family ({@code inet}/{@code inet6}) and members as ipset prints them. */
    public record SetState(String name, String type, String family, Set<String> entries) {
    }

    public static final IpsetState EMPTY = new IpsetState(Map.of());

    public static IpsetState parse(String save, Predicate<String> ours) {
        Map<String, String[]> headers = new LinkedHashMap<>();
        Map<String, Set<String>> members = new LinkedHashMap<>();
        for (String raw : save.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("create ")) {
                String[] t = line.split(" ");
                if (!ours.test(t[1])) {
                    continue;
                }
                String family = "inet";
                for (int i = 3; i + 1 < t.length; i++) {
                    if (t[i].equals("family")) {
                        family = t[i + 1];
                    }
                }
                headers.put(t[1], new String[]{t[2], family});
                members.put(t[1], new TreeSet<>());
            } else if (line.startsWith("add ")) {
                int a = line.indexOf(' ', 4);
                String name = line.substring(4, a);
                Set<String> set = members.get(name);
                if (set != null) {
                    set.add(line.substring(a + 1).strip());
                }
            }
        }
        Map<String, SetState> sets = new LinkedHashMap<>();
        headers.forEach((name, h) -> sets.put(name, new SetState(name, h[0], h[1], members.get(name))));
        return new IpsetState(sets);
    }

    public List<String> names() {
        return new ArrayList<>(sets.keySet());
    }
}
