package io.netfence.engine.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collects which objects of a {@link ClusterState} changed since the last {@link #drain()}, each once however often it
 * changed (the reader reads current values). Register it with {@link ClusterState#addListener} before reading the
 * state the first time; then nothing that happens after that read is missed. Thread-safe.
 */
public final class ChangeJournal implements java.util.function.Consumer<ClusterChange> {

    private final Set<ClusterChange> pending = ConcurrentHashMap.newKeySet();

    @Override
    public void accept(ClusterChange change) {
        pending.add(change);
    }

    /** The changes recorded since the last drain, in no particular order; a change recorded meanwhile stays for the next. */
    public List<ClusterChange> drain() {
        List<ClusterChange> out = new ArrayList<>(pending.size());
        for (ClusterChange c : pending) {
            if (pending.remove(c)) {
                out.add(c);
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }
}
