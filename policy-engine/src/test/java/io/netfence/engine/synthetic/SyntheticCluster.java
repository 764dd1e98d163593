package io.netfence.engine.synthetic;

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
import io.netfence.engine.model.SelectorRequirement.Operator;
import io.netfence.engine.snapshot.ClusterSnapshot;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A seeded generator of realistic clusters: namespaces owned by teams and environments, apps of a few tiers
 * (web, api, db, cache, worker) with the container ports such apps have (named {@code http}, {@code grpc},
 * {@code postgres}, {@code redis}, {@code metrics}), pods spread over nodes, and the policy shapes clusters
 * really use (default deny, same-namespace allow by tier, cross-namespace by team label, DNS egress, internet
 * egress with private ranges excepted, named ports, port ranges, set-based selectors, monitoring scrapes).
 * The same parameters and seed always give the same cluster.
 */
public final class SyntheticCluster {

    /**
     * @param pods        number of pods
     * @param policies    number of NetworkPolicies
     * @param nodes       number of nodes
     * @param namespaces  number of application namespaces (plus kube-system and monitoring)
     * @param ipv6Share   fraction of pods that also get an IPv6 address (0 = single stack)
     * @param seed        random seed
     */
    public record Params(int pods, int policies, int nodes, int namespaces, double ipv6Share, long seed) {

        /** The benchmark's cluster: 10,000 pods, 1,000 policies, 50 nodes. */
        public static Params large(long seed) {
            return new Params(10_000, 1_000, 50, 100, 0.0, seed);
        }

        /** A small cluster for property tests (every pod pair can be probed). */
        public static Params small(long seed) {
            return new Params(14, 8, 3, 3, 0.3, seed);
        }
    }

    private static final String[] TIERS = {"web", "api", "db", "cache", "worker"};
    private static final String[] ENVS = {"prod", "staging", "dev"};

    private final Params params;
    private final Random random;
    private final List<NamespaceInfo> namespaces = new ArrayList<>();
    private final List<String> appNamespaces = new ArrayList<>();
    private final Map<String, List<String>> appsByNamespace = new LinkedHashMap<>();
    private final Map<String, String> tierOfApp = new LinkedHashMap<>();
    private final List<NodeInfo> nodes = new ArrayList<>();
    private final List<PodInfo> pods = new ArrayList<>();
    private final List<Policy> policies = new ArrayList<>();

    private SyntheticCluster(Params params) {
        this.params = params;
        this.random = new Random(params.seed());
    }

    public static ClusterSnapshot generate(Params params) {
        SyntheticCluster c = new SyntheticCluster(params);
        c.generateNamespaces();
        c.generateNodes();
        c.generatePods();
        c.generatePolicies();
        return ClusterSnapshot.of(c.namespaces, c.pods, c.nodes, c.policies);
    }

    /** The name of node {@code i}: {@code node-00}, {@code node-01}, ... */
    public static String nodeName(int i) {
        return String.format("node-%02d", i);
    }

    private void generateNamespaces() {
        namespaces.add(new NamespaceInfo("kube-system", Map.of()));
        namespaces.add(new NamespaceInfo("monitoring", Map.of("team", "monitoring")));
        for (int i = 0; i < params.namespaces(); i++) {
            String name = String.format("team%d-%s-%02d", i % 10, ENVS[i % ENVS.length], i);
            namespaces.add(new NamespaceInfo(name, Map.of("team", "team" + (i % 10), "env", ENVS[i % ENVS.length])));
            appNamespaces.add(name);
        }
    }

    private void generateNodes() {
        for (int i = 0; i < params.nodes(); i++) {
            List<String> cidrs = new ArrayList<>(List.of(podCidr4(i)));
            if (params.ipv6Share() > 0) {
                cidrs.add("fd00:10:" + Integer.toHexString(100 + i) + "::/64");
            }
            nodes.add(new NodeInfo(nodeName(i), List.of("192.168." + (i / 200) + "." + (10 + i % 200)), cidrs));
        }
    }

