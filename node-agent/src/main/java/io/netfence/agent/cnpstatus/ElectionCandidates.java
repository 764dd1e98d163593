package io.netfence.agent.cnpstatus;

import io.netfence.engine.model.PodInfo;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which agents take part in the status lease election. Every candidate reads the Lease once per retry period, so with
 * every agent of a 1,000-node cluster a candidate the API server would answer ~67 Lease GETs a second for one writer.
 * Instead only {@code size} agents are candidates: the running pods of this agent's own DaemonSet (same namespace, same
 * owner) ranked by a rendezvous hash of lease name and node name, highest first. Every agent computes the same ranking
 * from its own pod informer, with no coordination; node names are stable across pod restarts, so a restarted agent
 * gets its slot back, and a node leaving the cluster moves only its own slot to the next node.
 *
 * <p>When this agent cannot place itself (its pod is not in the snapshot yet, or has no owner, e.g. run outside a
 * DaemonSet) it is a candidate, as every agent was before: a missing writer is worse than a few more reads.
 */
public final class ElectionCandidates {

    private final String namespace;
    private final String podName;
    private final String leaseName;
    private final int size;

    /**
     * @param size how many agents are candidates; 0 or less: every agent
     */
    public ElectionCandidates(String namespace, String podName, String leaseName, int size) {
        this.namespace = Objects.requireNonNull(namespace);
        this.podName = Objects.requireNonNull(podName);
        this.leaseName = Objects.requireNonNull(leaseName);
        this.size = size;
    }

    public boolean includesSelf(ClusterSnapshot snapshot) {
        if (size <= 0) {
            return true;
        }
        // the pods list, not the snapshot's per-namespace index: that index would be built for this alone
        List<PodInfo> ownNamespace = snapshot.pods().stream().filter(p -> p.namespace().equals(namespace)).toList();
        Optional<PodInfo> self = ownNamespace.stream().filter(p -> p.name().equals(podName)).findFirst();
        if (self.isEmpty() || self.get().owner() == null || self.get().nodeName() == null) {
            return true;
        }
        return ranked(ownNamespace, self.get()).stream().limit(size).anyMatch(p -> p.name().equals(podName));
    }

    /**
     * This agent's fellow agents, best-ranked first. Itself whatever its phase: it runs, even while the informer still
     * shows its pod Pending (the others then see one candidate fewer for a moment, never none).
     */
    List<PodInfo> ranked(List<PodInfo> podsOfNamespace, PodInfo self) {
        return podsOfNamespace.stream()
                .filter(p -> p.name().equals(self.name())
                        || (self.owner().equals(p.owner()) && "Running".equals(p.phase()) && p.nodeName() != null))
                .sorted(Comparator.comparingLong((PodInfo p) -> score(p.nodeName())).reversed()
                        .thenComparing(PodInfo::nodeName))
                .toList();
    }

    private long score(String nodeName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((leaseName + "/" + nodeName).getBytes(StandardCharsets.UTF_8));
            long score = 0;
            for (int i = 0; i < 8; i++) {
                score = (score << 8) | (digest[i] & 0xff);
            }
            return score;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
