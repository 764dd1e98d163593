package io.netfence.engine.compile;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the members of a ruleset's sets changed since the ruleset compiled before it ({@code fromHash} → {@code toHash}),
 * for the sets the compiler can vouch for without comparing member lists: a set whose list is the previous one is
 * unchanged, a peer or named-port set kept up to date pod by pod knows which members its events added and removed.
 * A set absent here (new, rebuilt from scratch, or assembled afresh at every compile like the local pods' set) is
 * unknown: compare its members to find out. {@link IncrementalNodeCompiler#memberChanges()}.
 *
 * @param fromHash the hash of the ruleset the changes start from (null: none, everything unknown)
 * @param toHash   the hash of the ruleset they lead to
 * @param bySet    per set name of the {@code to} ruleset: its members added and removed, both sorted (empty: unchanged)
 */
public record SetMemberChanges(String fromHash, String toHash, Map<String, Change> bySet) {

    public SetMemberChanges {
        bySet = Map.copyOf(bySet);
    }

    /** The members added to and removed from one set, each sorted as the set's entries are. */
    public record Change(List<String> added, List<String> removed) {

        public static final Change NONE = new Change(List.of(), List.of());

        public Change {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }

        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty();
        }
    }

    /** The change of the named set, when known. */
    public Optional<Change> of(String setName) {
        return Optional.ofNullable(bySet.get(setName));
    }

    /** Whether these changes lead from a ruleset of hash {@code from} to one of hash {@code to}. */
    public boolean leads(String from, String to) {
        return fromHash != null && fromHash.equals(from) && toHash.equals(to);
    }
}
