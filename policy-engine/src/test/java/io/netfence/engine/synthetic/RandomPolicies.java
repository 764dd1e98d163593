package io.netfence.engine.synthetic;

import io.netfence.engine.model.Cidr;
import io.netfence.engine.model.Direction;
import io.netfence.engine.model.IpBlockPeer;
import io.netfence.engine.model.LabelSelector;
import io.netfence.engine.model.NamespaceInfo;
import io.netfence.engine.model.Peer;
import io.netfence.engine.model.Policy;
import io.netfence.engine.model.PolicyRule;
import io.netfence.engine.model.PortSpec;
import io.netfence.engine.model.Protocol;
import io.netfence.engine.model.SelectorPeer;
import io.netfence.engine.model.SelectorRequirement;
import io.netfence.engine.model.SelectorRequirement.Operator;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Unstructured random policies over the label and port vocabulary of {@link SyntheticCluster}: every selector
 * operator, every peer form (pods, namespaces, both, ipBlock with excepts in both families), every port form
 * (number, range, named, all ports; TCP, UDP, SCTP), both directions, empty and missing rules. For property tests
 * that must reach corners the realistic shapes do not.
 */
public final class RandomPolicies {

    private static final String[][] POD_LABELS = {{"tier", "web"}, {"tier", "api"}, {"tier", "db"}, {"tier", "cache"},
            {"version", "v1"}, {"version", "v2"}, {"canary", "true"}, {"app", "prometheus"}, {"k8s-app", "kube-dns"}};
    private static final String[][] NS_LABELS = {{"team", "team0"}, {"team", "team1"}, {"team", "monitoring"}, {"env", "prod"},
            {"env", "dev"}, {NamespaceInfo.NAME_LABEL, "kube-system"}};
    private static final String[] PORT_NAMES = {"http", "metrics", "grpc", "postgres", "redis", "stats", "dns", "dns-tcp", "web", "nope"};
    private static final int[] PORTS = {53, 443, 5000, 5432, 6379, 6380, 8080, 8081, 9000, 9090, 9091, 9999};

    private final Random random;

    private RandomPolicies(long seed) {
        this.random = new Random(seed);
    }

    /** {@code base} with its policies replaced by {@code count} random ones. */
    public static ClusterSnapshot replacePolicies(ClusterSnapshot base, int count, long seed) {
        RandomPolicies r = new RandomPolicies(seed);
        List<String> namespaces = base.namespaces().stream().map(NamespaceInfo::name).toList();
        List<Policy> policies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            policies.add(r.policy(namespaces.get(r.random.nextInt(namespaces.size())), "rnd-" + i));
        }
        return ClusterSnapshot.of(base.namespaces(), base.pods(), base.nodes(), policies);
    }

    /** One random policy {@code ns/name} (every peer, port and selector form; see the class comment). */
    public static Policy policy(String ns, String name, long seed) {
        return new RandomPolicies(seed).policy(ns, name);
    }

    /** Ports worth probing against these policies. */
    public static Set<String> probePorts() {
        return Set.of("tcp:53", "udp:53", "tcp:443", "udp:5000", "tcp:5432", "tcp:6379", "udp:6380", "tcp:8080", "tcp:8081",
                "tcp:9000", "tcp:9090", "tcp:9091", "sctp:9999", "tcp:9999", "udp:9090", "tcp:7");
    }

    private Policy policy(String ns, String name) {
        Set<Direction> types = switch (random.nextInt(3)) {
            case 0 -> EnumSet.of(Direction.INGRESS);
            case 1 -> EnumSet.of(Direction.EGRESS);
            default -> EnumSet.of(Direction.INGRESS, Direction.EGRESS);
        };
        return new Policy(ns, name, selector(POD_LABELS, 0.3), types, rules(), rules());
    }

    private List<PolicyRule> rules() {
        int n = random.nextInt(4); // 0 = deny all in that direction
        List<PolicyRule> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new PolicyRule(peers(), ports()));
        }
        return out;
    }

    private List<Peer> peers() {
        int n = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(2);
        List<Peer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(5)) {
                case 0 -> out.add(new SelectorPeer(selector(POD_LABELS, 0.3), null));
                case 1 -> out.add(new SelectorPeer(null, selector(NS_LABELS, 0.3)));
                case 2 -> out.add(new SelectorPeer(selector(POD_LABELS, 0.3), selector(NS_LABELS, 0.3)));
                case 3 -> out.add(ipBlock4());
                default -> out.add(random.nextBoolean() ? ipBlock6() : ipBlock4());
            }
        }
        return out;
    }

    private IpBlockPeer ipBlock4() {
        return switch (random.nextInt(4)) {
            case 0 -> new IpBlockPeer(Cidr.of("0.0.0.0/0"), List.of(Cidr.of("10.100.0.0/16")));
            case 1 -> new IpBlockPeer(Cidr.of("10.100.0.0/16"), List.of(Cidr.of("10.100.2.0/23"), Cidr.of("10.100.0.2/32")));
            case 2 -> new IpBlockPeer(Cidr.of("192.168.0.0/24"), List.of());
            default -> new IpBlockPeer(Cidr.of("10.100.0.0/23"), List.of());
        };
    }

    private IpBlockPeer ipBlock6() {
        return random.nextBoolean() ? new IpBlockPeer(Cidr.of("::/0"), List.of(Cidr.of("fd00:10:65::/64")))
                : new IpBlockPeer(Cidr.of("fd00:10::/32"), List.of(Cidr.of("fd00:10:64::2/128")));
    }

    private List<PortSpec> ports() {
        int n = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(2);
        List<PortSpec> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Protocol proto = switch (random.nextInt(6)) {
                case 0, 1, 2 -> Protocol.TCP;
                case 3, 4 -> Protocol.UDP;
                default -> Protocol.SCTP;
            };
            switch (random.nextInt(5)) {
                case 0 -> out.add(PortSpec.allPorts(proto));
                case 1 -> out.add(PortSpec.named(proto, PORT_NAMES[random.nextInt(PORT_NAMES.length)]));
                case 2 -> {
                    int p = PORTS[random.nextInt(PORTS.length)];
                    out.add(PortSpec.range(proto, p, p + random.nextInt(2000)));
                }
                default -> out.add(PortSpec.number(proto, PORTS[random.nextInt(PORTS.length)]));
            }
        }
        return out;
    }

    private LabelSelector selector(String[][] vocabulary, double emptyChance) {
        if (random.nextDouble() < emptyChance) {
            return LabelSelector.EVERYTHING;
        }
        Map<String, String> labels = new java.util.TreeMap<>();
        List<SelectorRequirement> exprs = new ArrayList<>();
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            String[] kv = vocabulary[random.nextInt(vocabulary.length)];
            switch (random.nextInt(5)) {
                case 0, 1 -> labels.put(kv[0], kv[1]);
                case 2 -> exprs.add(new SelectorRequirement(kv[0], Operator.IN, List.of(kv[1], vocabulary[random.nextInt(vocabulary.length)][1])));
                case 3 -> exprs.add(new SelectorRequirement(kv[0], Operator.NOT_IN, List.of(kv[1])));
                default -> exprs.add(new SelectorRequirement(kv[0], random.nextBoolean() ? Operator.EXISTS : Operator.DOES_NOT_EXIST, List.of()));
            }
        }
        return new LabelSelector(labels, exprs);
    }
}