    private static String podCidr4(int node) {
        return "10." + (100 + node / 100) + "." + (node % 100) * 2 + ".0/23";
    }

    private void generatePods() {
        int[] nextHost = new int[params.nodes()];
        // kube-dns and a scraper, so DNS egress and monitoring ingress policies have real peers.
        addPod("kube-system", "coredns-0", Map.of("k8s-app", "kube-dns"),
                List.of(new ContainerPortInfo("dns", 53, Protocol.UDP), new ContainerPortInfo("dns-tcp", 53, Protocol.TCP)), nextHost);
        addPod("monitoring", "prometheus-0", Map.of("app", "prometheus"), List.of(new ContainerPortInfo("web", 9090, Protocol.TCP)), nextHost);
        int remaining = Math.max(0, params.pods() - 2);
        int perNamespace = Math.max(1, remaining / Math.max(1, appNamespaces.size()));
        int n = 0;
        for (int nsIndex = 0; nsIndex < appNamespaces.size() && n < remaining; nsIndex++) {
            String ns = appNamespaces.get(nsIndex);
            int quota = nsIndex == appNamespaces.size() - 1 ? remaining - n : Math.min(perNamespace, remaining - n);
            int appIndex = 0;
            while (quota > 0) {
                String tier = TIERS[appIndex % TIERS.length];
                String app = tier + "-" + appIndex;
                appsByNamespace.computeIfAbsent(ns, k -> new ArrayList<>()).add(app);
                tierOfApp.put(ns + "/" + app, tier);
                int replicas = Math.min(quota, 1 + random.nextInt(Math.max(1, Math.min(8, perNamespace / 3 + 1))));
                for (int r = 0; r < replicas; r++) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    labels.put("app", app);
                    labels.put("tier", tier);
                    labels.put("version", random.nextInt(4) == 0 ? "v2" : "v1");
                    if (random.nextInt(5) == 0) {
                        labels.put("canary", "true");
                    }
                    addPod(ns, app + "-" + Integer.toHexString(0x1000 + random.nextInt(0xefff)) + "-" + r, labels, portsOf(tier), nextHost);
                    n++;
                    quota--;
                }
                appIndex++;
            }
        }
    }

    private static List<ContainerPortInfo> portsOf(String tier) {
        return switch (tier) {
            case "web" -> List.of(new ContainerPortInfo("http", 8080, Protocol.TCP), new ContainerPortInfo("metrics", 9090, Protocol.TCP));
            case "api" -> List.of(new ContainerPortInfo("grpc", 9000, Protocol.TCP), new ContainerPortInfo("http", 8081, Protocol.TCP),
                    new ContainerPortInfo("metrics", 9090, Protocol.TCP));
            case "db" -> List.of(new ContainerPortInfo("postgres", 5432, Protocol.TCP));
            case "cache" -> List.of(new ContainerPortInfo("redis", 6379, Protocol.TCP), new ContainerPortInfo("stats", 6380, Protocol.UDP));
            default -> List.of(new ContainerPortInfo("metrics", 9091, Protocol.TCP));
        };
    }

    private void addPod(String ns, String name, Map<String, String> labels, List<ContainerPortInfo> ports, int[] nextHost) {
        int node = random.nextInt(params.nodes());
        int host = ++nextHost[node] + 1; // .1 is the pod CIDR gateway (the node)
        int base = (node % 100) * 2;
        String ip4 = "10." + (100 + node / 100) + "." + (base + host / 256) + "." + (host % 256);
        List<String> ips = new ArrayList<>(List.of(ip4));
        if (params.ipv6Share() > 0 && random.nextDouble() < params.ipv6Share()) {
            ips.add("fd00:10:" + Integer.toHexString(100 + node) + "::" + Integer.toHexString(host));
        }
        pods.add(new PodInfo(ns, name, labels, ips, nodeName(node), false, "Running", ports));
    }

    private void generatePolicies() {
        for (int i = 0; i < params.policies(); i++) {
            String ns = appNamespaces.get(random.nextInt(appNamespaces.size()));
            String name = "np-" + i;
            policies.add(policy(ns, name));
        }
    }

    private Policy policy(String ns, String name) {
        List<String> apps = appsByNamespace.getOrDefault(ns, List.of());
        String app = apps.isEmpty() ? "none" : apps.get(random.nextInt(apps.size()));
        String tier = tierOfApp.getOrDefault(ns + "/" + app, "web");
        LabelSelector appSel = LabelSelector.of(Map.of("app", app));
        int shape = random.nextInt(100);
        if (shape < 8) { // default deny ingress
            return new Policy(ns, name, LabelSelector.EVERYTHING, EnumSet.of(Direction.INGRESS), List.of(), List.of());
        }
        if (shape < 12) { // default deny egress, DNS allowed
            return new Policy(ns, name, LabelSelector.EVERYTHING, EnumSet.of(Direction.EGRESS), List.of(), List.of(dnsRule()));
        }
        if (shape < 40) { // same-namespace callers by tier, numbered or named port
            String from = tier.equals("db") || tier.equals("cache") ? "api" : "web";
            PortSpec port = random.nextBoolean() ? PortSpec.named(Protocol.TCP, namedPortOf(tier)) : PortSpec.number(Protocol.TCP, numberOf(tier));
            PolicyRule rule = new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("tier", from)), null)), List.of(port));
            return new Policy(ns, name, appSel, EnumSet.of(Direction.INGRESS), List.of(rule), List.of());
        }
        if (shape < 55) { // other teams' namespaces, optionally narrowed to a tier
            LabelSelector nsSel = LabelSelector.of(Map.of("team", "team" + random.nextInt(10)));
            LabelSelector podSel = random.nextBoolean() ? LabelSelector.of(Map.of("tier", "web")) : null;
            PolicyRule rule = new PolicyRule(List.of(new SelectorPeer(podSel, nsSel), new SelectorPeer(LabelSelector.of(Map.of("tier", "api")), null)),
                    List.of(PortSpec.number(Protocol.TCP, numberOf(tier)), PortSpec.number(Protocol.TCP, 9090)));
            return new Policy(ns, name, appSel, EnumSet.of(Direction.INGRESS), List.of(rule), List.of());
        }
        if (shape < 65) { // egress: same-namespace backends + DNS + internet except private ranges
            PolicyRule backends = new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("tier", random.nextBoolean() ? "db" : "cache")), null)), List.of());
            PolicyRule internet = new PolicyRule(List.of(new IpBlockPeer(Cidr.of("0.0.0.0/0"),
                    List.of(Cidr.of("10.0.0.0/8"), Cidr.of("172.16.0.0/12"), Cidr.of("192.168.0.0/16")))),
                    List.of(PortSpec.number(Protocol.TCP, 443)));
            return new Policy(ns, name, appSel, EnumSet.of(Direction.EGRESS), List.of(), List.of(backends, dnsRule(), internet));
        }
        if (shape < 75) { // set-based selectors
            LabelSelector target = new LabelSelector(Map.of(), List.of(new SelectorRequirement("tier", Operator.IN, List.of("web", "api"))));
            LabelSelector from = new LabelSelector(Map.of(), List.of(new SelectorRequirement("env", Operator.NOT_IN, List.of("dev"))));
            LabelSelector notCanary = new LabelSelector(Map.of(), List.of(new SelectorRequirement("canary", Operator.DOES_NOT_EXIST, List.of())));
            PolicyRule rule = new PolicyRule(List.of(new SelectorPeer(notCanary, from)), List.of(PortSpec.range(Protocol.TCP, 8000, 8100)));
            return new Policy(ns, name, target, EnumSet.of(Direction.INGRESS), List.of(rule), List.of());
        }
        if (shape < 85) { // monitoring scrapes named metrics port
            PolicyRule scrape = new PolicyRule(List.of(new SelectorPeer(LabelSelector.of(Map.of("app", "prometheus")),
                    LabelSelector.of(Map.of("team", "monitoring")))), List.of(PortSpec.named(Protocol.TCP, "metrics")));
            return new Policy(ns, name, LabelSelector.EVERYTHING, EnumSet.of(Direction.INGRESS), List.of(scrape), List.of());
        }
        if (shape < 92) { // ingress and egress in one policy, partner network by ipBlock
            IpBlockPeer block = random.nextBoolean()
                    ? new IpBlockPeer(Cidr.of("203.0." + random.nextInt(256) + ".0/24"), List.of())
                    : new IpBlockPeer(Cidr.of("10.100.0.0/16"), List.of(Cidr.of(podCidr4(random.nextInt(params.nodes())))));
            List<Peer> blocks = new ArrayList<>(List.of(block));
            if (params.ipv6Share() > 0) {
                blocks.add(new IpBlockPeer(Cidr.of("fd00:10::/32"), List.of(Cidr.of("fd00:10:" + Integer.toHexString(100 + random.nextInt(params.nodes())) + "::/64"))));
            }
            PolicyRule partner = new PolicyRule(blocks,
                    List.of(PortSpec.number(Protocol.TCP, 8080), PortSpec.number(Protocol.UDP, 5000)));
            PolicyRule intra = new PolicyRule(List.of(new SelectorPeer(LabelSelector.EVERYTHING, null)), List.of());
            return new Policy(ns, name, appSel, EnumSet.of(Direction.INGRESS, Direction.EGRESS), List.of(partner, intra), List.of(intra, dnsRule()));
        }
        if (shape < 96) { // allow all ingress to an app
            return new Policy(ns, name, appSel, EnumSet.of(Direction.INGRESS), List.of(new PolicyRule(List.of(), List.of())), List.of());
        }
        // node ports range from anywhere in the cluster
        PolicyRule rule = new PolicyRule(List.of(new SelectorPeer(null, LabelSelector.EVERYTHING)),
                List.of(PortSpec.range(Protocol.TCP, 30000, 32767), PortSpec.allPorts(Protocol.UDP)));
        return new Policy(ns, name, appSel, EnumSet.of(Direction.INGRESS), List.of(rule), List.of());
    }

    private static PolicyRule dnsRule() {
        SelectorPeer dns = new SelectorPeer(LabelSelector.of(Map.of("k8s-app", "kube-dns")),
                LabelSelector.of(Map.of(NamespaceInfo.NAME_LABEL, "kube-system")));
        return new PolicyRule(List.of(dns), List.of(PortSpec.number(Protocol.UDP, 53), PortSpec.number(Protocol.TCP, 53)));
    }

    private static String namedPortOf(String tier) {
        return switch (tier) {
            case "api" -> "grpc";
            case "db" -> "postgres";
            case "cache" -> "redis";
            case "worker" -> "metrics";
            default -> "http";
        };
    }

    private static int numberOf(String tier) {
        return switch (tier) {
            case "api" -> 9000;
            case "db" -> 5432;
            case "cache" -> 6379;
            case "worker" -> 9091;
            default -> 8080;
        };
    }

    /** Every distinct (protocol, port) a policy or container of the cluster mentions, for probing. */
    public static Set<String> probePorts() {
        return Set.of("tcp:8080", "tcp:8081", "tcp:9090", "tcp:9091", "tcp:9000", "tcp:5432", "tcp:6379", "udp:6380",
                "udp:53", "tcp:53", "tcp:443", "tcp:8050", "tcp:30080", "udp:5000", "tcp:22");
    }
}
