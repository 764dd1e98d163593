package io.netfence.agent.cnpstatus;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the ClusterNetworkPolicy status writer ({@code netfence.agent.cnp-status.*}).
 *
 * @param enabled        take part in the election and write {@code status.conditions} when leading
 * @param leaseName      the Lease the agents elect the writer with
 * @param leaseNamespace its namespace, the agent's own (downward API {@code POD_NAMESPACE}); empty: the client's
 *                       namespace (the service account's in a pod)
 * @param identity       this agent's holder identity (downward API {@code POD_NAME}); empty: the node name
 * @param leaseDuration  how long a lease holds without renewal: the longest a dead leader's lease blocks a takeover
 * @param renewDeadline  a leader that could not renew for this long stops writing (before its lease can expire)
 * @param retryPeriod    how often the leader renews and candidates try to acquire (jittered up to ×2.2)
 * @param checkPeriod    how often the leader compares every policy with its stored condition (restores conditions
 *                       others overwrote, retries failed writes), and how soon the election starts after the CRD appears
 * @param candidates     how many agents take part in the election (ranked by node, see {@link ElectionCandidates}); each
 *                       candidate reads the Lease once per retry period; 0: every agent
 */
@ConfigurationProperties("netfence.agent.cnp-status")
public record ClusterNetworkPolicyStatusProperties(@DefaultValue("true") boolean enabled,
                                                   @DefaultValue("netfence-cnp-status") String leaseName,
                                                   @DefaultValue("") String leaseNamespace,
                                                   @DefaultValue("") String identity,
                                                   @DefaultValue("60s") Duration leaseDuration,
                                                   @DefaultValue("40s") Duration renewDeadline,
                                                   @DefaultValue("15s") Duration retryPeriod,
                                                   @DefaultValue("30s") Duration checkPeriod,
                                                   @DefaultValue("3") int candidates) {

    public LeaseElection.Timing timing() {
        return new LeaseElection.Timing(leaseDuration, renewDeadline, retryPeriod);
    }
}
