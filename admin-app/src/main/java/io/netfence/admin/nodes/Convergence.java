package io.netfence.admin.nodes;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one push (or bundle) should make the agents enforce: for each node whose ruleset the push changes, the hash
 * the console compiles for it with the push applied to the snapshot the push started from.
 *
 * @param id             identifies the push to the convergence tracker (its timer is recorded once)
 * @param pushedAtMillis when the write was sent (epoch millis)
 * @param expected       node → ruleset hash after the push (only nodes whose ruleset changes)
 * @param before         node → ruleset hash before the push (those nodes)
 */
public record Convergence(String id, long pushedAtMillis, Map<String, String> expected, Map<String, String> before)
        implements Serializable {

    public Convergence {
        expected = new TreeMap<>(expected);
        before = new TreeMap<>(before);
    }
}
