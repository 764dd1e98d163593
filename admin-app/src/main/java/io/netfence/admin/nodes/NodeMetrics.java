package io.netfence.admin.nodes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * Console metrics for alerting on enforcement: {@code netfence_console_nodes{state=...}} (e.g. alert on
 * {@code state="pending"} for 5 minutes), {@code netfence_console_policies_not_enforced}; the push → enforced
 * histogram is {@link ConvergenceTracker}'s. Computed from the live model at scrape time.
 */
@Component
class NodeMetrics {

    static final String NODES = "netfence.console.nodes";
    static final String POLICIES_NOT_ENFORCED = "netfence.console.policies.not.enforced";

    NodeMetrics(MeterRegistry meters, NodeStates states, PolicyEnforcement enforcement) {
        for (NodeState state : NodeState.values()) {
            Gauge.builder(NODES, states, s -> s.all().stream().filter(n -> n.state() == state).count())
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .description("nodes by enforcement state (in_sync, pending, error, stale, no_agent, version_skew)")
                    .register(meters);
        }
        Gauge.builder(POLICIES_NOT_ENFORCED, enforcement, PolicyEnforcement::notFullyEnforced)
                .description("NetworkPolicies that some node they change does not enforce yet or reports an error for")
                .register(meters);
    }
}
