package io.netfence.agent.cnpstatus;

import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.PodOwner;
import io.netfence.engine.snapshot.ClusterSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ElectionCandidatesTest {

    static final String NS = "netfence-system";
    static final PodOwner AGENTS = new PodOwner("DaemonSet", "netfence-agent");

    static PodInfo agentPod(int node, String phase) {
        return new PodInfo(NS, "netfence-agent-" + Integer.toHexString(node * 7919), Map.of("app", "netfence-agent"),
                List.of("10.0.0." + node), "node-" + node, true, phase, List.of(), AGENTS);
    }

    static ClusterSnapshot snapshot(List<PodInfo> pods) {
        return ClusterSnapshot.of(List.of(), pods, List.of(), List.of());
    }

    static long candidates(List<PodInfo> pods, int size) {
        ClusterSnapshot s = snapshot(pods);
        return pods.stream().filter(p -> new ElectionCandidates(NS, p.name(), "netfence-cnp-status", size).includesSelf(s)).count();
    }

    @Test
    void exactlyTheConfiguredNumberOfAgentsAreCandidatesWhateverTheListOrder() {
        List<PodInfo> pods = new ArrayList<>(IntStream.range(0, 200).mapToObj(i -> agentPod(i, "Running")).toList());
        assertThat(candidates(pods, 3)).isEqualTo(3);
        assertThat(candidates(pods, 1)).isEqualTo(1);
        List<String> chosen = chosen(pods, 3);
        Collections.shuffle(pods, new Random(42));
        assertThat(chosen(pods, 3)).isEqualTo(chosen);
    }

    @Test
    void zeroMeansEveryAgent() {
        List<PodInfo> pods = IntStream.range(0, 20).mapToObj(i -> agentPod(i, "Running")).toList();
        assertThat(candidates(pods, 0)).isEqualTo(20);
    }

    @Test
    void aCandidateThatStopsRunningOrLeavesHandsItsSlotToTheNextNodeOnly() {
        List<PodInfo> pods = new ArrayList<>(IntStream.range(0, 50).mapToObj(i -> agentPod(i, "Running")).toList());
        List<String> before = chosen(pods, 3);
        PodInfo gone = pods.stream().filter(p -> p.name().equals(before.get(0))).findFirst().orElseThrow();
        pods.set(pods.indexOf(gone), agentPod(Integer.parseInt(gone.nodeName().substring(5)), "Pending"));
        List<String> after = chosen(pods, 3);
        assertThat(after).hasSize(3).doesNotContain(before.get(0)).contains(before.get(1), before.get(2));
    }

    @Test
    void podsOfOtherOwnersOrNamespacesDoNotTakeSlots() {
        List<PodInfo> pods = new ArrayList<>(IntStream.range(0, 10).mapToObj(i -> agentPod(i, "Running")).toList());
        List<String> before = chosen(pods, 2);
        for (int i = 100; i < 300; i++) {
            pods.add(new PodInfo(NS, "other-" + i, Map.of(), List.of("10.1.0.1"), "node-" + i, false, "Running", List.of(),
                    new PodOwner("DaemonSet", "someone-else")));
            pods.add(new PodInfo("default", "netfence-agent-x" + i, Map.of(), List.of("10.2.0.1"), "node-" + i, true, "Running",
                    List.of(), AGENTS));
        }
        assertThat(chosen(pods.subList(0, 10), 2)).isEqualTo(before);
        ClusterSnapshot s = snapshot(pods);
        assertThat(pods.subList(0, 10).stream()
                .filter(p -> new ElectionCandidates(NS, p.name(), "netfence-cnp-status", 2).includesSelf(s))
                .map(PodInfo::name).toList()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void anAgentThatCannotFindItsOwnPodIsACandidate() {
        List<PodInfo> pods = IntStream.range(0, 10).mapToObj(i -> agentPod(i, "Running")).toList();
        assertThat(new ElectionCandidates(NS, "not-listed-yet", "netfence-cnp-status", 3).includesSelf(snapshot(pods))).isTrue();
        PodInfo ownerless = new PodInfo(NS, "by-hand", Map.of(), List.of("10.0.1.1"), "node-x", true, "Running", List.of(), null);
        List<PodInfo> withOwnerless = new ArrayList<>(pods);
        withOwnerless.add(ownerless);
        assertThat(new ElectionCandidates(NS, "by-hand", "netfence-cnp-status", 3).includesSelf(snapshot(withOwnerless))).isTrue();
    }

    /** The candidates as the running agents see them (an agent counts itself even while its own pod still looks Pending). */
    private static List<String> chosen(List<PodInfo> pods, int size) {
        ClusterSnapshot s = snapshot(pods);
        return pods.stream().filter(p -> "Running".equals(p.phase()))
                .filter(p -> new ElectionCandidates(NS, p.name(), "netfence-cnp-status", size).includesSelf(s))
                .map(PodInfo::name).sorted().toList();
    }
}
