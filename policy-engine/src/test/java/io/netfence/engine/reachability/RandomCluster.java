package io.netfence.engine.reachability;

import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.ClusterNetworkPolicy;
import io.netfence.engine.model.ClusterPolicyAction;
import io.netfence.engine.model.ClusterPolicyPeer;
import io.netfence.engine.model.ClusterPolicyPort;
import io.netfence.engine.model.ClusterPolicyRule;
import io.netfence.engine.model.ClusterPolicySubject;
import io.netfence.engine.model.ClusterPolicyTier;
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
public final class RandomCluster {

    public static final int[] PORTS = {80, 81, 8080};
    private static final String[] APPS = {"web", "db", "api"};
    private static final String[] PORT_NAMES = {"http", "metrics"};

    private final Random rnd;

    public RandomCluster(long seed) {
        this.rnd = new Random(seed);
    }

    public ClusterSnapshot snapshot() {
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

    /**
     * {@link #snapshot()} plus labelled nodes and 1–6 random ClusterNetworkPolicies in both tiers: all actions, few
     * priorities (ties happen), every peer kind (pods, namespaces, networks, nodes, domainNames, fail-closed unknown)
     * and every port kind.
     */
    public ClusterSnapshot snapshotWithClusterPolicies() {
        ClusterSnapshot base = snapshot();
        List<NodeInfo> nodes = List.of(new NodeInfo("n1", List.of("192.168.0.1"), List.of(), Map.of("role", "worker")),
                new NodeInfo("n2", List.of("192.168.0.2"), List.of(), Map.of("role", "control")));
        List<ClusterNetworkPolicy> cnps = new ArrayList<>();
        int n = 1 + rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            ClusterPolicyTier tier = rnd.nextBoolean() ? ClusterPolicyTier.ADMIN : ClusterPolicyTier.BASELINE;
            ClusterPolicySubject subject = rnd.nextBoolean() ? ClusterPolicySubject.namespaces(namespaceSelector())
                    : ClusterPolicySubject.pods(namespaceSelector(), selector());
            cnps.add(new ClusterNetworkPolicy("cnp" + i, tier, rnd.nextInt(3) * 10, subject, cnpRules(false), cnpRules(true)));
        }
        return ClusterSnapshot.of(base.namespaces(), base.pods(), nodes, base.policies(), cnps);
    }

    private List<ClusterPolicyRule> cnpRules(boolean egress) {
        List<ClusterPolicyRule> rules = new ArrayList<>();
        int n = rnd.nextInt(4);
        for (int r = 0; r < n; r++) {
            ClusterPolicyAction action = pick(ClusterPolicyAction.values());
            List<ClusterPolicyPeer> peers = new ArrayList<>();
            int pn = 1 + rnd.nextInt(2);
            for (int p = 0; p < pn; p++) {
                peers.add(cnpPeer(egress));
            }
            List<ClusterPolicyPort> ports = new ArrayList<>();
            int qn = rnd.nextInt(3);
            for (int q = 0; q < qn; q++) {
                Protocol proto = rnd.nextInt(3) == 0 ? Protocol.UDP : Protocol.TCP;
                ports.add(switch (rnd.nextInt(3)) {
                    case 0 -> ClusterPolicyPort.number(proto, PORTS[rnd.nextInt(PORTS.length)]);
                    case 1 -> ClusterPolicyPort.range(proto, 80, 81 + rnd.nextInt(8000));
                    default -> ClusterPolicyPort.named(pick(PORT_NAMES));
                });
            }
            rules.add(new ClusterPolicyRule(rnd.nextBoolean() ? "r" + r : "", action, peers, ports));
        }
        return rules;
    }

    private ClusterPolicyPeer cnpPeer(boolean egress) {
        int kind = rnd.nextInt(egress ? 12 : 5);
        return switch (kind) {
            case 0, 1 -> new ClusterPolicyPeer.Pods(namespaceSelector(), null);
            case 2, 3 -> new ClusterPolicyPeer.Pods(namespaceSelector(), selector());
            case 4 -> new ClusterPolicyPeer.Unknown("serviceAccounts");
            case 5, 6 -> new ClusterPolicyPeer.Networks(List.of(Cidr.of(pick("10.0.1.0/24", "192.168.0.0/24", "192.168.0.2/32", "0.0.0.0/0", "10.0.0.0/16"))));
            case 7, 8 -> new ClusterPolicyPeer.Nodes(rnd.nextBoolean() ? LabelSelector.EVERYTHING : LabelSelector.of(Map.of("role", pick("worker", "control"))));
            case 9 -> new ClusterPolicyPeer.DomainNames(List.of("example.com"));
            default -> new ClusterPolicyPeer.Pods(LabelSelector.EVERYTHING, selector());
        };
    }

    /** Every pod, both node addresses and two bare addresses (one inside the pod range, one outside). */
    public static List<Endpoint> endpoints(ClusterSnapshot snapshot) {
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
