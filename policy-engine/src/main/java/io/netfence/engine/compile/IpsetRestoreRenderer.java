package io.netfence.engine.compile;

import java.util.Collection;

/**
 * Renders sets as an {@code ipset restore} script that replaces each set atomically: the entries go into a
 * temporary set ({@code NAME-t}), which is then swapped with the live set and destroyed. Safe to apply any
 * number of times, on a clean node or over a running ruleset: a packet never sees a half-filled set.
 */
public final class IpsetRestoreRenderer {

    /** Suffix of the temporary set used for the swap. */
    public static final String TEMP_SUFFIX = "-t";

    private IpsetRestoreRenderer() {
    }

    public static String render(Collection<IpSetSpec> sets) {
        StringBuilder sb = new StringBuilder(4096);
        for (IpSetSpec s : sets) {
            String tmp = s.name() + TEMP_SUFFIX;
            String params = s.type() + " family " + s.family().ipsetFamily() + " hashsize " + hashSize(s.entries().size())
                    + " maxelem " + maxElem(s.entries().size());
            sb.append("create ").append(s.name()).append(' ').append(params).append(" -exist\n");
            sb.append("create ").append(tmp).append(' ').append(params).append(" -exist\n");
            sb.append("flush ").append(tmp).append('\n');
            for (String e : s.entries()) {
                sb.append("add ").append(tmp).append(' ').append(e).append('\n');
            }
            sb.append("swap ").append(tmp).append(' ').append(s.name()).append('\n');
            sb.append("destroy ").append(tmp).append('\n');
        }
        return sb.toString();
    }

    /** An {@code ipset restore} script destroying sets that are no longer referenced (after the chains changed). */
    public static String destroy(Collection<String> setNames) {
        StringBuilder sb = new StringBuilder();
        for (String n : setNames) {
            sb.append("destroy ").append(n).append('\n');
        }
        return sb.toString();
    }

    // Fixed sizing, never derived from the entry count, so a set's create parameters do not change with its
    // members: "create -exist" only succeeds on an existing set with the same maxelem (hash sets grow by themselves).
    static int hashSize(int entries) {
        return 1024;
    }

    static int maxElem(int entries) {
        return 1 << 20;
    }
}
