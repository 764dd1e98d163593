package io.netfence.admin.demo;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small but realistic cluster: 3 nodes with pod CIDRs, an ingress controller, a web frontend, a backend of
 * APIs and workers, a data tier, monitoring and kube-system (kube-dns, hostNetwork daemons), with the labels and
 * named container ports such workloads carry, and a few NetworkPolicies. Deterministic.
 */
public final class DemoClusterSeed {

    public static final List<String> NODES = List.of("node-1", "node-2", "node-3");

    private record Port(String name, int number, String protocol) {
    }

    private record App(String namespace, String name, int replicas, Map<String, String> labels, List<Port> ports,
                       boolean hostNetwork, boolean daemon) {
    }

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private DemoClusterSeed() {
    }

    public static void seed(KubernetesClient client) {
        seed(client, 0);
    }

    /**
     * The demo cluster, grown to about {@code pods} pods when that is more than the demo's own: extra team
     * namespaces of web/api/db apps spread over 7 more nodes, each namespace with the usual policies
     * (default deny, same-namespace, ingress controller to web, DNS egress). For trying the console at scale.
     */
    public static void seed(KubernetesClient client, int pods) {
        seedDemo(client);
        int existing = client.pods().inAnyNamespace().list().getItems().size();
        if (pods > existing) {
            grow(client, pods - existing);
        }
    }

    private static void seedDemo(KubernetesClient client) {
        for (int i = 0; i < NODES.size(); i++) {
            client.nodes().resource(new NodeBuilder()
                    .withNewMetadata().withName(NODES.get(i))
                    .addToLabels("kubernetes.io/hostname", NODES.get(i)).addToLabels("kubernetes.io/os", "linux")
                    .addToLabels("topology.kubernetes.io/zone", "zone-" + (char) ('a' + i)).endMetadata()
                    .withNewSpec().withPodCIDR(podCidr(i)).withPodCIDRs(podCidr(i)).endSpec()
                    .withNewStatus().addNewAddress().withType("InternalIP").withAddress(nodeAddress(i)).endAddress()
                    .addNewAddress().withType("Hostname").withAddress(NODES.get(i)).endAddress().endStatus()
                    .build()).create();
        }
        namespace(client, "frontend", Map.of("team", "web", "env", "prod"));
        namespace(client, "backend", Map.of("team", "api", "env", "prod"));
        namespace(client, "data", Map.of("team", "data", "env", "prod"));
        namespace(client, "monitoring", Map.of("team", "platform"));
        namespace(client, "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx", "team", "platform"));
        namespace(client, "kube-system", Map.of());

