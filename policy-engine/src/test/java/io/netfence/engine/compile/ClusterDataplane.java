package io.netfence.engine.compile;

import io.netfence.engine.compile.PacketWalker.Packet;
import io.netfence.engine.compile.PacketWalker.Verdict;
import io.netfence.engine.compile.ReferenceVerdicts.Endpoint;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every node's compiled ruleset walked with {@link PacketWalker}, the way a packet crosses a cluster: the
 * source node's FORWARD (or OUTPUT for node-originated traffic), then the destination node's FORWARD, INPUT
 * for traffic to the destination node's own address.
 */
final class ClusterDataplane {

    private final ClusterSnapshot snapshot;
    private final Map<String, NodeRuleset> rulesets = new HashMap<>();
    private final Map<String, PacketWalker> walkers = new HashMap<>();

    ClusterDataplane(ClusterSnapshot snapshot, NodeRulesetCompiler compiler) {
        this.snapshot = snapshot;
        for (NodeInfo n : snapshot.nodes()) {
            rulesets.put(n.name(), compiler.compile(snapshot, n.name()));
        }
    }

    NodeRuleset ruleset(String node) {
        return rulesets.get(node);
    }

    /** src/dst: an endpoint; srcNode/dstNode: where it lives (a pod's node, a node's own name) or empty (outside). */
    boolean allowed(Endpoint src, Optional<String> srcNode, boolean srcIsNode, Endpoint dst, Optional<String> dstNode,
                    boolean dstIsNode, Protocol proto, int port) {
        if (src.ip().equals(dst.ip())) {
            return true; // an endpoint reaching its own address never leaves its network namespace (loopback)
        }
        IpFamily family = IpFamily.of(dst.ip());
        Packet p = Packet.newConnection(src.ip(), dst.ip(), proto.kernelName(), port);
        boolean sameNode = srcNode.isPresent() && srcNode.equals(dstNode);
        if (srcNode.isPresent()) {
            String hook = srcIsNode ? "OUTPUT" : dstIsNode && sameNode ? "INPUT" : "FORWARD";
            if (walk(srcNode.get(), family, hook, p) != Verdict.ACCEPT) {
                return false;
            }
            if (sameNode) {
                return true;
            }
        }
        if (dstNode.isPresent()) {
            String hook = dstIsNode ? "INPUT" : "FORWARD";
            return walk(dstNode.get(), family, hook, p) == Verdict.ACCEPT;
        }
        return true;
    }

    private Verdict walk(String node, IpFamily family, String hook, Packet p) {
        NodeRuleset r = rulesets.get(node);
        if (!r.uses(family)) {
            return Verdict.ACCEPT;
        }
        return walkers.computeIfAbsent(node + "/" + family, k -> new PacketWalker(r, family)).walk(hook, p);
    }
}
