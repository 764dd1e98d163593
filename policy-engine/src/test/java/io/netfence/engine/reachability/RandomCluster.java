package io.netfence.engine.reachability;

import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.ContainerPortInfo;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.NodeInfo;
import io.netfence.engine.model.Peer;
import io.netfence.engine.model.PodInfo;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.model.SelectorRequirement;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Small random clusters drawn from a deliberately narrow vocabulary (few labels, few ports, overlapping
 * ipBlocks) so that random policies often hit, miss and overlap: the input of the matrix-vs-analyzer property test.
 */
final class RandomCluster {

    static final int[] PORTS = {80, 81, 8080};
    private static final String[] APPS = {"web", "db", "api"};
    private static final String[] PORT_NAMES = {"http", "metrics"};

    private final Random rnd;

    RandomCluster(long seed) {
        this.rnd = new Random(seed);
    }

    ClusterSnapshot snapshot() {
        List<NamespaceInfo> namespaces = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            Map<String, String> labels = new HashMap<>();
            if (rnd.nextBoolean()) {
                labels.put("team", pick("a", "b"));
            }
            if (rnd.nextBoolean()) {
                labels.put("env", pick("prod", "dev"));
            }
            namespaces.add(new NamespaceInfo("ns" + n, labels));
        }
        List<NodeInfo> nodes = List.of(new NodeInfo("n1", List.of("192.168.0.1"), List.of()),
                new NodeInfo("n2", List.of("192.168.0.2"), List.of()));
        List<PodInfo> pods = new ArrayList<>();
        int count = 6 + rnd.nextInt(10);
        for (int p = 0; p < count; p++) {
            String node = rnd.nextBoolean() ? "n1" : "n2";
            boolean hostNetwork = rnd.nextInt(10) == 0;
            String phase = rnd.nextInt(10) == 0 ? "Succeeded" : "Running";
            String ip = hostNetwork ? (node.equals("n1") ? "192.168.0.1" : "192.168.0.2") : "10.0." + rnd.nextInt(3) + "." + (p + 1);
            Map<String, String> labels = new HashMap<>();
            labels.put("app", pick(APPS));
            if (rnd.nextBoolean()) {
                labels.put("tier", pick("front", "back"));
            }
            List<ContainerPortInfo> ports = new ArrayList<>();
            for (String name : PORT_NAMES) {
                if (rnd.nextBoolean()) {
                    ports.add(new ContainerPortInfo(name, PORTS[rnd.nextInt(PORTS.length)], rnd.nextInt(3) == 0 ? Protocol.UDP : Protocol.TCP));
                }
            }
            pods.add(new PodInfo("ns" + rnd.nextInt(3), "p" + p, labels, List.of(ip), node, hostNetwork, phase, ports));
        }
        List<Policy> policies = new ArrayList<>();
        int pc = 1 + rnd.nextInt(5);
        for (int i = 0; i < pc; i++) {
            policies.add(policy("pol" + i));
        }
        return ClusterSnapshot.of(namespaces, pods, nodes, policies);
    }

    /** Every pod, both node addresses and two bare addresses (one inside the pod range, one outside). */
    static List<Endpoint> endpoints(ClusterSnapshot snapshot) {
        List<Endpoint> e = new ArrayList<>(ConnectivityMatrix.podEndpoints(snapshot));
        e.add(Endpoint.nodeAddress("n1", "192.168.0.1"));
        e.add(Endpoint.nodeAddress("n2", "192.168.0.2"));
        e.add(Endpoint.ip("10.0.9.9"));
        e.add(Endpoint.ip("8.8.8.8"));
        return e;
    }

    private Policy policy(String name) {
        Set<Direction> types = switch (rnd.nextInt(3)) {
            case 0 -> EnumSet.of(Direction.INGRESS);
            case 1 -> EnumSet.of(Direction.EGRESS);
            default -> EnumSet.of(Direction.INGRESS, Direction.EGRESS);
        };
        return new Policy("ns" + rnd.nextInt(3), name, selector(), types, rules(), rules());
    }

    private List<PolicyRule> rules() {
        List<PolicyRule> rules = new ArrayList<>();
        int n = rnd.nextInt(3);
        for (int r = 0; r < n; r++) {
            List<Peer> peers = new ArrayList<>();
            int pn = rnd.nextInt(3);
            for (int p = 0; p < pn; p++) {
                peers.add(peer());
            }
            List<PortSpec> ports = new ArrayList<>();
            int qn = rnd.nextInt(3);
            for (int q = 0; q < qn; q++) {
                ports.add(port());
            }
            rules.add(new PolicyRule(peers, ports));
        }
        return rules;
    }

    private Peer peer() {
        return switch (rnd.nextInt(4)) {
            case 0 -> new SelectorPeer(selector(), null);
            case 1 -> new SelectorPeer(null, namespaceSelector());
            case 2 -> new SelectorPeer(selector(), namespaceSelector());
            default -> rnd.nextBoolean()
                    ? new IpBlockPeer(Cidr.of("10.0.0.0/16"), List.of(Cidr.of("10.0." + rnd.nextInt(3) + ".0/24")))
                    : new IpBlockPeer(Cidr.of(pick("10.0.1.0/24", "192.168.0.0/24", "192.168.0.2/32", "0.0.0.0/0")), List.of());
        };
    }

    private PortSpec port() {
        Protocol proto = rnd.nextInt(3) == 0 ? Protocol.UDP : Protocol.TCP;
        return switch (rnd.nextInt(4)) {
            case 0 -> PortSpec.number(proto, PORTS[rnd.nextInt(PORTS.length)]);
            case 1 -> PortSpec.range(proto, 80, 81 + rnd.nextInt(8000));
            case 2 -> PortSpec.named(proto, pick(PORT_NAMES));
            default -> PortSpec.allPorts(proto);
        };
    }

    private LabelSelector selector() {
        return switch (rnd.nextInt(5)) {
            case 0 -> LabelSelector.EVERYTHING;
            case 1 -> LabelSelector.of(Map.of("app", pick(APPS)));
            case 2 -> tierExpression(pick(SelectorRequirement.Operator.values()));
            case 3 -> new LabelSelector(Map.of(), List.of(new SelectorRequirement("app", SelectorRequirement.Operator.NOT_IN, List.of(pick(APPS)))));
            default -> new LabelSelector(Map.of(), List.of(new SelectorRequirement("app", SelectorRequirement.Operator.IN, List.of(pick(APPS), pick(APPS)))));
        };
    }

    private static LabelSelector tierExpression(SelectorRequirement.Operator op) {
        boolean needsValues = op == SelectorRequirement.Operator.IN || op == SelectorRequirement.Operator.NOT_IN;
        return new LabelSelector(Map.of(), List.of(new SelectorRequirement("tier", op, needsValues ? List.of("front") : List.of())));
    }

    private LabelSelector namespaceSelector() {
        return switch (rnd.nextInt(4)) {
            case 0 -> LabelSelector.EVERYTHING;
            case 1 -> LabelSelector.of(Map.of("team", pick("a", "b")));
            case 2 -> LabelSelector.of(Map.of(NamespaceInfo.NAME_LABEL, "ns" + rnd.nextInt(3)));
            default -> new LabelSelector(Map.of(), List.of(new SelectorRequirement("env", SelectorRequirement.Operator.DOES_NOT_EXIST, List.of())));
        };
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[rnd.nextInt(options.length)];
    }
}
