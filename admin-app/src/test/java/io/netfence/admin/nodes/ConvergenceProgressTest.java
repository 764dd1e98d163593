package io.netfence.admin.nodes;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A push result stops waiting for nodes that cannot converge, and says which. */
class ConvergenceProgressTest {

    @Test
    void nodesWithoutAnAgentOrWithVersionSkewEndTheWaitAndAreNamed() {
        assertThat(NodeState.NO_AGENT.settled()).isTrue();
        assertThat(NodeState.VERSION_SKEW.settled()).isTrue();
        assertThat(NodeState.PENDING.settled()).isFalse();
        assertThat(NodeState.STALE.settled()).as("a stale agent may come back").isFalse();

        var p = new ConvergenceProgress(List.of(new ConvergenceProgress.Node("node-1", NodeState.IN_SYNC, null),
                new ConvergenceProgress.Node("node-2", NodeState.NO_AGENT, null),
                new ConvergenceProgress.Node("node-3", NodeState.VERSION_SKEW, null)), 1, true, 0.4);
        assertThat(p.allEnforced()).isFalse();
        assertThat(p.text()).isEqualTo("enforced on 1 of 3 nodes in 0.4 s; cannot tell for node-2 (no agent), node-3 (version skew)");
        assertThat(new ConvergenceProgress(List.of(new ConvergenceProgress.Node("node-1", NodeState.IN_SYNC, null)), 1, true, 0.2).text())
                .isEqualTo("enforced on 1 of 1 node in 0.2 s");
    }
}