        Random random = new Random(7);
        int[] nextHost = {10, 10, 10};
        int round = 0;
        for (App app : apps()) {
            String hash = suffix(random, 10);
            for (int r = 0; r < app.replicas(); r++) {
                int node = app.daemon() ? r % NODES.size() : round++ % NODES.size();
                String name = app.daemon() ? app.name() + "-" + suffix(random, 5)
                        : app.name().endsWith("-0") ? app.name().substring(0, app.name().length() - 2) + "-" + r
                        : app.name() + "-" + hash + "-" + suffix(random, 5);
                String ip = app.hostNetwork() ? nodeAddress(node) : "10.244." + (node + 1) + "." + nextHost[node]++;
                Map<String, String> labels = new LinkedHashMap<>(app.labels());
                if (!app.daemon() && !app.name().endsWith("-0")) {
                    labels.put("pod-template-hash", hash);
                }
                List<ContainerPort> ports = new ArrayList<>();
                for (Port p : app.ports()) {
                    ports.add(new ContainerPortBuilder().withName(p.name()).withContainerPort(p.number())
                            .withProtocol(p.protocol()).build());
                }
                // the owner a controller would set: DaemonSet, StatefulSet, or the Deployment's ReplicaSet <name>-<pod-template-hash>
                String ownerKind = app.daemon() ? "DaemonSet" : app.name().endsWith("-0") ? "StatefulSet" : "ReplicaSet";
                String ownerName = app.daemon() ? app.name() : app.name().endsWith("-0")
                        ? app.name().substring(0, app.name().length() - 2) : app.name() + "-" + hash;
                client.pods().inNamespace(app.namespace()).resource(new PodBuilder()
                        .withNewMetadata().withName(name).withNamespace(app.namespace()).withLabels(labels)
                        .addNewOwnerReference().withApiVersion("apps/v1").withKind(ownerKind).withName(ownerName)
                        .withUid(java.util.UUID.nameUUIDFromBytes((app.namespace() + "/" + ownerName).getBytes()).toString())
                        .withController(true).endOwnerReference().endMetadata()
                        .withNewSpec().withNodeName(NODES.get(node)).withHostNetwork(app.hostNetwork())
                        .addNewContainer().withName(app.name().replace("-0", "")).withImage("registry.example/" + app.name() + ":1.0")
                        .withPorts(ports).endContainer().endSpec()
                        .withNewStatus().withPhase("Running").withPodIP(ip).addNewPodIP().withIp(ip).endPodIP()
                        .withHostIP(nodeAddress(node)).endStatus()
                        .build()).create();
            }
        }
        for (NetworkPolicy np : policies()) {
            client.network().v1().networkPolicies().inNamespace(np.getMetadata().getNamespace()).resource(np).create();
        }
    }

    private static void grow(KubernetesClient client, int extraPods) {
        int nodes = 10;
        for (int i = NODES.size(); i < nodes; i++) {
            String name = "node-" + (i + 1);
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
                    .withNewSpec().withPodCIDR(podCidr(i)).withPodCIDRs(podCidr(i)).endSpec()
                    .withNewStatus().addNewAddress().withType("InternalIP").withAddress(nodeAddress(i)).endAddress().endStatus()
                    .build()).create();
        }
        String[][] apps = {{"web", "frontend", "http", "8080"}, {"api", "backend", "http", "8080"}, {"db", "data", "postgres", "5432"}};
        int perNamespace = 48;
        int created = 0;
        int[] nextHost = new int[nodes];
        java.util.Arrays.fill(nextHost, 100);
        for (int ns = 1; created < extraPods; ns++) {
            String namespace = String.format("team-%02d", ns);
            namespace(client, namespace, Map.of("team", "team-" + ns, "env", ns % 3 == 0 ? "staging" : "prod"));
            for (int i = 0; i < perNamespace && created < extraPods; i++, created++) {
                String[] app = apps[i % apps.length];
                int node = created % nodes;
                int host = nextHost[node]++;
                String ip = "10.244." + (node + 1) + "." + host;
                if (host > 254) {
                    ip = "10.245." + (node + 1) + "." + (host - 254);
                }
                client.pods().inNamespace(namespace).resource(new PodBuilder()
                        .withNewMetadata().withName(app[0] + "-" + i).withNamespace(namespace)
                        .addToLabels("app", app[0]).addToLabels("tier", app[1]).endMetadata()
                        .withNewSpec().withNodeName("node-" + (node + 1)).addNewContainer().withName(app[0]).withImage("registry.example/" + app[0])
                        .addNewPort().withName(app[2]).withContainerPort(Integer.parseInt(app[3])).withProtocol("TCP").endPort().endContainer().endSpec()
                        .withNewStatus().withPhase("Running").withPodIP(ip).addNewPodIP().withIp(ip).endPodIP().endStatus().build()).create();
            }
            for (NetworkPolicy np : teamPolicies(namespace)) {
                client.network().v1().networkPolicies().inNamespace(namespace).resource(np).create();
            }
        }
    }

    private static List<NetworkPolicy> teamPolicies(String ns) {
        return List.of(
                new NetworkPolicyBuilder().withNewMetadata().withNamespace(ns).withName("default-deny").endMetadata()
                        .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress", "Egress").endSpec().build(),
                new NetworkPolicyBuilder().withNewMetadata().withNamespace(ns).withName("allow-same-namespace").endMetadata()
                        .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress")
                        .addNewIngress().withFrom(new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelectorBuilder().build()).build()).endIngress()
                        .endSpec().build(),
                new NetworkPolicyBuilder().withNewMetadata().withNamespace(ns).withName("web-from-ingress").endMetadata()
                        .withNewSpec().withNewPodSelector().addToMatchLabels("app", "web").endPodSelector().withPolicyTypes("Ingress")
                        .addNewIngress().withFrom(new NetworkPolicyPeerBuilder().withNamespaceSelector(
                                new LabelSelectorBuilder().addToMatchLabels("kubernetes.io/metadata.name", "ingress-nginx").build()).build())
                        .withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString("http")).build()).endIngress()
                        .endSpec().build(),
                new NetworkPolicyBuilder().withNewMetadata().withNamespace(ns).withName("allow-dns-and-peers").endMetadata()
                        .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Egress")
                        .addNewEgress().withTo(new NetworkPolicyPeerBuilder()
                                .withNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("kubernetes.io/metadata.name", "kube-system").build())
                                .withPodSelector(new LabelSelectorBuilder().addToMatchLabels("k8s-app", "kube-dns").build()).build())
                        .withPorts(new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(53)).build()).endEgress()
                        .addNewEgress().withTo(new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelectorBuilder().build()).build()).endEgress()
                        .endSpec().build());
    }

    static String podCidr(int node) {
        return "10.244." + (node + 1) + ".0/24";
    }

    static String nodeAddress(int node) {
        return "192.168.56." + (11 + node);
    }

    private static void namespace(KubernetesClient client, String name, Map<String, String> labels) {
        Map<String, String> l = new LinkedHashMap<>(labels);
        l.put("kubernetes.io/metadata.name", name);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(l).endMetadata().build()).create();
    }

    private static String suffix(Random random, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<App> apps() {
        Port metrics = new Port("metrics", 9090, "TCP");
        return List.of(
                new App("ingress-nginx", "ingress-nginx-controller", 2,
                        labels("app.kubernetes.io/name", "ingress-nginx", "app.kubernetes.io/component", "controller"),
                        List.of(new Port("http", 80, "TCP"), new Port("https", 443, "TCP"), new Port("metrics", 10254, "TCP")), false, false),
                new App("frontend", "web", 4, labels("app", "web", "tier", "frontend", "version", "v2"),
                        List.of(new Port("http", 8080, "TCP"), metrics), false, false),
                new App("frontend", "storefront", 3, labels("app", "storefront", "tier", "frontend"),
                        List.of(new Port("http", 3000, "TCP")), false, false),
                new App("backend", "api", 4, labels("app", "api", "tier", "backend"),
                        List.of(new Port("http", 8080, "TCP"), new Port("grpc", 9000, "TCP"), metrics), false, false),
                new App("backend", "orders", 3, labels("app", "orders", "tier", "backend"),
                        List.of(new Port("http", 8080, "TCP"), metrics), false, false),
                new App("backend", "payments", 2, labels("app", "payments", "tier", "backend", "pci", "true"),
                        List.of(new Port("https", 8443, "TCP")), false, false),
                new App("backend", "worker", 3, labels("app", "worker", "tier", "backend"), List.of(metrics), false, false),
                new App("data", "postgres-0", 3, labels("app", "postgres", "tier", "db", "role", "replica"),
                        List.of(new Port("postgres", 5432, "TCP")), false, false),
                new App("data", "redis", 3, labels("app", "redis", "tier", "cache"), List.of(new Port("redis", 6379, "TCP")), false, false),
                new App("data", "kafka-0", 3, labels("app", "kafka", "tier", "queue"),
                        List.of(new Port("kafka", 9092, "TCP"), new Port("metrics", 9308, "TCP")), false, false),
                new App("monitoring", "prometheus-0", 2, labels("app.kubernetes.io/name", "prometheus"), List.of(new Port("web", 9090, "TCP")), false, false),
                new App("monitoring", "grafana", 1, labels("app.kubernetes.io/name", "grafana"), List.of(new Port("http", 3000, "TCP")), false, false),
                new App("monitoring", "node-exporter", 3, labels("app.kubernetes.io/name", "node-exporter"),
                        List.of(new Port("metrics", 9100, "TCP")), true, true),
                new App("kube-system", "coredns", 2, labels("k8s-app", "kube-dns"),
                        List.of(new Port("dns", 53, "UDP"), new Port("dns-tcp", 53, "TCP"), new Port("metrics", 9153, "TCP")), false, false),
                new App("kube-system", "kube-proxy", 3, labels("k8s-app", "kube-proxy"), List.of(), true, true),
                new App("kube-system", "metrics-server", 1, labels("k8s-app", "metrics-server"),
                        List.of(new Port("https", 10250, "TCP")), false, false));
    }

    private static List<NetworkPolicy> policies() {
        NetworkPolicy web = new NetworkPolicyBuilder().withNewMetadata().withNamespace("frontend").withName("web-allow-ingress-controller").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "web").endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress().withFrom(new NetworkPolicyPeerBuilder().withNamespaceSelector(
                        new LabelSelectorBuilder().addToMatchLabels("kubernetes.io/metadata.name", "ingress-nginx").build()).build())
                .withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString("http")).build()).endIngress()
                .addNewIngress().withFrom(new NetworkPolicyPeerBuilder().withNamespaceSelector(
                        new LabelSelectorBuilder().addToMatchLabels("kubernetes.io/metadata.name", "monitoring").build()).build())
                .withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString("metrics")).build()).endIngress()
                .endSpec().build();
        NetworkPolicy postgres = new NetworkPolicyBuilder().withNewMetadata().withNamespace("data").withName("postgres-from-backend").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "postgres").endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress().withFrom(new NetworkPolicyPeerBuilder()
                        .withNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("team", "api").build())
                        .withPodSelector(new LabelSelectorBuilder().addToMatchLabels("tier", "backend").build()).build())
                .withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString("postgres")).build()).endIngress()
                .endSpec().build();
        NetworkPolicy redis = new NetworkPolicyBuilder().withNewMetadata().withNamespace("data").withName("redis-from-backend").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "redis").endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress().withFrom(new NetworkPolicyPeerBuilder()
                        .withNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("team", "api").build()).build())
                .withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(6379)).build()).endIngress()
                .endSpec().build();
        NetworkPolicy payments = new NetworkPolicyBuilder().withNewMetadata().withNamespace("backend").withName("payments-from-orders").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "payments").endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .addNewIngress().withFrom(new NetworkPolicyPeerBuilder()
                        .withPodSelector(new LabelSelectorBuilder().addToMatchLabels("app", "orders").build()).build())
                .withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString("https")).build()).endIngress()
                .addNewEgress().withTo(new NetworkPolicyPeerBuilder()
                        .withNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("kubernetes.io/metadata.name", "kube-system").build())
                        .withPodSelector(new LabelSelectorBuilder().addToMatchLabels("k8s-app", "kube-dns").build()).build())
                .withPorts(new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(53)).build(),
                        new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(53)).build()).endEgress()
                .addNewEgress().withTo(new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("203.0.113.0/24").endIpBlock().build())
                .withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(443)).build()).endEgress()
                .endSpec().build();
        // a realistic mistake for the linter to point out: two peers (OR) where one peer with both selectors (AND) was meant
        NetworkPolicy grafana = new NetworkPolicyBuilder().withNewMetadata().withNamespace("monitoring").withName("grafana-from-platform").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app.kubernetes.io/name", "grafana").endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress().withFrom(
                        new NetworkPolicyPeerBuilder().withNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("team", "platform").build()).build(),
                        new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelectorBuilder().addToMatchLabels("app.kubernetes.io/component", "controller").build()).build())
                .withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString("http")).build()).endIngress()
                .endSpec().build();
        return List.of(web, postgres, redis, payments, grafana);
    }
}
